import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { plusDagen, vandaag } from '../../shared/domain/dates'
import { duurBucket } from '../../shared/domain/statistiek'
import { herbouwCijfers } from '../../subgraphs/gemeente/cijfers/herbouw'
import { scrape, sumOf } from '../harness/metrics'
import { identities, startTestStack, type TestStack } from '../harness/stack'
import {
  GESTART,
  KEUZE_AANBIEDERS,
  KIEZEN,
  MELDING,
  PLAN,
  STAP,
  TOEWIJZEN,
  VASTSTELLEN,
} from '../harness/werkwijze'

// The figures' summary kept in the transaction of each change, walked through the gateway in
// Enschede: what each step adds, and that a rebuild from the raw rows gives the same summary.

let stack: TestStack
let volg = 0
const sleutel = () => `cf-${process.pid}-${Date.now()}-${volg++}`
const code = '0153'
const medewerker = identities.medewerker(code)
const dag = vandaag()
const maand = dag.slice(0, 7)

beforeAll(async () => {
  stack = await startTestStack('cijfers', { gemeenten: [code], inwoners: 40 })
})
afterAll(async () => {
  await stack?.stop()
})

type Rij = { soort: string; sleutel: string; maand: string; aantal: number; bedragCent: number }

async function samenvatting(): Promise<Rij[]> {
  const rijen = await stack
    .gemeente(code)
    .db.query(
      'SELECT soort, sleutel, maand, aantal, bedragCent FROM cijfer_telling WHERE aantal <> 0 OR bedragCent <> 0 ORDER BY soort, sleutel, maand',
    )
  return rijen.map((r: Rij) => ({ ...r, aantal: Number(r.aantal), bedragCent: Number(r.bedragCent) }))
}

/** What changed between two summaries, as `soort sleutel maand` → [aantal, bedragCent]. */
function verschil(voor: Rij[], na: Rij[]): Record<string, [number, number]> {
  const k = (r: Rij) => `${r.soort} ${r.sleutel} ${r.maand}`
  const uit: Record<string, [number, number]> = {}
  for (const r of na) uit[k(r)] = [r.aantal, r.bedragCent]
  for (const r of voor) {
    const [a, b] = uit[k(r)] ?? [0, 0]
    uit[k(r)] = [a - r.aantal, b - r.bedragCent]
  }
  return Object.fromEntries(Object.entries(uit).filter(([, [a, b]]) => a !== 0 || b !== 0))
}

const ZONDER_PLAN = /* GraphQL */ `
  mutation ZonderPlan($g: ID!, $m: ID!, $k: String!) {
    meldingAfsluitenZonderPlan(gemeenteCode: $g, meldingId: $m, idempotentieSleutel: $k) {
      status
    }
  }
`
const BEHOEFTE = /* GraphQL */ `
  mutation BehoefteMetIds($g: ID!, $p: ID!, $v: Int!, $invoer: BehoefteInvoer!, $k: String!) {
    behoefteToevoegen(gemeenteCode: $g, planId: $p, versie: $v, invoer: $invoer, idempotentieSleutel: $k) {
      versie
      behoeften {
        id
        resultaten {
          id
        }
      }
    }
  }
`
const INTREKKEN = /* GraphQL */ `
  mutation Intrekken($g: ID!, $t: ID!, $v: ToewijzingInvoer, $k: String!) {
    toewijzingIntrekken(gemeenteCode: $g, toewijzingId: $t, vervanging: $v, idempotentieSleutel: $k) {
      status
    }
  }
`
const AANPASSEN = /* GraphQL */ `
  mutation Aanpassen($g: ID!, $p: ID!, $v: Int!, $a: PlanAanpassing!, $k: String!) {
    planAanpassen(
      gemeenteCode: $g
      planId: $p
      versie: $v
      reden: "Meer ondersteuning nodig."
      aanpassing: $a
      idempotentieSleutel: $k
    ) {
      versie
      toewijzingen {
        id
        status
        budgetCent
      }
    }
  }
`
const BEOORDELEN = /* GraphQL */ `
  mutation Beoordelen($g: ID!, $p: ID!, $v: Int!, $r: ID!, $k: String!) {
    resultaatBeoordelen(
      gemeenteCode: $g
      planId: $p
      versie: $v
      resultaatId: $r
      uitkomst: BEHAALD
      idempotentieSleutel: $k
    ) {
      versie
    }
  }
`

