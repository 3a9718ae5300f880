import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { plusDagen, vandaag } from '../../shared/domain/dates'
import { Frequentie } from '../../shared/ijw/codes'
import { herbouwCijfers } from '../../subgraphs/gemeente/cijfers/herbouw'
import { budgetCent, moduleBedragCent } from '../../subgraphs/gemeente/toewijzing/budget'
import {
  identities,
  startTestStack,
  TEST_DATABASE_URL,
  type GraphQLResponseBody,
  type TestStack,
} from '../harness/stack'
import { totIemandWacht } from '../harness/locks'
import {
  BEEINDIGD,
  BEHOEFTE,
  GESTART,
  inwonerToken,
  KIEZEN,
  MELDING,
  PLAN,
  STAP,
  TOEWIJZEN,
  VASTSTELLEN,
} from '../harness/werkwijze'

// Money in the Twents model, through the gateway in Enschede: modules priced on the allocation,
// the provider's approach per result, declarations judged within the budget, and the
// beschikbaarheidsvoorzieningen with a budget per year. Dates are relative to today.

let stack: TestStack
let volg = 0
const sleutel = () => `geld-${process.pid}-${Date.now()}-${volg++}`
const code = '0153'
const medewerker = identities.medewerker(code)
const dag = vandaag()
const maand = (datum: string) => datum.slice(0, 7)
// The first of the month three months ago: the allocation starts there, so whole months lie behind.
const start = `${maand(plusDagen(`${maand(dag)}-01`, -80))}-01`
const eind = plusDagen(dag, 120)

beforeAll(async () => {
  stack = await startTestStack('h12_geld', { gemeenten: [code], inwoners: 80 })
})
afterAll(async () => {
  await stack?.stop()
})

async function fout(source: string, variables: Record<string, unknown>, as: Identity) {
  const { body } = await stack.query(source, { variables, as })
  expect(body.errors, 'expected an error').toBeDefined()
  const { message, extensions } = body.errors![0] as NonNullable<GraphQLResponseBody['errors']>[number]
  const { gemeente: _g, serviceName: _s, ...rest } = extensions ?? {}
  return { message, extensions: rest }
}

const KEUZE = /* GraphQL */ `
  query Keuze($g: ID!, $b: ID!, $d: LocalDate!) {
    keuzeVoorBehoefte(gemeenteCode: $g, behoefteId: $b, startdatum: $d) {
      agbCode
    }
  }
`
const PLAN_BEHOEFTEN = /* GraphQL */ `
  query PlanBehoeften($g: ID!, $p: ID!) {
    plan(gemeenteCode: $g, id: $p) {
      behoeften {
        id
        resultaten {
          id
        }
      }
    }
  }
`
const TARIEVEN = /* GraphQL */ `
  query Tarieven($d: LocalDate!) {
    geldendTarief(ondersteuningsbehoefte: "VB-OB-04", niveau: A, peildatum: $d) {
      bedragCent
    }
    modules {
      code
      tarieven(peildatum: $d) {
        bedragCent
        eenheid
        frequentie
      }
    }
  }
`
const TOEWIJZING = /* GraphQL */ `
  query Toewijzing($g: ID!, $t: ID!) {
    toewijzing(gemeenteCode: $g, id: $t) {
      tariefCent
      budgetCent
      gedeclareerdCent
      toegekendCent
      resterendCent
      moduleregels {
        module {
          code
        }
        omvang {
          volume
          eenheid
          frequentie
        }
        tariefCent
        bedragCent
      }
    }
  }
`
const DECLAREREN = /* GraphQL */ `
  mutation Declareren($g: ID!, $t: ID!, $p: String!, $r: [DeclaratieRegelInvoer!]!, $k: String!) {
    declareren(gemeenteCode: $g, toewijzingId: $t, periode: $p, regels: $r, idempotentieSleutel: $k) {
      id
      periode
      begindatum
      einddatum
      versie
      gedeclareerdCent
      regels {
        id
        module {
          code
        }
        volume
        eenheid
        tariefCent
        bedragCent
        status
      }
    }
  }
`
const BEOORDELEN = /* GraphQL */ `
  mutation Beoordelen($g: ID!, $d: ID!, $v: Int!, $b: [RegelBeoordeling!]!, $k: String!) {
    declaratieBeoordelen(
      gemeenteCode: $g
      declaratieId: $d
      versie: $v
      beoordelingen: $b
      idempotentieSleutel: $k
    ) {
      versie
      toegekendCent
      regels {
        id
        status
        reden
      }
    }
  }
`
const AANPAK = /* GraphQL */ `
  mutation Aanpak($g: ID!, $t: ID!, $r: ID!, $b: String!, $m: [ID!], $k: String!) {
    aanpakVastleggen(
      gemeenteCode: $g
      toewijzingId: $t
      resultaatId: $r
      beschrijving: $b
      modules: $m
      idempotentieSleutel: $k
    ) {
      beschrijving
      versie
      modules {
        code
      }
      aanbieder {
        agbCode
      }
    }
  }
`

