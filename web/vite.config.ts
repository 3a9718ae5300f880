import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// One build for both pages: web/dist/dashboard/index.html, web/dist/mijn/index.html and the
// hashed files they share in web/dist/assets/, served by the gateway (shared/http/web.ts).
export default defineConfig({
  root: here('.'),
  base: '/',
  // JSX through Vite's own transform: no framework plugin needed for a build without hot reload.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // No inline script or style anywhere: the pages' CSP allows only files from the gateway.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { dashboard: here('dashboard/index.html'), mijn: here('mijn/index.html') },
    },
  },
  logLevel: 'warn',
})
