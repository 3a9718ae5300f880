import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Identity } from '../../shared/auth/identity'
import { vandaag } from '../../shared/domain/dates'
import { voorbeeldInwoner } from '../../scripts/start-page'
import { ensureWebBuild } from '../../scripts/web-build'
import { maand } from '../../web/shared/format'
import { identities, startTestStack, tokenFor, type TestStack } from '../harness/stack'
import { ernstigeToegankelijkheidsfouten, launchChromium, tabel } from './browser'

// The dashboard and the resident's page in Chromium, against the whole federation started
// in-process with the seeded data set: what the pages show is checked against what the graph
// answers, one gemeente is stopped, axe checks WCAG 2.1 AA, and the resident acts.

let stack: TestStack
let browser: Browser
const analist = identities.analist()
const medewerker = identities.medewerker('0153')
let inwoner: Identity & { id: string }

beforeAll(async () => {
  ensureWebBuild()
  stack = await startTestStack('browser', { inwoners: 40 })
  const { bsn, id } = await voorbeeldInwoner(stack.gemeente('0153').db, vandaag())
  inwoner = { sub: `digid-${bsn}`, naam: 'Inwoner', rol: 'INWONER', bsn, id }
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

/** A fresh tab signed in as the identity through the address's fragment, as the start page does. */
async function open(path: string, as: Identity): Promise<Page> {
  const page = await nieuwePagina()
  await page.goto(`${stack.gatewayUrl.replace(/\/$/, '')}${path}#token=${await tokenFor(as)}`)
  return page
}

/** A page in a context of its own (axe needs one): its own sessionStorage, as a new browser tab. */
const nieuwePagina = async () => (await browser.newContext()).newPage()

const getal = new Intl.NumberFormat('nl-NL')

/** What the dashboard must show for a sum of figures of which some may be hidden. */
function verwachtTotaal(waarden: (number | null)[]): string {
  const zichtbaar = waarden.filter((w): w is number => w !== null)
  if (waarden.length > 0 && zichtbaar.length === 0) return 'verborgen'
  const som = getal.format(zichtbaar.reduce((a, b) => a + b, 0))
  return zichtbaar.length < waarden.length ? `${som} + verborgen` : som
}

const CIJFERS = /* GraphQL */ `
  query BrowserCijfers($periode: Maandperiode) {
    regio {
      cijfers(periode: $periode) {
        wachttijden {
          agbCode
        }
        kostenPerResultaat {
          ondersteuningsbehoefte
        }
        gemeenten
        actievePlannen {
          ondersteuningsbehoefte
          niveau
          aantal
        }
      }
    }
    gemeenten {
      code
      naam
      ondersteuningsbehoeften {
        code
        naam
      }
      cijfers {
        actievePlannen {
          aantal
        }
      }
    }
    ondersteuningsbehoeften {
      code
      naam
    }
  }
`

describe('the regional dashboard', () => {
  it('shows the graph’s figures per gemeente and for the region, hidden counts as hidden, and passes axe', async () => {
    // The page's own default period: the last 12 months.
    const periode = { van: maand(new Date(), 11), tot: maand(new Date()) }
    const graaf = await stack.data(CIJFERS, { periode }, analist)
    const page = await open('/dashboard', analist)
    await page.getByTestId('tabel-vergelijking').waitFor()

    // The token left the address bar and stays for the tab.
    expect(page.url()).not.toContain('token')
    expect(await page.evaluate('sessionStorage.length')).toBe(1)

    const rijen = await tabel(page, 'tabel-vergelijking')
    expect(rijen.map((r) => [r[0], r[1]])).toEqual(
      graaf.gemeenten.map((g: { naam: string; cijfers: { actievePlannen: { aantal: number | null }[] } }) => [
        g.naam,
        verwachtTotaal(g.cijfers.actievePlannen.map((p) => p.aantal)),
      ]),
    )
    // Small counts exist in this data set, and the page says so rather than showing zero.
    expect(rijen.some((r) => r[1].includes('verborgen'))).toBe(true)

    // The region per need and level, as the graph sums and hides them.
    type Behoefte = { code: string; naam: string }
    const naam = new Map<string, string>(
      [
        ...graaf.ondersteuningsbehoeften,
        ...graaf.gemeenten.flatMap(
          (g: { ondersteuningsbehoeften: Behoefte[] | null }) => g.ondersteuningsbehoeften ?? [],
        ),
      ].map((b: Behoefte) => [b.code, b.naam]),
    )
    const regio = graaf.regio.cijfers.actievePlannen as {
      ondersteuningsbehoefte: string
      niveau: string
      aantal: number | null
    }[]
    const codes = [...new Set(regio.map((p) => p.ondersteuningsbehoefte))].sort()
    const perNiveau = await tabel(page, 'grafiek-plannen')
    expect(perNiveau).toEqual(
      codes.map((code) => [
        naam.get(code) ?? code,
        ...['A', 'B', 'C', 'D'].map((n) => {
          const p = regio.find((x) => x.ondersteuningsbehoefte === code && x.niveau === n)
          return !p ? '0' : p.aantal === null ? 'verborgen' : String(p.aantal)
        }),
      ]),
    )
    expect(await ernstigeToegankelijkheidsfouten(page)).toEqual([])

    // The figures to steer by: a row per provider with waits, per need and level with cost.
    expect((await tabel(page, 'tabel-wachttijden')).length).toBe(graaf.regio.cijfers.wachttijden.length)
    expect((await tabel(page, 'tabel-kosten')).length).toBe(graaf.regio.cijfers.kostenPerResultaat.length)
    await page.getByTestId('grafiek-maanden').waitFor()

    // By keyboard: the first Tab reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Direct naar de inhoud')
    await page.keyboard.press('Enter')
    expect(await page.evaluate('document.activeElement.id')).toBe('inhoud')

    // Choosing one need narrows the comparison to it.
    await page.getByLabel('Ondersteuningsbehoefte').selectOption(codes[0])
    await expect
      .poll(() => page.getByTestId('tabel-vergelijking').locator('caption').textContent())
      .toBe(`Gemeenten vergeleken, ${naam.get(codes[0]) ?? codes[0]}`)
    await page.context().close()
  })

  it('shows a gemeente that is down as unavailable while the rest of the page works', async () => {
    await stack.stopGemeente('0141')
    try {
      const page = await open('/dashboard', analist)
      await page.getByTestId('tabel-vergelijking').waitFor()
      await expect.poll(() => page.getByTestId('niet-beschikbaar').textContent()).toContain('Almelo (0141)')
      const rijen = await tabel(page, 'tabel-vergelijking')
      expect(rijen.find((r) => r[0] === 'Almelo')).toEqual(['Almelo', ...Array(4).fill('niet beschikbaar')])
      const enschede = rijen.find((r) => r[0] === 'Enschede')!
      expect(enschede[1]).toMatch(/^\d|verborgen/)
      // The region is still there, computed without Almelo.
      expect((await tabel(page, 'grafiek-plannen')).length).toBeGreaterThan(0)
      expect(await ernstigeToegankelijkheidsfouten(page)).toEqual([])
      await page.context().close()
    } finally {
      await stack.restartGemeente('0141')
    }
  })

  it('shows a toegangsmedewerker their own gemeente only', async () => {
    const page = await open('/dashboard', medewerker)
    await page.getByTestId('grafiek-plannen').waitFor()
    expect(await page.getByLabel('Gemeente', { exact: true }).locator('option').allTextContents()).toEqual([
      'Enschede (0153)',
    ])
    expect(await page.getByTestId('tabel-vergelijking').count()).toBe(0)
    expect(await ernstigeToegankelijkheidsfouten(page)).toEqual([])
    await page.context().close()
  })
})

const MIJ = /* GraphQL */ `
  query BrowserMij {
    mij(gemeenteCode: "0153") {
      inwoner {
        voornamen
      }
      plannen {
        status
        behoeften {
          id
        }
      }
      behoeften {
        id
        niveauUitleg
        gekozenDoor
        gekozenAanbieder {
          agbCode
          naam
        }
        resultaten {
          id
          uitkomst
        }
      }
      toewijzingen {
        id
      }
      toegangslog {
        totalCount
      }
    }
  }
`

describe('the resident’s own page', () => {
  it('shows the plan, the help and who read the data; the resident chooses a provider and says how it goes', async () => {
    // Staff reads of the resident, so that the access log has more entries than a page holds
    // (own reads are not logged).
    for (let i = 0; i < 21; i++)
      await stack.data(
        /* GraphQL */ `
          query Lezen($id: ID!) {
            inwoner(gemeenteCode: "0153", id: $id) {
              voornamen
            }
          }
        `,
        { id: inwoner.id },
        medewerker,
      )
    const voor = (await stack.data(MIJ, {}, inwoner)).mij
    const page = await open('/mijn?gemeente=0153', inwoner)
    await page.getByTestId('toewijzingen').waitFor()
    expect(page.url()).toMatch(/\/mijn\?gemeente=0153$/)
    await expect
      .poll(() => page.locator('.utrecht-paragraph--lead').textContent())
      .toContain(voor.inwoner.voornamen)

    const kaarten = page.getByTestId('behoefte')
    expect(await kaarten.count()).toBe(voor.behoeften.length)
    for (const b of voor.behoeften)
      await expect.poll(() => page.getByText(b.niveauUitleg).count()).toBeGreaterThan(0)
    expect((await tabel(page, 'toewijzingen')).length).toBe(voor.toewijzingen.length)
    expect((await tabel(page, 'toegangslog')).map((r) => [r[1], r[3]])).toContainEqual([
      'Toegangsmedewerker 0153 (Medewerker van de gemeente)',
      'Om te bepalen welke hulp u krijgt',
    ])
    // A page of the log, oldest first, and the rest on request.
    const { totalCount } = voor.toegangslog
    expect(totalCount).toBeGreaterThan(20)
    expect((await tabel(page, 'toegangslog')).length).toBe(20)
    await page.getByRole('button', { name: 'Meer tonen' }).click()
    await expect.poll(async () => (await tabel(page, 'toegangslog')).length).toBe(Math.min(totalCount, 40))
    expect(await ernstigeToegankelijkheidsfouten(page)).toEqual([])

    // A need in the running plan: choose another provider from the choice list.
    const lopend = new Set(
      voor.plannen
        .filter((p: { status: string }) => p.status === 'ACTIEF')
        .flatMap((p: { behoeften: { id: string }[] }) => p.behoeften.map((b) => b.id)),
    )
    const index = voor.behoeften.findIndex((b: { id: string }) => lopend.has(b.id))
    const behoefte = voor.behoeften[index]
    const kaart = kaarten.nth(index)
    await kaart.getByRole('button', { name: 'Bekijk de zorgaanbieders' }).click()
    const keuze = kaart.getByTestId('keuzelijst')
    await keuze.waitFor()
    expect(await ernstigeToegankelijkheidsfouten(page)).toEqual([])
    const kies = keuze.getByRole('button', { name: /^Kies / })
    expect(await kies.count()).toBeGreaterThan(0)
    const naam = (await kies.first().getAttribute('aria-label'))!.replace(/^Kies /, '')
    await kies.first().click()
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContain(`U hebt ${naam} gekozen. De gemeente regelt de rest.`)
    await expect
      .poll(() => kaart.textContent())
      .toContain(`Uw zorgaanbieder: ${naam}. U hebt deze zelf gekozen.`)
    const na = (await stack.data(MIJ, {}, inwoner)).mij
    const gekozen = na.behoeften.find((b: { id: string }) => b.id === behoefte.id)
    expect({ door: gekozen.gekozenDoor, naam: gekozen.gekozenAanbieder.naam }).toEqual({
      door: 'INWONER',
      naam,
    })

    // Say how a result is going.
    const open_ = behoefte.resultaten.findIndex((r: { uitkomst: string | null }) => !r.uitkomst)
    expect(open_).toBeGreaterThanOrEqual(0)
    const resultaat = kaart.getByTestId('resultaat').nth(open_)
    await resultaat.getByRole('button', { name: 'Zeg hoe het gaat' }).click()
    await resultaat.getByLabel('Hoe ver bent u? (0 tot en met 100 procent)').fill('60')
    await resultaat
      .getByLabel('Hoe gaat het? Schrijf het in een paar woorden.')
      .fill('Het gaat steeds beter.')
    await resultaat.getByRole('button', { name: 'Opslaan' }).click()
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContain('Dank u wel. Uw mening is opgeslagen.')
    await expect
      .poll(() => resultaat.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent)))
      .toContainEqual(expect.stringMatching(/U60%Het gaat steeds beter\.$/))
    await page.context().close()
  })

  it('asks a visitor without a token to sign in', async () => {
    const page = await nieuwePagina()
    await page.goto(`${stack.gatewayUrl}mijn`)
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Log eerst in met DigiD')
    expect(await ernstigeToegankelijkheidsfouten(page)).toEqual([])
    await page.context().close()
  })
})

describe('serving the pages', () => {
  it('sends the pages with a CSP that allows only the gateway itself, and hashed assets cacheable for a year', async () => {
    const html = await fetch(`${stack.gatewayUrl}dashboard`)
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(html.headers.get('cache-control')).toBe('no-cache')
    const asset = (await html.text()).match(/src="(\/assets\/[^"]+\.js)"/)![1]
    const js = await fetch(`${stack.gatewayUrl.replace(/\/$/, '')}${asset}`)
    expect(js.status).toBe(200)
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })
})