interface Zorg {
  toewijzingId: string
  agb: string
  aanbieder: Identity
  resultaatId: string
  bsn: string
  planId: string
  tarieven: {
    geldendTarief: { bedragCent: number }
    modules: { code: string; tarieven: { bedragCent: number; eenheid: string; frequentie: string }[] }[]
  }
}

/**
 * An adult with an adopted plan since `start`, a Wmo need at level A (hours per month) and its
 * allocation with transport twice a week and a short stay given by code alone.
 */
async function toegewezenZorg(overslaan = 0): Promise<Zorg> {
  const [{ inwonerId, huishoudenId, bsn }] = await stack.gemeente(code).db.query(
    `SELECT i.id AS inwonerId, i.huishoudenId AS huishoudenId, i.bsn AS bsn FROM inwoner i
     WHERE i.geboortedatum < ?
       AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.huishoudenId = i.huishoudenId AND p.openSleutel IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM melding m WHERE m.huishoudenId = i.huishoudenId AND m.omschrijving LIKE 'Test:%')
     ORDER BY i.id LIMIT 1 OFFSET ${overslaan}`,
    [plusDagen(dag, -20 * 366)],
  )
  const melding = (
    await stack.data(
      MELDING,
      {
        g: code,
        k: sleutel(),
        invoer: { huishoudenId, verwijzerType: 'GEMEENTE', omschrijving: 'Test: geld.' },
      },
      medewerker,
    )
  ).meldingRegistreren
  for (const stap of ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'])
    await stack.data(STAP, { g: code, m: melding.id, stap, k: sleutel() }, medewerker)
  const plan = (await stack.data(PLAN, { g: code, m: melding.id, d: start, k: sleutel() }, medewerker))
    .planOpstellen
  const invoer = {
    inwonerId,
    ondersteuningsbehoefte: 'VB-OB-04',
    niveau: 'A',
    resultaten: [
      { omschrijving: 'Test: de inwoner doet zelf de boodschappen voor de week.', streefdatum: eind },
    ],
  }
  const { versie } = (
    await stack.data(BEHOEFTE, { g: code, p: plan.id, v: plan.versie, invoer, k: sleutel() }, medewerker)
  ).behoefteToevoegen
  await stack.data(VASTSTELLEN, { g: code, p: plan.id, v: versie, k: sleutel() }, medewerker)
  const behoefte = (await stack.data(PLAN_BEHOEFTEN, { g: code, p: plan.id }, medewerker)).plan.behoeften[0]
  const keuze = (await stack.data(KEUZE, { g: code, b: behoefte.id, d: start }, medewerker)).keuzeVoorBehoefte
  const agb = keuze[0].agbCode as string
  await stack.data(KIEZEN, { g: code, b: behoefte.id, agb, d: start, k: sleutel() }, medewerker)
  const toewijzing = (
    await stack.data(
      TOEWIJZEN,
      {
        g: code,
        k: sleutel(),
        invoer: {
          behoefteId: behoefte.id,
          productcategorie: 'WMO_BEGELEIDING',
          ingangsdatum: start,
          einddatum: eind,
          volume: 6,
          modules: ['VB-MOD-05'],
          moduleregels: [{ module: 'VB-MOD-04', volume: 2, frequentie: 'PER_WEEK' }],
        },
      },
      medewerker,
    )
  ).toewijzen
  const tarieven = (await stack.data(TARIEVEN, { d: start }, medewerker)) as Zorg['tarieven']
  return {
    toewijzingId: toewijzing.id,
    agb,
    aanbieder: identities.aanbieder(agb),
    resultaatId: behoefte.resultaten[0].id,
    bsn,
    planId: plan.id,
    tarieven,
  }
}

let zorg: Zorg
beforeAll(async () => {
  zorg = await toegewezenZorg()
})

type Telling = { soort: string; sleutel: string; maand: string; aantal: number; bedragCent: number }

/** The figures' summary rows for the accepted costs and the beschikbaarheid use. */
async function geldTellingen(): Promise<Telling[]> {
  const rijen: Telling[] = await stack
    .gemeente(code)
    .db.query(
      "SELECT soort, sleutel, maand, aantal, bedragCent FROM cijfer_telling WHERE soort IN ('KOSTEN', 'BESCHIKBAARHEID') ORDER BY soort, sleutel, maand",
    )
  return rijen.map((r) => ({ ...r, aantal: Number(r.aantal), bedragCent: Number(r.bedragCent) }))
}

const moduleTarief = (z: Zorg, module: string) =>
  z.tarieven.modules.find((m) => m.code === module)!.tarieven[0]

describe('modules with volume and price', () => {
  it('prices each module at its tariff in force on the start date, and budgets the need plus the modules', async () => {
    const vervoer = moduleTarief(zorg, 'VB-MOD-04')
    const logeren = moduleTarief(zorg, 'VB-MOD-05')
    const vervoerCent = moduleBedragCent(
      { moduleCode: 'VB-MOD-04', volume: 2, frequentie: Frequentie.PER_WEEK, tariefCent: vervoer.bedragCent },
      start,
      eind,
    )
    // Given by code alone: 1 unit per the tariff's own frequency (a night, every day).
    const logerenCent = moduleBedragCent(
      { moduleCode: 'VB-MOD-05', volume: 1, frequentie: Frequentie.PER_DAG, tariefCent: logeren.bedragCent },
      start,
      eind,
    )
    const behoefteCent = budgetCent(
      { bedragCent: zorg.tarieven.geldendTarief.bedragCent, frequentie: Frequentie.PER_MAAND },
      6,
      start,
      eind,
    )
    expect((await stack.data(TOEWIJZING, { g: code, t: zorg.toewijzingId }, medewerker)).toewijzing).toEqual({
      tariefCent: zorg.tarieven.geldendTarief.bedragCent,
      budgetCent: behoefteCent + vervoerCent + logerenCent,
      gedeclareerdCent: 0,
      toegekendCent: 0,
      resterendCent: behoefteCent + vervoerCent + logerenCent,
      moduleregels: [
        {
          module: { code: 'VB-MOD-04' },
          omvang: { volume: 2, eenheid: vervoer.eenheid, frequentie: 'PER_WEEK' },
          tariefCent: vervoer.bedragCent,
          bedragCent: vervoerCent,
        },
        {
          module: { code: 'VB-MOD-05' },
          omvang: { volume: 1, eenheid: logeren.eenheid, frequentie: logeren.frequentie },
          tariefCent: logeren.bedragCent,
          bedragCent: logerenCent,
        },
      ],
    })
  })

  it('refuses a module given twice, and an unknown one, naming the field', async () => {
    const [{ behoefteId }] = await stack
      .gemeente(code)
      .db.query('SELECT behoefteId FROM toewijzing WHERE id = ?', [zorg.toewijzingId])
    const invoer = {
      behoefteId,
      productcategorie: 'WMO_BEGELEIDING',
      ingangsdatum: start,
      einddatum: eind,
      volume: 1,
    }
    const tweemaal = await fout(
      TOEWIJZEN,
      {
        g: code,
        k: sleutel(),
        invoer: { ...invoer, modules: ['VB-MOD-04'], moduleregels: [{ module: 'VB-MOD-04', volume: 1 }] },
      },
      medewerker,
    )
    expect(tweemaal.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'invoer.moduleregels' })
    const onbekend = await fout(
      TOEWIJZEN,
      { g: code, k: sleutel(), invoer: { ...invoer, moduleregels: [{ module: 'VB-MOD-99', volume: 1 }] } },
      medewerker,
    )
    expect(onbekend).toEqual({
      message: 'Onbekende regionale module(s): VB-MOD-99.',
      extensions: { code: 'BAD_USER_INPUT', field: 'invoer.modules' },
    })
  })
})

