import { defineConfig } from 'vitest/config'

// `npm run test:browser`: the web pages in Chromium from the machine's packages (CHROMIUM_PATH,
// else /usr/bin/chromium) against the whole stack started in-process. Not in `npm test`, which
// runs where only Node is installed.
export default defineConfig({
  resolve: {
    // One copy of graphql for everything, as in vitest.config.ts.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/browser/**/*.test.ts'],
    setupFiles: ['reflect-metadata'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
})
