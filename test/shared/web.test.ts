import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { findRoute } from '../../shared/http/serve'
import { webRoutes } from '../../shared/http/web'
import {
  aandeelBehaald,
  actievePlannen,
  totaal,
  totaalTekst,
  type Cijfers,
} from '../../web/dashboard/cijfers'

const get = (path: string) => ({ url: path, method: 'GET' }) as IncomingMessage

function gebouwd() {
  const dir = mkdtempSync(join(tmpdir(), 'web-'))
  for (const page of ['dashboard', 'mijn']) {
    mkdirSync(join(dir, page))
    writeFileSync(join(dir, page, 'index.html'), `<!doctype html><title>${page}</title>`)
  }
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'assets', 'dashboard-AbC123.js'), 'export {}')
  return dir
}

describe('the web pages as gateway routes', () => {
  it('answers each page with its index.html, uncached, under a CSP that allows only the gateway', async () => {
    const routes = webRoutes(gebouwd())
    for (const path of ['/dashboard', '/dashboard/', '/mijn']) {
      const answer = await findRoute(routes, `GET ${path}`)!(get(path))
      expect(answer.status).toBe(200)
      expect(String(answer.body)).toContain(`<title>${path.split('/')[1]}</title>`)
      expect(answer.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      })
      expect(answer.headers!['content-security-policy']).toMatch(
        /default-src 'self'; script-src 'self'; style-src 'self'/,
      )
    }
  })

  it('serves hashed assets for a year, and nothing outside the assets folder', async () => {
    const routes = webRoutes(gebouwd())
    const asset = await findRoute(routes, 'GET /assets/dashboard-AbC123.js')!(
      get('/assets/dashboard-AbC123.js'),
    )
    expect(asset).toMatchObject({
      status: 200,
      headers: {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=31536000, immutable',
      },
    })
    for (const path of ['/assets/..%2Fmijn%2Findex.html', '/assets/missing.js', '/assets/a/b.js'])
      expect((await findRoute(routes, `GET ${path}`)!(get(path))).status).toBe(404)
    expect(findRoute(routes, 'GET /assets/')).toBeUndefined()
    expect(findRoute(routes, 'POST /assets/x.js')).toBeUndefined()
  })

  it('says the pages are not built instead of failing when the build is missing', async () => {
    const answer = await findRoute(webRoutes(join(tmpdir(), 'nowhere-built')), 'GET /mijn')!(get('/mijn'))
    expect(answer).toMatchObject({ status: 503, body: 'De pagina is niet gebouwd: npm run web:build.\n' })
  })
})

describe('the dashboard’s sums over figures of which some are hidden', () => {
  const cijfers: Cijfers = {
    gemeenten: ['0153'],
    actievePlannen: [
      { ondersteuningsbehoefte: 'VB-OB-01', niveau: 'A', aantal: 15 },
      { ondersteuningsbehoefte: 'VB-OB-01', niveau: 'B', aantal: null },
      { ondersteuningsbehoefte: 'VB-OB-02', niveau: 'A', aantal: 20 },
    ],
    toewijzingen: [],
    resultaten: [
      { ondersteuningsbehoefte: 'VB-OB-01', beoordeeld: 10, aandeelBehaald: 0.5 },
      { ondersteuningsbehoefte: 'VB-OB-02', beoordeeld: 30, aandeelBehaald: 0.9 },
      { ondersteuningsbehoefte: 'VB-OB-03', beoordeeld: null, aandeelBehaald: null },
    ],
  }

  it('shows a sum with hidden parts as such, never as if they were zero', () => {
    expect(totaalTekst(actievePlannen(cijfers, ''))).toBe('35 + verborgen')
    expect(totaalTekst(actievePlannen(cijfers, 'VB-OB-02'))).toBe('20')
    expect(totaalTekst(totaal([null, null]))).toBe('verborgen')
    expect(totaalTekst(totaal([]))).toBe('0')
  })

  it('weighs the share achieved by the number assessed, leaving out what is hidden', () => {
    expect(aandeelBehaald(cijfers, '')).toBeCloseTo((0.5 * 10 + 0.9 * 30) / 40)
    expect(aandeelBehaald(cijfers, 'VB-OB-03')).toBeNull()
  })
})