describe('the provider’s approach', () => {
  it('lets the allocated provider record how it works on a result, for gemeente and resident to read', async () => {
    const beschrijving = 'Wekelijks samen boodschappen doen, daarna steeds meer alleen.'
    const vastgelegd = (
      await stack.data(
        AANPAK,
        {
          g: code,
          t: zorg.toewijzingId,
          r: zorg.resultaatId,
          b: beschrijving,
          m: ['VB-MOD-04'],
          k: sleutel(),
        },
        zorg.aanbieder,
      )
    ).aanpakVastleggen
    expect(vastgelegd).toEqual({
      beschrijving,
      versie: 1,
      modules: [{ code: 'VB-MOD-04' }],
      aanbieder: { agbCode: zorg.agb },
    })
    // Written again: the same approach, a new version.
    const herzien = (
      await stack.data(
        AANPAK,
        {
          g: code,
          t: zorg.toewijzingId,
          r: zorg.resultaatId,
          b: `${beschrijving} Met de buurvrouw.`,
          k: sleutel(),
        },
        zorg.aanbieder,
      )
    ).aanpakVastleggen
    expect(herzien).toMatchObject({ versie: 2, modules: [] })

    const PLAN_AANPAK = /* GraphQL */ `
      query PlanAanpak($g: ID!, $p: ID!) {
        plan(gemeenteCode: $g, id: $p) {
          behoeften {
            resultaten {
              aanpak {
                beschrijving
                versie
              }
            }
          }
        }
      }
    `
    const verwacht = [{ beschrijving: `${beschrijving} Met de buurvrouw.`, versie: 2 }]
    expect(
      (await stack.data(PLAN_AANPAK, { g: code, p: zorg.planId }, medewerker)).plan.behoeften[0].resultaten[0]
        .aanpak,
    ).toEqual(verwacht)
    const MIJ_AANPAK = /* GraphQL */ `
      query MijAanpak($g: ID!) {
        mij(gemeenteCode: $g) {
          behoeften {
            resultaten {
              aanpak {
                beschrijving
                versie
              }
            }
          }
        }
      }
    `
    const mij = (await stack.data(MIJ_AANPAK, { g: code }, inwonerToken(zorg.bsn))).mij
    // The household may have older, closed plans: only this need's result has an approach.
    const aanpak = mij.behoeften.flatMap((b: { resultaten: { aanpak: unknown[] }[] }) =>
      b.resultaten.flatMap((r) => r.aanpak),
    )
    expect(aanpak).toEqual(verwacht)
  })

  it('refuses another provider, a module the allocation does not have, and the gemeente writing the how', async () => {
    const variabelen = {
      g: code,
      t: zorg.toewijzingId,
      r: zorg.resultaatId,
      b: 'Een andere aanpak, van iemand anders.',
      k: sleutel(),
    }
    expect((await fout(AANPAK, variabelen, identities.aanbieder('00000000'))).extensions).toEqual({
      code: 'NOT_FOUND',
      id: zorg.toewijzingId,
    })
    expect((await fout(AANPAK, { ...variabelen, k: sleutel() }, medewerker)).extensions).toEqual({
      code: 'FORBIDDEN',
    })
    expect(
      (await fout(AANPAK, { ...variabelen, m: ['VB-MOD-01'], k: sleutel() }, zorg.aanbieder)).extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'modules' })
  })
})

