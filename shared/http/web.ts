import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RouteAnswer, Routes } from './serve'

/** Where `npm run web:build` (Vite) writes the pages: web/dist/<page>/index.html and web/dist/assets/. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url))

/** The pages the gateway serves, each a folder of the Vite build. */
export const WEB_PAGES = ['dashboard', 'mijn'] as const

/**
 * Only the gateway's own files and its own GraphQL endpoint: no inline script or style, no
 * other origin, no framing. The token lives in the page's sessionStorage, so a script from
 * anywhere else must never run there.
 */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
}

// Vite names every asset after its content hash: a plain file name, never a path.
const ASSET_NAME = /^[A-Za-z0-9._-]+$/

/**
 * The built pages as gateway routes: `/dashboard` and `/mijn` answer their index.html (never
 * cached, so a new build shows at once), `/assets/*` the hashed files (cached for a year, as
 * their names change with their content). Files are read per request: a rebuild needs no restart.
 */
export function webRoutes(dir: string = WEB_DIST_DIR): Routes {
  const notBuilt: RouteAnswer = {
    status: 503,
    body: 'De pagina is niet gebouwd: npm run web:build.\n',
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  }
  const file = async (path: string, cacheControl: string): Promise<RouteAnswer | null> => {
    const body = await readFile(path).catch(() => null)
    if (!body) return null
    const ext = path.slice(path.lastIndexOf('.'))
    return {
      status: 200,
      body,
      headers: {
        ...PAGE_SECURITY_HEADERS,
        'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
        'cache-control': cacheControl,
      },
    }
  }
  const routes: Routes = {
    'GET /assets/*': async (req) => {
      const name = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.slice(8))
      const found = ASSET_NAME.test(name)
        ? await file(join(dir, 'assets', name), 'public, max-age=31536000, immutable')
        : null
      return found ?? { status: 404, body: { error: 'not found' } }
    },
  }
  for (const page of WEB_PAGES) {
    const index = async () => (await file(join(dir, page, 'index.html'), 'no-cache')) ?? notBuilt
    routes[`GET /${page}`] = index
    routes[`GET /${page}/`] = index
  }
  return routes
}
