import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // graphql ships both ESM and CommonJS; Apollo's packages load the CommonJS one. One copy
    // for everything, or schemas built by one are "from another realm" for the other.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Decorators read metadata as their module loads: every test file gets the polyfill first,
    // whichever module it happens to import first.
    setupFiles: ['reflect-metadata'],
    // The browser tests need Chromium: `npm run test:browser` (vitest.browser.config.ts).
    exclude: ['test/browser/**', 'node_modules/**'],
    pool: 'forks',
    // Suites start real servers and, on MariaDB, real databases: seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
})