/** A household without an open plan or a test request, and its oldest member (an adult). */
async function vrijHuishouden(): Promise<{ huishoudenId: string; inwonerId: string }> {
  const [rij] = await stack.gemeente(code).db.query(
    `SELECT i.huishoudenId AS huishoudenId, i.id AS inwonerId FROM inwoner i
     WHERE i.geboortedatum < ?
       AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.huishoudenId = i.huishoudenId AND p.openSleutel IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM melding m WHERE m.huishoudenId = i.huishoudenId AND m.omschrijving LIKE 'Test:%')
     ORDER BY i.id LIMIT 1`,
    [plusDagen(dag, -30 * 366)],
  )
  return rij
}

/** A Wmo need with two levels and a provider contracted for both, from the regional catalogue. */
async function wisselbaar(): Promise<{ ob: string; van: string; naar: string; agb: string }> {
  const agbs = async (ob: string, n: string) =>
    (await stack.data(KEUZE_AANBIEDERS, { ob, n, d: dag }, medewerker)).keuzeAanbieders.edges.map(
      (e: { node: { agbCode: string } }) => e.node.agbCode,
    ) as string[]
  for (const ob of ['VB-OB-04', 'VB-OB-05', 'VB-OB-07'])
    for (const [van, naar] of [
      ['B', 'C'],
      ['C', 'D'],
      ['B', 'D'],
    ]) {
      const b = new Set(await agbs(ob, naar))
      const beide = (await agbs(ob, van)).filter((x) => b.has(x))
      if (beide.length) return { ob, van, naar, agb: beide[0] }
    }
  throw new Error('no provider contracted for two levels of a Wmo need in 0153')
}

async function melding(huishoudenId: string, datum: string): Promise<string> {
  const invoer = { huishoudenId, verwijzerType: 'GEMEENTE', omschrijving: 'Test: cijfers.', datum }
  return (await stack.data(MELDING, { g: code, invoer, k: sleutel() }, medewerker)).meldingRegistreren.id
}

async function stappen(m: string, welke: string[]) {
  for (const stap of welke) await stack.data(STAP, { g: code, m, stap, k: sleutel() }, medewerker)
}