describe('declared and paid', () => {
  const eersteMaand = maand(start)
  const tweedeMaand = maand(plusDagen(`${eersteMaand}-28`, 10))

  it('refuses declarations before the care started, and for months outside the allocation or ahead', async () => {
    const regels = [{ volume: 3 }]
    const vooraf = await fout(
      DECLAREREN,
      { g: code, t: zorg.toewijzingId, p: eersteMaand, r: regels, k: sleutel() },
      zorg.aanbieder,
    )
    expect(vooraf.extensions).toEqual({
      code: 'PRECONDITION_FAILED',
      ontbreekt: 'gestarteZorg',
      huidigeStatus: 'TOEGEWEZEN',
    })
    await stack.data(GESTART, { g: code, t: zorg.toewijzingId, d: start, k: sleutel() }, zorg.aanbieder)
    const ervoor = maand(plusDagen(start, -1))
    expect(
      (
        await fout(
          DECLAREREN,
          { g: code, t: zorg.toewijzingId, p: ervoor, r: regels, k: sleutel() },
          zorg.aanbieder,
        )
      ).extensions,
    ).toEqual({ code: 'PRECONDITION_FAILED', ontbreekt: 'periodeInToewijzing' })
    const straks = maand(plusDagen(dag, 40))
    expect(
      (
        await fout(
          DECLAREREN,
          { g: code, t: zorg.toewijzingId, p: straks, r: regels, k: sleutel() },
          zorg.aanbieder,
        )
      ).extensions,
    ).toEqual({ code: 'PRECONDITION_FAILED', ontbreekt: 'begonnenPeriode' })
    expect(
      (
        await fout(
          DECLAREREN,
          { g: code, t: zorg.toewijzingId, p: '2026-13', r: regels, k: sleutel() },
          zorg.aanbieder,
        )
      ).extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'periode' })
    // Only the allocated provider declares: another one does not find the allocation, staff may not.
    const variabelen = { g: code, t: zorg.toewijzingId, p: eersteMaand, r: regels, k: sleutel() }
    expect((await fout(DECLAREREN, variabelen, identities.aanbieder('00000000'))).extensions).toEqual({
      code: 'NOT_FOUND',
      id: zorg.toewijzingId,
    })
    expect((await fout(DECLAREREN, variabelen, medewerker)).extensions.code).toBe('FORBIDDEN')
    const [{ n }] = await stack.gemeente(code).db.query('SELECT COUNT(*) AS n FROM declaratie')
    expect(Number(n)).toBe(0)
  })

  it('prices declared lines at the stored tariffs, accepts them within the budget, and refuses one over it', async () => {
    const uurtarief = zorg.tarieven.geldendTarief.bedragCent
    const vervoer = moduleTarief(zorg, 'VB-MOD-04')
    const k = sleutel()
    const variabelen = {
      g: code,
      t: zorg.toewijzingId,
      p: eersteMaand,
      r: [{ volume: 5 }, { module: 'VB-MOD-04', volume: 8 }],
      k,
    }
    const declaratie = (await stack.data(DECLAREREN, variabelen, zorg.aanbieder)).declareren
    expect(declaratie).toEqual({
      id: expect.any(String),
      periode: eersteMaand,
      begindatum: start,
      einddatum: plusDagen(`${tweedeMaand}-01`, -1),
      versie: 1,
      gedeclareerdCent: 5 * uurtarief + 8 * vervoer.bedragCent,
      regels: [
        {
          id: expect.any(String),
          module: null,
          volume: 5,
          eenheid: 'UUR',
          tariefCent: uurtarief,
          bedragCent: 5 * uurtarief,
          status: 'INGEDIEND',
        },
        {
          id: expect.any(String),
          module: { code: 'VB-MOD-04' },
          volume: 8,
          eenheid: vervoer.eenheid,
          tariefCent: vervoer.bedragCent,
          bedragCent: 8 * vervoer.bedragCent,
          status: 'INGEDIEND',
        },
      ],
    })
    // A retry with the same key answers the same and declares nothing twice.
    expect((await stack.data(DECLAREREN, variabelen, zorg.aanbieder)).declareren).toEqual(declaratie)
    // The same product again in that month waits for the first line to be judged.
    expect(
      (await fout(DECLAREREN, { ...variabelen, r: [{ volume: 1 }], k: sleutel() }, zorg.aanbieder))
        .extensions,
    ).toEqual({ code: 'PRECONDITION_FAILED', ontbreekt: 'eersteDeclaratie', product: 'de ondersteuning' })

    const [uren, ritten] = declaratie.regels
    expect(await geldTellingen()).toEqual([])
    // The provider does not judge its own declaration.
    const beoordeling = { g: code, d: declaratie.id, v: 1, b: [{ regelId: uren.id, toegekend: true }] }
    expect((await fout(BEOORDELEN, { ...beoordeling, k: sleutel() }, zorg.aanbieder)).extensions.code).toBe(
      'FORBIDDEN',
    )
    const geen = await fout(
      BEOORDELEN,
      { ...beoordeling, b: [{ regelId: ritten.id, toegekend: false }], k: sleutel() },
      medewerker,
    )
    expect(geen.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'beoordelingen.0.reden' })
    const beoordeeld = (
      await stack.data(
        BEOORDELEN,
        {
          ...beoordeling,
          b: [
            { regelId: uren.id, toegekend: true, reden: 'Conform de toewijzing.' },
            {
              regelId: ritten.id,
              toegekend: false,
              reden: 'Acht ritten, de toewijzing kent er twee per week.',
            },
          ],
          k: sleutel(),
        },
        medewerker,
      )
    ).declaratieBeoordelen
    // The accepted amount counts in the figures, in the same transaction: cost per need and level.
    const kosten = {
      soort: 'KOSTEN',
      sleutel: 'VB-OB-04|A',
      maand: maand(dag),
      aantal: 1,
      bedragCent: 5 * uurtarief,
    }
    expect(await geldTellingen()).toEqual([kosten])
    expect(beoordeeld).toEqual({
      versie: 2,
      toegekendCent: 5 * uurtarief,
      regels: [
        { id: uren.id, status: 'TOEGEKEND', reden: 'Conform de toewijzing.' },
        { id: ritten.id, status: 'AFGEWEZEN', reden: 'Acht ritten, de toewijzing kent er twee per week.' },
      ],
    })
    // Judged once: a second judgement of the same line is an invalid transition.
    const nogmaals = await fout(
      BEOORDELEN,
      {
        ...beoordeling,
        v: 2,
        b: [{ regelId: uren.id, toegekend: false, reden: 'Toch niet.' }],
        k: sleutel(),
      },
      medewerker,
    )
    expect(nogmaals.extensions).toMatchObject({ code: 'INVALID_TRANSITION', huidigeStatus: 'TOEGEKEND' })

    const { toewijzing } = await stack.data(TOEWIJZING, { g: code, t: zorg.toewijzingId }, medewerker)
    expect(toewijzing).toMatchObject({
      gedeclareerdCent: 5 * uurtarief,
      toegekendCent: 5 * uurtarief,
      resterendCent: toewijzing.budgetCent - 5 * uurtarief,
    })

    // No line may be worth more than any allocation can hold.
    const enorm = {
      g: code,
      t: zorg.toewijzingId,
      p: tweedeMaand,
      r: [{ module: 'VB-MOD-04', volume: 99_999 }],
    }
    expect((await fout(DECLAREREN, { ...enorm, k: sleutel() }, zorg.aanbieder)).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'regels.0.volume',
    })
    // The refused product may be declared again: in the next month, a cent more than is left.
    const volume = Math.ceil((toewijzing.resterendCent + 1) / vervoer.bedragCent)
    const teveel = (
      await stack.data(
        DECLAREREN,
        { g: code, t: zorg.toewijzingId, p: tweedeMaand, r: [{ module: 'VB-MOD-04', volume }], k: sleutel() },
        zorg.aanbieder,
      )
    ).declareren
    const [regel] = teveel.regels
    expect(regel.bedragCent).toBeGreaterThan(toewijzing.resterendCent)
    const over = await fout(
      BEOORDELEN,
      { g: code, d: teveel.id, v: 1, b: [{ regelId: regel.id, toegekend: true }], k: sleutel() },
      medewerker,
    )
    expect(over.extensions).toEqual({
      code: 'PRECONDITION_FAILED',
      ontbreekt: 'budget',
      budgetCent: toewijzing.budgetCent,
      toegekendCent: 5 * uurtarief,
      bedragCent: regel.bedragCent,
    })
    // Nothing was written: the line still waits, the declaration kept its version, the total stands.
    const [rij] = await stack
      .gemeente(code)
      .db.query(
        'SELECT r.status AS status, d.versie AS versie FROM declaratie_regel r JOIN declaratie d ON d.id = r.declaratieId WHERE r.id = ?',
        [regel.id],
      )
    expect({ status: rij.status, versie: Number(rij.versie) }).toEqual({ status: 'INGEDIEND', versie: 1 })
    expect(await geldTellingen()).toEqual([kosten])
    expect(
      (await stack.data(TOEWIJZING, { g: code, t: zorg.toewijzingId }, medewerker)).toewijzing,
    ).toMatchObject({
      toegekendCent: 5 * uurtarief,
      gedeclareerdCent: 5 * uurtarief + regel.bedragCent,
    })
  })

  it('accepts a declared month only while the care still covers it: not after the care was ended before that month', async () => {
    const later = await toegewezenZorg(1)
    await stack.data(GESTART, { g: code, t: later.toewijzingId, d: start, k: sleutel() }, later.aanbieder)
    const declaratie = (
      await stack.data(
        DECLAREREN,
        { g: code, t: later.toewijzingId, p: tweedeMaand, r: [{ volume: 2 }], k: sleutel() },
        later.aanbieder,
      )
    ).declareren
    // The provider then reports that the care stopped in the first month.
    const gestopt = plusDagen(start, 5)
    await stack.data(BEEINDIGD, { g: code, t: later.toewijzingId, d: gestopt, k: sleutel() }, later.aanbieder)
    const [regel] = declaratie.regels
    const toekennen = { g: code, d: declaratie.id, v: 1, b: [{ regelId: regel.id, toegekend: true }] }
    expect(await fout(BEOORDELEN, { ...toekennen, k: sleutel() }, medewerker)).toEqual({
      message: `${tweedeMaand} valt buiten de zorg op deze toewijzing (${start} tot ${gestopt}).`,
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'periodeInToewijzing' },
    })
    // Nothing was written; refusing the line stays possible.
    const [rij] = await stack
      .gemeente(code)
      .db.query(
        'SELECT r.status AS status, t.toegekendCent AS toegekend FROM declaratie_regel r JOIN declaratie d ON d.id = r.declaratieId JOIN toewijzing t ON t.id = d.toewijzingId WHERE r.id = ?',
        [regel.id],
      )
    expect({ status: rij.status, toegekend: Number(rij.toegekend) }).toEqual({
      status: 'INGEDIEND',
      toegekend: 0,
    })
    const afgewezen = (
      await stack.data(
        BEOORDELEN,
        {
          ...toekennen,
          b: [{ regelId: regel.id, toegekend: false, reden: 'De zorg stopte eerder.' }],
          k: sleutel(),
        },
        medewerker,
      )
    ).declaratieBeoordelen
    expect(afgewezen.regels).toEqual([{ id: regel.id, status: 'AFGEWEZEN', reden: 'De zorg stopte eerder.' }])
  })

  // SQLite writes one transaction at a time; MariaDB runs them side by side.
  it.runIf(!!TEST_DATABASE_URL)(
    'takes turns with an end of care under way: a month the care no longer covers is refused when it commits',
    async () => {
      const derde = await toegewezenZorg(2)
      await stack.data(GESTART, { g: code, t: derde.toewijzingId, d: start, k: sleutel() }, derde.aanbieder)
      const gestopt = plusDagen(start, 5)
      // The end of care in progress: it holds the allocation's row, as a change of it does.
      const eerder = stack.gemeente(code).db.createQueryRunner()
      await eerder.startTransaction()
      try {
        await eerder.query('SELECT id FROM toewijzing WHERE id = ? FOR UPDATE', [derde.toewijzingId])
        await eerder.query("UPDATE toewijzing SET einddatum = ?, status = 'BEEINDIGD' WHERE id = ?", [
          gestopt,
          derde.toewijzingId,
        ])
        const declaratie = stack.query(DECLAREREN, {
          variables: { g: code, t: derde.toewijzingId, p: tweedeMaand, r: [{ volume: 1 }], k: sleutel() },
          as: derde.aanbieder,
        })
        await totIemandWacht(stack.gemeente(code).db)
        await eerder.commitTransaction()
        const { body } = await declaratie
        expect(body.errors?.[0].extensions).toMatchObject({
          code: 'PRECONDITION_FAILED',
          ontbreekt: 'periodeInToewijzing',
        })
      } finally {
        if (eerder.isTransactionActive) await eerder.rollbackTransaction()
        await eerder.release()
      }
      const [{ n }] = await stack
        .gemeente(code)
        .db.query('SELECT COUNT(*) AS n FROM declaratie WHERE toewijzingId = ?', [derde.toewijzingId])
      expect(Number(n)).toBe(0)
    },
  )

  it('shows declarations to the gemeente and the provider, not to the resident or another provider', async () => {
    const LIJST = /* GraphQL */ `
      query Declaraties($g: ID!) {
        declaraties(gemeenteCode: $g, filter: { status: INGEDIEND }) {
          totalCount
          edges {
            node {
              periode
              toewijzing {
                id
              }
            }
          }
        }
      }
    `
    const werklijst = (await stack.data(LIJST, { g: code }, medewerker)).declaraties
    expect(werklijst.edges.map((e: { node: { periode: string } }) => e.node.periode)).toEqual([
      maand(plusDagen(`${eersteMaand}-28`, 10)),
    ])
    expect((await stack.data(LIJST, { g: code }, zorg.aanbieder)).declaraties.totalCount).toBe(1)
    expect(
      (await stack.data(LIJST, { g: code }, identities.aanbieder('00000000'))).declaraties.totalCount,
    ).toBe(0)
    const MIJN = /* GraphQL */ `
      query MijnDeclaraties($g: ID!, $t: ID!) {
        toewijzing(gemeenteCode: $g, id: $t) {
          declaraties {
            periode
          }
        }
      }
    `
    const { body } = await stack.query(MIJN, {
      variables: { g: code, t: zorg.toewijzingId },
      as: inwonerToken(zorg.bsn),
    })
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN')
  })
})

