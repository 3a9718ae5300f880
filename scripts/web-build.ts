import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { WEB_DIST_DIR, WEB_PAGES } from '../shared/http/web'

// What the pages are built from: their sources, the schema their operations are typed against,
// and the installed packages.
const SOURCES = ['web', 'gateway/schema/api.graphql', 'package-lock.json']
const SKIP = new Set(['web/dist', 'web/generated'])

function newest(path: string): number {
  if (SKIP.has(path)) return 0
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
}

/** True when every page is built and no source is newer than the oldest page. */
export function webBuildIsCurrent(): boolean {
  const built = WEB_PAGES.map((p) => statSync(join(WEB_DIST_DIR, p, 'index.html'), { throwIfNoEntry: false }))
  if (built.some((s) => !s)) return false
  return Math.max(...SOURCES.map(newest)) <= Math.min(...built.map((s) => s!.mtimeMs))
}

/** Builds the pages (codegen, then Vite) when the build is missing or older than its sources. */
export function ensureWebBuild(log: (line: string) => void = console.log) {
  if (webBuildIsCurrent()) return
  log('building the web pages (npm run web:build) …')
  execFileSync('npm', ['run', '--silent', 'web:build'], { stdio: 'inherit' })
}