describe('the figures’ summary', () => {
  it('counts each step of a walked workflow in its own transaction, and a rebuild from the rows gives the same', async () => {
    const voor = await samenvatting()
    const { ob, van, naar, agb } = await wisselbaar()
    const { huishoudenId, inwonerId } = await vrijHuishouden()
    const meldingDatum = plusDagen(dag, -40)

    // A request solved by the network, without paid support.
    const opgelost = await melding(huishoudenId, meldingDatum)
    await stappen(opgelost, ['EIGEN_KRACHT', 'NETWERK'])
    await stack.data(ZONDER_PLAN, { g: code, m: opgelost, k: sleutel() }, medewerker)

    // A request that leads to a plan, an allocation (once withdrawn and replaced), care, a higher
    // level (the running allocation replaced) and an achieved result.
    const m = await melding(huishoudenId, meldingDatum)
    await stappen(m, ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'])
    const plan = (await stack.data(PLAN, { g: code, m, d: plusDagen(dag, -10), k: sleutel() }, medewerker))
      .planOpstellen
    const invoer = {
      inwonerId,
      ondersteuningsbehoefte: ob,
      niveau: van,
      resultaten: [{ omschrijving: 'Test: houdt zelf het overzicht.', streefdatum: plusDagen(dag, 200) }],
    }
    const toegevoegd = (
      await stack.data(BEHOEFTE, { g: code, p: plan.id, v: plan.versie, invoer, k: sleutel() }, medewerker)
    ).behoefteToevoegen
    const behoefte = toegevoegd.behoeften[0]
    const vastgesteld = (
      await stack.data(VASTSTELLEN, { g: code, p: plan.id, v: toegevoegd.versie, k: sleutel() }, medewerker)
    ).planVaststellen
    await stack.data(KIEZEN, { g: code, b: behoefte.id, agb, d: dag, k: sleutel() }, medewerker)
    const toewijzing = {
      behoefteId: behoefte.id,
      productcategorie: 'WMO_BEGELEIDING',
      ingangsdatum: dag,
      einddatum: plusDagen(dag, 120),
      volume: 2,
      modules: [],
    }
    const fout = (await stack.data(TOEWIJZEN, { g: code, invoer: toewijzing, k: sleutel() }, medewerker))
      .toewijzen
    await stack.data(INTREKKEN, { g: code, t: fout.id, v: toewijzing, k: sleutel() }, medewerker)
    const [eerste] = await stack
      .gemeente(code)
      .db.query("SELECT id, budgetCent FROM toewijzing WHERE behoefteId = ? AND status = 'TOEGEWEZEN'", [
        behoefte.id,
      ])
    const aanbieder = identities.aanbieder(agb)
    await stack.data(GESTART, { g: code, t: eerste.id, d: dag, k: sleutel() }, aanbieder)
    const aangepast = (
      await stack.data(
        AANPASSEN,
        {
          g: code,
          p: plan.id,
          v: vastgesteld.versie,
          a: { niveaus: [{ behoefteId: behoefte.id, niveau: naar }] },
          k: sleutel(),
        },
        medewerker,
      )
    ).planAanpassen
    const vervanging = aangepast.toewijzingen.find((t: { status: string }) => t.status === 'TOEGEWEZEN')
    await stack.data(GESTART, { g: code, t: vervanging.id, d: dag, k: sleutel() }, aanbieder)
    await stack.data(
      BEOORDELEN,
      { g: code, p: plan.id, v: aangepast.versie, r: behoefte.resultaten[0].id, k: sleutel() },
      medewerker,
    )

    const na = await samenvatting()
    const wacht = duurBucket(40)
    const verwacht: Record<string, [number, number]> = {
      [`MELDINGEN ONTVANGEN ${meldingDatum.slice(0, 7)}`]: [2, 0],
      [`MELDINGEN NETWERK ${meldingDatum.slice(0, 7)}`]: [1, 0],
      [`DOORLOOP_MELDING_PLAN ${ob}|${wacht} ${maand}`]: [1, 0],
      // Withdrawn and replaced: one counts; then replaced at the new level: both count.
      [`TOEWIJZINGEN ${agb} ${maand}`]: [2, eerste.budgetCent + vervanging.budgetCent],
      [`DOORLOOP_PLAN_TOEWIJZING ${ob}|0 ${maand}`]: [2, 0],
      [`DOORLOOP_TOEWIJZING_START ${ob}|0 ${maand}`]: [1, 0],
      [`WACHTTIJD ${agb}|0 ${maand}`]: [1, 0],
      [`DOORLOOP_MELDING_START ${ob}|${wacht} ${maand}`]: [1, 0],
      [`NIVEAUWIJZIGINGEN ${ob}|OMHOOG ${maand}`]: [1, 0],
      [`RESULTATEN ${ob}|${naar}|BEHAALD ${maand}`]: [1, 0],
      // Active at the first level, then at the second: counted once, where it is now (a stock).
      [`ACTIEVE_PLANNEN ${ob}|${naar} `]: [1, 0],
    }
    expect(verschil(voor, na)).toEqual(verwacht)

    await stack.gemeente(code).db.transaction((tx) => herbouwCijfers(tx, code))
    expect(await samenvatting()).toEqual(na)
  })

  it('shows requests solved without paid support, for a gemeente and the region, with small counts hidden, month by month', async () => {
    // A month before any demo data: the figures are exactly these requests.
    const { huishoudenId } = await vrijHuishouden()
    const datum = '2020-03-10'
    for (let i = 0; i < 12; i++) {
      const m = await melding(huishoudenId, datum)
      if (i === 11) continue
      await stappen(m, i === 10 ? ['EIGEN_KRACHT', 'NETWERK'] : ['EIGEN_KRACHT'])
      await stack.data(ZONDER_PLAN, { g: code, m, k: sleutel() }, medewerker)
    }
    const meldingen = {
      ontvangen: 10,
      zonderMaatwerk: 10,
      // 11 of 12 (0.917) would tell the one request still open.
      aandeelZonderMaatwerk: null,
      eigenKracht: 10,
      netwerk: null,
      algemeneVoorziening: null,
    }
    const velden = `
      meldingen { ontvangen zonderMaatwerk aandeelZonderMaatwerk eigenKracht netwerk algemeneVoorziening }
      perMaand { maand meldingen { ontvangen eigenKracht } }
    `
    const eigen = await stack.data(
      /* GraphQL */ `
        query EigenCijfers {
          gemeente(code: "0153") { cijfers(periode: { van: "2020-03", tot: "2020-03" }) { ${velden} } }
        }
      `,
      {},
      medewerker,
    )
    const regio = await stack.data(
      /* GraphQL */ `
        query RegioCijfers {
          regio { cijfers(periode: { van: "2020-03", tot: "2020-03" }) { gemeenten ${velden} } }
        }
      `,
      {},
      identities.analist(),
    )
    const perMaand = [
      ...['04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => ({
        maand: `2019-${m}`,
        meldingen: { ontvangen: null, eigenKracht: null },
      })),
      { maand: '2020-01', meldingen: { ontvangen: null, eigenKracht: null } },
      { maand: '2020-02', meldingen: { ontvangen: null, eigenKracht: null } },
      { maand: '2020-03', meldingen: { ontvangen: 10, eigenKracht: 10 } },
    ]
    expect(eigen).toEqual({ gemeente: { cijfers: { meldingen, perMaand } } })
    expect(regio).toEqual({ regio: { cijfers: { gemeenten: [code], meldingen, perMaand } } })
  })

  it('shows a change in the region’s figures at once, though the counts and the figures are kept between questions', async () => {
    const { huishoudenId } = await vrijHuishouden()
    const datum = '2018-05-15'
    const ontvangen = async () => {
      const data = (await stack.data(
        /* GraphQL */ `
          query RegioMeldingen {
            regio {
              cijfers(periode: { van: "2018-05", tot: "2018-05" }) {
                meldingen {
                  ontvangen
                }
              }
            }
          }
        `,
        {},
        identities.analist(),
      )) as { regio: { cijfers: { meldingen: { ontvangen: number | null } } } }
      return data.regio.cijfers.meldingen.ontvangen
    }
    for (let i = 0; i < 10; i++) await melding(huishoudenId, datum)
    expect(await ontvangen()).toBe(10)
    // Asked again without a change: the same (from what the instance and the catalogue kept).
    expect(await ontvangen()).toBe(10)
    for (let i = 0; i < 5; i++) await melding(huishoudenId, datum)
    expect(await ontvangen()).toBe(15)
  })

  it('answers the region’s figures on the gateway’s own path once Apollo planned them, the same answer from the same fetches (R36)', async () => {
    // Three stages: the region (catalogue), each gemeente's counts with their versions (the
    // instances), the figures over those versions (the catalogue's fetch `@requires` them).
    const { huishoudenId } = await vrijHuishouden()
    const REGIO = /* GraphQL */ `
      query RegioFiguren {
        regio {
          cijfers(periode: { van: "2018-07", tot: "2018-07" }) {
            gemeenten
            meldingen {
              ontvangen
            }
          }
        }
      }
    `
    const tellers = async () => {
      const { samples } = await scrape(stack.gatewayUrl)
      return [
        sumOf(samples, 'gateway_single_fetch_requests_total', { result: 'direct' }),
        sumOf(samples, 'gateway_single_fetch_requests_total', { result: 'shaped' }),
        sumOf(samples, 'gateway_subgraph_fetches_total', { subgraph: 'gemeente' }),
        sumOf(samples, 'gateway_subgraph_fetches_total', { subgraph: 'catalogus' }),
      ]
    }
    const vraag = async () => {
      const voor = await tellers()
      const body = (await stack.query(REGIO, { as: identities.analist() })).body
      const na = await tellers()
      return { body, gedaan: na.map((n, i) => n - voor[i]) }
    }
    for (let i = 0; i < 10; i++) await melding(huishoudenId, '2018-07-02')
    const eerste = await vraag()
    expect(eerste.body.errors).toBeUndefined()
    expect(eerste.body.data?.regio.cijfers.meldingen.ontvangen).toBe(10)
    const tweede = await vraag()
    expect(JSON.stringify(tweede.body)).toBe(JSON.stringify(eerste.body))
    // The same fetches as Apollo's: one to the instance, the catalogue's no more than before.
    expect(tweede.gedaan.slice(0, 3)).toEqual([1, 0, 1])
    expect(tweede.gedaan[3]).toBeGreaterThan(0)
    expect(tweede.gedaan[3]).toBeLessThanOrEqual(eerste.gedaan[3])
    // New counts change the version the catalogue's fetch is sent with: the new figure at once
    // (published in steps of 5).
    for (let i = 0; i < 5; i++) await melding(huishoudenId, '2018-07-03')
    const derde = await vraag()
    expect(derde.body.data?.regio.cijfers.meldingen.ontvangen).toBe(15)
    expect(derde.gedaan.slice(0, 3)).toEqual([1, 0, 1])
  })

  it('sends a gemeente’s counts to the catalogue once per change, and leaves the catalogue’s cached entities alone', async () => {
    const { huishoudenId } = await vrijHuishouden()
    const REGIO = /* GraphQL */ `
      query RegioGemeenten {
        regio {
          cijfers {
            gemeenten
          }
        }
      }
    `
    const catalogus = stack.catalogus
    const versie = async () =>
      ((await (await fetch(new URL('/gegevensversie', catalogus.url))).json()) as { versie: string }).versie
    const ontvangen = () =>
      catalogus.db.query(
        'SELECT versie, ontvangenOp FROM regio_telling_deel WHERE gemeenteCode = ? ORDER BY ontvangenOp',
        [code],
      ) as Promise<{ versie: string; ontvangenOp: string }[]>
    await stack.data(REGIO, {}, identities.analist())
    const eerst = await ontvangen()
    const gegevens = await versie()
    expect(eerst.length).toBeGreaterThan(0)
    // Asked again without a change: nothing is sent again.
    await stack.data(REGIO, {}, identities.analist())
    expect(await ontvangen()).toEqual(eerst)
    await melding(huishoudenId, '2018-06-15')
    await stack.data(REGIO, {}, identities.analist())
    const daarna = await ontvangen()
    expect(new Set(daarna.map((r) => r.versie)).size).toBe(new Set(eerst.map((r) => r.versie)).size + 1)
    // The counts the catalogue received are not the catalogue's data: its cached entities stay.
    expect(await versie()).toBe(gegevens)
  })

  it('counts requests registered at the same moment each once, also when they add to the same new row', async () => {
    const { huishoudenId } = await vrijHuishouden()
    const datum = '2019-06-01'
    await Promise.all(Array.from({ length: 8 }, () => melding(huishoudenId, datum)))
    const [rij] = await stack
      .gemeente(code)
      .db.query(
        "SELECT aantal FROM cijfer_telling WHERE soort = 'MELDINGEN' AND sleutel = 'ONTVANGEN' AND maand = ?",
        ['2019-06'],
      )
    expect(Number(rij.aantal)).toBe(8)
  })

  it('refuses a period that is not a month, naming the field', async () => {
    const { body } = await stack.query(
      /* GraphQL */ `
        query Fout {
          regio {
            cijfers(periode: { van: "2020-3", tot: "2020-03" }) {
              gemeenten
            }
          }
        }
      `,
      { as: identities.analist() },
    )
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'periode.van' })
  })
})