describe('beschikbaarheidsvoorzieningen', () => {
  const jaar = Number(dag.slice(0, 4))
  const BUDGET = /* GraphQL */ `
    mutation Budget($g: ID!, $v: ID!, $j: Int!, $b: Int!, $k: String!) {
      beschikbaarheidsbudgetVaststellen(
        gemeenteCode: $g
        voorziening: $v
        jaar: $j
        budgetCent: $b
        idempotentieSleutel: $k
      ) {
        jaar
        budget {
          budgetCent
        }
        gebruiktCent
        resterendCent
      }
    }
  `
  const GEBRUIK = /* GraphQL */ `
    mutation Gebruik($g: ID!, $invoer: GebruikInvoer!, $k: String!) {
      beschikbaarheidGebruikVastleggen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
        gebruiktCent
        eenheden
        resterendCent
      }
    }
  `
  const OVERZICHT = /* GraphQL */ `
    query Beschikbaarheid($g: ID!, $j: Int!) {
      beschikbaarheid(gemeenteCode: $g, jaar: $j) {
        voorziening {
          code
          naam
        }
        budget {
          budgetCent
          vastgesteldDoor
        }
        gebruiktCent
        eenheden
        resterendCent
        gebruik {
          datum
          bedragCent
          eenheden
          omschrijving
        }
      }
    }
  `

  it('keeps a budget per gemeente and year and the use recorded against it', async () => {
    const gebruik = {
      voorziening: 'VB-BV-01',
      datum: dag,
      bedragCent: 125_000,
      eenheden: 3,
      omschrijving: 'Drie crisisinzetten.',
    }
    const zonder = await fout(GEBRUIK, { g: code, invoer: gebruik, k: sleutel() }, medewerker)
    expect(zonder.extensions).toEqual({ code: 'PRECONDITION_FAILED', ontbreekt: 'budget' })
    expect(
      (await stack.data(BUDGET, { g: code, v: 'VB-BV-01', j: jaar, b: 5_000_000, k: sleutel() }, medewerker))
        .beschikbaarheidsbudgetVaststellen,
    ).toEqual({ jaar, budget: { budgetCent: 5_000_000 }, gebruiktCent: 0, resterendCent: 5_000_000 })
    expect(
      (await stack.data(GEBRUIK, { g: code, invoer: gebruik, k: sleutel() }, medewerker))
        .beschikbaarheidGebruikVastleggen,
    ).toEqual({ gebruiktCent: 125_000, eenheden: 3, resterendCent: 4_875_000 })
    const gebruikt = (await geldTellingen()).find((t) => t.soort === 'BESCHIKBAARHEID')
    expect(gebruikt).toEqual({
      soort: 'BESCHIKBAARHEID',
      sleutel: 'VB-BV-01',
      maand: maand(dag),
      aantal: 1,
      bedragCent: 125_000,
    })

    const verwacht = [
      {
        voorziening: { code: 'VB-BV-01', naam: 'Crisisdienst' },
        budget: { budgetCent: 5_000_000, vastgesteldDoor: medewerker.naam },
        gebruiktCent: 125_000,
        eenheden: 3,
        resterendCent: 4_875_000,
        gebruik: [{ datum: dag, bedragCent: 125_000, eenheden: 3, omschrijving: 'Drie crisisinzetten.' }],
      },
    ]
    expect((await stack.data(OVERZICHT, { g: code, j: jaar }, medewerker)).beschikbaarheid).toEqual(verwacht)
    expect((await stack.data(OVERZICHT, { g: code, j: jaar }, identities.analist())).beschikbaarheid).toEqual(
      verwacht,
    )
  })

  it('refuses an unknown voorziening, use in the future, and anyone but the gemeente’s staff', async () => {
    const onbekend = await fout(BUDGET, { g: code, v: 'VB-BV-99', j: jaar, b: 1, k: sleutel() }, medewerker)
    expect(onbekend.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'voorziening' })
    const straks = await fout(
      GEBRUIK,
      { g: code, invoer: { voorziening: 'VB-BV-01', datum: plusDagen(dag, 1), bedragCent: 1 }, k: sleutel() },
      medewerker,
    )
    expect(straks.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'invoer.datum' })
    expect(
      (await fout(BUDGET, { g: code, v: 'VB-BV-01', j: jaar, b: 1, k: sleutel() }, zorg.aanbieder)).extensions
        .code,
    ).toBe('FORBIDDEN')
    expect(
      (
        await fout(
          BUDGET,
          { g: code, v: 'VB-BV-01', j: jaar, b: 1, k: sleutel() },
          identities.medewerker('0164'),
        )
      ).extensions.code,
    ).toBe('FORBIDDEN')
    expect((await fout(OVERZICHT, { g: code, j: jaar }, zorg.aanbieder)).extensions.code).toBe('FORBIDDEN')
  })
})

describe('the figures', () => {
  it('count accepted costs and beschikbaarheid use the same when rebuilt from the rows', async () => {
    const geteld = await geldTellingen()
    expect(geteld.map((t) => t.soort)).toEqual(['BESCHIKBAARHEID', 'KOSTEN'])
    await stack.gemeente(code).db.transaction((tx) => herbouwCijfers(tx, code))
    expect(await geldTellingen()).toEqual(geteld)
  })
})
