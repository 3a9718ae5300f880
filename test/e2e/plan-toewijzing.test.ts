import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { leeftijdOp, plusDagen, vandaag } from '../../shared/domain/dates'
import { Frequentie } from '../../shared/ijw/codes'
import { budgetCent, moduleBedragCent } from '../../subgraphs/gemeente/toewijzing/budget'
import { identities, startTestStack, type GraphQLResponseBody, type TestStack } from '../harness/stack'
import { KIEZEN } from '../harness/werkwijze'

// Plan and allocation stay one, and the law fits the person, walked through the gateway in
// Enschede (regional procurement). Dates are relative to today: care is reported after it happens.

let stack: TestStack
let volg = 0
const sleutel = () => `pt-${process.pid}-${Date.now()}-${volg++}`
const code = '0153'
const medewerker = identities.medewerker(code)
const dag = vandaag()
const start = plusDagen(dag, -60)
const eind = plusDagen(dag, 120)

beforeAll(async () => {
  stack = await startTestStack('plan-toewijzing', { gemeenten: [code], inwoners: 160 })
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

const MELDING = /* GraphQL */ `
  mutation Melding($g: ID!, $invoer: MeldingInvoer!, $k: String!) {
    meldingRegistreren(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      id
    }
  }
`
const STAP = /* GraphQL */ `
  mutation Stap($g: ID!, $m: ID!, $stap: GespreksstapSoort!, $k: String!) {
    gespreksstapVastleggen(
      gemeenteCode: $g
      meldingId: $m
      stap: $stap
      bevinding: "Besproken met het gezin."
      idempotentieSleutel: $k
    ) {
      status
    }
  }
`
const PLAN = /* GraphQL */ `
  mutation Plan($g: ID!, $m: ID!, $k: String!) {
    planOpstellen(gemeenteCode: $g, meldingId: $m, startdatum: "2025-01-01", idempotentieSleutel: $k) {
      id
      versie
    }
  }
`
const BEHOEFTE = /* GraphQL */ `
  mutation Behoefte($g: ID!, $p: ID!, $v: Int!, $invoer: BehoefteInvoer!, $k: String!) {
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
const VASTSTELLEN = /* GraphQL */ `
  mutation Vaststellen($g: ID!, $p: ID!, $v: Int!, $k: String!) {
    planVaststellen(gemeenteCode: $g, planId: $p, versie: $v, idempotentieSleutel: $k) {
      status
      versie
    }
  }
`
const TOEWIJZEN = /* GraphQL */ `
  mutation Toewijzen($g: ID!, $invoer: ToewijzingInvoer!, $k: String!) {
    toewijzen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      id
      toewijzingNummer
    }
  }
`
const GESTART = /* GraphQL */ `
  mutation Gestart($g: ID!, $t: ID!, $d: LocalDate!, $k: String!) {
    zorgGestart(gemeenteCode: $g, toewijzingId: $t, datum: $d, idempotentieSleutel: $k) {
      status
    }
  }
`
const BEEINDIGD = /* GraphQL */ `
  mutation Beeindigd($g: ID!, $t: ID!, $d: LocalDate!, $k: String!) {
    zorgBeeindigd(gemeenteCode: $g, toewijzingId: $t, datum: $d, idempotentieSleutel: $k) {
      status
    }
  }
`
const GEMEENTE_BEEINDIGT = /* GraphQL */ `
  mutation GemeenteBeeindigt($g: ID!, $t: ID!, $d: LocalDate, $reden: String!, $k: String!) {
    toewijzingBeeindigen(
      gemeenteCode: $g
      toewijzingId: $t
      einddatum: $d
      reden: $reden
      idempotentieSleutel: $k
    ) {
      toewijzingNummer
      status
      einddatum
      redenBeeindiging
    }
  }
`
const AANPASSEN = /* GraphQL */ `
  mutation Aanpassen($g: ID!, $p: ID!, $v: Int!, $reden: String!, $a: PlanAanpassing!, $k: String!) {
    planAanpassen(
      gemeenteCode: $g
      planId: $p
      versie: $v
      reden: $reden
      aanpassing: $a
      idempotentieSleutel: $k
    ) {
      versie
      behoeften {
        niveau
      }
      toewijzingen {
        toewijzingNummer
        status
        ingangsdatum
        einddatum
        budgetCent
        redenBeeindiging
        omvang {
          volume
        }
        modules {
          code
        }
        vervangt {
          toewijzingNummer
        }
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
const AFSLUITEN = /* GraphQL */ `
  mutation Afsluiten($g: ID!, $p: ID!, $v: Int!, $k: String!) {
    planAfsluiten(gemeenteCode: $g, planId: $p, versie: $v, idempotentieSleutel: $k) {
      status
      einddatum
    }
  }
`
const EIGEN_TOEWIJZINGEN = /* GraphQL */ `
  query EigenToewijzingen($g: ID!) {
    toewijzingen(gemeenteCode: $g, eerste: 100) {
      edges {
        node {
          toewijzingNummer
          status
          einddatum
          redenBeeindiging
          vervangt {
            toewijzingNummer
          }
        }
      }
    }
  }
`

/** A household without an open plan, with one member of the age asked for. */
async function huishoudenMet(leeftijd: 'volwassen' | 'kind') {
  const grens = plusDagen(dag, -18 * 366)
  const rows = await stack.gemeente(code).db.query(
    `SELECT i.id AS inwonerId, i.huishoudenId AS huishoudenId, i.geboortedatum AS geboortedatum
     FROM inwoner i
     WHERE i.geboortedatum ${leeftijd === 'volwassen' ? '<' : '>'} ?
       AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.huishoudenId = i.huishoudenId AND p.openSleutel IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM melding m WHERE m.huishoudenId = i.huishoudenId AND m.omschrijving LIKE 'Test:%')
     ORDER BY i.id LIMIT 1`,
    [leeftijd === 'volwassen' ? plusDagen(grens, -400) : plusDagen(dag, -10 * 366)],
  )
  return rows[0] as { inwonerId: string; huishoudenId: string; geboortedatum: string }
}

/** A draft plan after a request; the conversation's steps recorded unless asked otherwise. */
async function conceptPlan(
  leeftijd: 'volwassen' | 'kind',
  { verwijzerType = 'GEMEENTE', stappen = true } = {},
) {
  const { inwonerId, huishoudenId, geboortedatum } = await huishoudenMet(leeftijd)
  const melding = (
    await stack.data(
      MELDING,
      {
        g: code,
        k: sleutel(),
        invoer: { huishoudenId, verwijzerType, omschrijving: 'Test: plan en toewijzing.' },
      },
      medewerker,
    )
  ).meldingRegistreren
  if (stappen)
    for (const stap of ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'])
      await stack.data(STAP, { g: code, m: melding.id, stap, k: sleutel() }, medewerker)
  const plan = (await stack.data(PLAN, { g: code, m: melding.id, k: sleutel() }, medewerker)).planOpstellen
  return { inwonerId, geboortedatum, plan }
}

const behoefteInvoer = (inwonerId: string, ondersteuningsbehoefte: string, niveau: string) => ({
  inwonerId,
  ondersteuningsbehoefte,
  niveau,
  resultaten: [
    {
      omschrijving: `Test: de inwoner houdt zelf het overzicht over post en geld (${ondersteuningsbehoefte}).`,
      streefdatum: plusDagen(dag, 200),
    },
  ],
})

/** A Wmo need, two levels in the same unit, and a provider contracted for both from `start` on. */
async function wisselbaar(): Promise<{ ob: string; van: string; naar: string; agb: string }> {
  const KEUZE = /* GraphQL */ `
    query Keuze($ob: ID!, $n: Niveau!, $d: LocalDate!) {
      keuzeAanbieders(gemeente: "0153", ondersteuningsbehoefte: $ob, niveau: $n, peildatum: $d, eerste: 100) {
        edges {
          node {
            agbCode
          }
        }
      }
    }
  `
  const agbs = async (ob: string, n: string, d: string) =>
    (await stack.data(KEUZE, { ob, n, d }, medewerker)).keuzeAanbieders.edges.map(
      (e: { node: { agbCode: string } }) => e.node.agbCode,
    ) as string[]
  for (const ob of ['VB-OB-04', 'VB-OB-05', 'VB-OB-07'])
    for (const [van, naar] of [
      ['B', 'C'],
      ['C', 'D'],
      ['B', 'D'],
    ]) {
      const a = await agbs(ob, van, start)
      const b = new Set(await agbs(ob, naar, dag))
      const beide = a.filter((x) => b.has(x))
      if (beide.length) return { ob, van, naar, agb: beide[0] }
    }
  throw new Error('no provider contracted for two levels of a Wmo need in 0153')
}

/** An adopted plan with one Wmo need and its allocation, started by the provider 60 days ago. */
async function lopendeZorg() {
  const { ob, van, naar, agb } = await wisselbaar()
  const { inwonerId, plan } = await conceptPlan('volwassen')
  const toegevoegd = (
    await stack.data(
      BEHOEFTE,
      { g: code, p: plan.id, v: plan.versie, k: sleutel(), invoer: behoefteInvoer(inwonerId, ob, van) },
      medewerker,
    )
  ).behoefteToevoegen
  const behoefte = toegevoegd.behoeften[0]
  const actief = (
    await stack.data(VASTSTELLEN, { g: code, p: plan.id, v: toegevoegd.versie, k: sleutel() }, medewerker)
  ).planVaststellen
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
          volume: 2,
          modules: ['VB-MOD-04'],
        },
      },
      medewerker,
    )
  ).toewijzen
  const aanbieder = identities.aanbieder(agb)
  return { ob, van, naar, agb, aanbieder, plan: { id: plan.id, versie: actief.versie }, behoefte, toewijzing }
}

describe('plan and allocation stay one', () => {
  it('replaces a running allocation when the plan changes the level, at the new tariff, and the provider sees both', async () => {
    const z = await lopendeZorg()
    await stack.data(GESTART, { g: code, t: z.toewijzing.id, d: start, k: sleutel() }, z.aanbieder)
    const reden = 'Meer ondersteuning nodig na de evaluatie.'
    const aangepast = (
      await stack.data(
        AANPASSEN,
        {
          g: code,
          p: z.plan.id,
          v: z.plan.versie,
          reden,
          a: { niveaus: [{ behoefteId: z.behoefte.id, niveau: z.naar }] },
          k: sleutel(),
        },
        medewerker,
      )
    ).planAanpassen
    const tarief = await stack.data(
      /* GraphQL */ `
        query Tarief($ob: ID!, $n: Niveau!, $d: LocalDate!) {
          geldendTarief(ondersteuningsbehoefte: $ob, niveau: $n, peildatum: $d) {
            bedragCent
          }
          module(code: "VB-MOD-04") {
            tarieven(peildatum: $d) {
              bedragCent
            }
          }
        }
      `,
      { ob: z.ob, n: z.naar, d: dag },
      medewerker,
    )
    // The module goes with the replacement, at its tariff on the new start: 1 ride a day.
    const vervoer = moduleBedragCent(
      {
        moduleCode: 'VB-MOD-04',
        volume: 1,
        frequentie: Frequentie.PER_DAG,
        tariefCent: tarief.module.tarieven[0].bedragCent,
      },
      dag,
      eind,
    )
    const nummer = z.toewijzing.toewijzingNummer
    expect(aangepast.behoeften).toEqual([{ niveau: z.naar }])
    expect(aangepast.toewijzingen).toEqual([
      {
        toewijzingNummer: nummer,
        status: 'BEEINDIGD',
        ingangsdatum: start,
        einddatum: plusDagen(dag, -1),
        budgetCent: expect.any(Number),
        redenBeeindiging: `Niveau ${z.van} wordt ${z.naar} in het plan: ${reden}`,
        omvang: { volume: 2 },
        modules: [{ code: 'VB-MOD-04' }],
        vervangt: null,
      },
      {
        toewijzingNummer: expect.any(Number),
        status: 'TOEGEWEZEN',
        ingangsdatum: dag,
        einddatum: eind,
        budgetCent:
          budgetCent(
            { bedragCent: tarief.geldendTarief.bedragCent, frequentie: Frequentie.PER_MAAND },
            2,
            dag,
            eind,
          ) + vervoer,
        redenBeeindiging: null,
        omvang: { volume: 2 },
        modules: [{ code: 'VB-MOD-04' }],
        vervangt: { toewijzingNummer: nummer },
      },
    ])
    const nieuw = aangepast.toewijzingen[1].toewijzingNummer
    expect(nieuw).toBeGreaterThan(nummer)

    const gezien = (await stack.data(EIGEN_TOEWIJZINGEN, { g: code }, z.aanbieder)).toewijzingen.edges
      .map((e: { node: { toewijzingNummer: number } }) => e.node)
      .filter((t: { toewijzingNummer: number }) => [nummer, nieuw].includes(t.toewijzingNummer))
      .sort(
        (a: { toewijzingNummer: number }, b: { toewijzingNummer: number }) =>
          a.toewijzingNummer - b.toewijzingNummer,
      )
    expect(gezien).toEqual([
      {
        toewijzingNummer: nummer,
        status: 'BEEINDIGD',
        einddatum: plusDagen(dag, -1),
        redenBeeindiging: `Niveau ${z.van} wordt ${z.naar} in het plan: ${reden}`,
        vervangt: null,
      },
      {
        toewijzingNummer: nieuw,
        status: 'TOEGEWEZEN',
        einddatum: eind,
        redenBeeindiging: null,
        vervangt: { toewijzingNummer: nummer },
      },
    ])
  })

  it('lets the gemeente end started care with a reason, and closes the plan only after care ended', async () => {
    const z = await lopendeZorg()
    const beeindig = (vars: Record<string, unknown>, as: Identity = medewerker) =>
      [
        GEMEENTE_BEEINDIGT,
        { g: code, t: z.toewijzing.id, k: sleutel(), reden: 'Het doel is bereikt.', ...vars },
        as,
      ] as const

    expect(await fout(...beeindig({}))).toEqual({
      message:
        "Toewijzing: 'beeindigenDoorGemeente' kan niet in status TOEGEWEZEN; toegestaan vanuit GESTART.",
      extensions: {
        code: 'INVALID_TRANSITION',
        huidigeStatus: 'TOEGEWEZEN',
        actie: 'beeindigenDoorGemeente',
      },
    })
    await stack.data(GESTART, { g: code, t: z.toewijzing.id, d: start, k: sleutel() }, z.aanbieder)
    expect((await fout(...beeindig({}, z.aanbieder))).extensions.code).toBe('FORBIDDEN')
    expect(await fout(...beeindig({ d: plusDagen(dag, 1) }))).toEqual({
      message: `De datum ${plusDagen(dag, 1)} ligt in de toekomst (vandaag is ${dag}): meld het als het gebeurd is.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'einddatum' },
    })

    const versie = (
      await stack.data(
        BEOORDELEN,
        { g: code, p: z.plan.id, v: z.plan.versie, r: z.behoefte.resultaten[0].id, k: sleutel() },
        medewerker,
      )
    ).resultaatBeoordelen.versie
    expect(await fout(AFSLUITEN, { g: code, p: z.plan.id, v: versie, k: sleutel() }, medewerker)).toEqual({
      message: 'Nog 1 toewijzing(en) lopen: het plan sluit als alle zorg beëindigd is.',
      extensions: {
        code: 'PRECONDITION_FAILED',
        ontbreekt: 'beeindigdeZorg',
        lopendeToewijzingen: [z.toewijzing.toewijzingNummer],
      },
    })

    expect((await stack.data(...beeindig({}))).toewijzingBeeindigen).toEqual({
      toewijzingNummer: z.toewijzing.toewijzingNummer,
      status: 'BEEINDIGD',
      einddatum: dag,
      redenBeeindiging: 'Het doel is bereikt.',
    })
    const gezien = (await stack.data(EIGEN_TOEWIJZINGEN, { g: code }, z.aanbieder)).toewijzingen.edges.find(
      (e: { node: { toewijzingNummer: number } }) =>
        e.node.toewijzingNummer === z.toewijzing.toewijzingNummer,
    ).node
    expect(gezien).toMatchObject({ status: 'BEEINDIGD', redenBeeindiging: 'Het doel is bereikt.' })
    expect(
      (await fout(BEEINDIGD, { g: code, t: z.toewijzing.id, d: dag, k: sleutel() }, z.aanbieder)).extensions,
    ).toMatchObject({
      code: 'INVALID_TRANSITION',
      huidigeStatus: 'BEEINDIGD',
    })
    expect(
      (await stack.data(AFSLUITEN, { g: code, p: z.plan.id, v: versie, k: sleutel() }, medewerker))
        .planAfsluiten,
    ).toEqual({
      status: 'AFGESLOTEN',
      einddatum: dag,
    })
  })

  it('refuses start and end of care reported for the future or outside the allocation', async () => {
    const z = await lopendeZorg()
    const morgen = plusDagen(dag, 1)
    expect(
      await fout(GESTART, { g: code, t: z.toewijzing.id, d: morgen, k: sleutel() }, z.aanbieder),
    ).toEqual({
      message: `De datum ${morgen} ligt in de toekomst (vandaag is ${dag}): meld het als het gebeurd is.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'datum' },
    })
    expect(
      await fout(
        GESTART,
        { g: code, t: z.toewijzing.id, d: plusDagen(start, -1), k: sleutel() },
        z.aanbieder,
      ),
    ).toEqual({
      message: `De datum ligt binnen de toewijzing (${start} tot ${eind}).`,
      extensions: { code: 'BAD_USER_INPUT', field: 'datum' },
    })
    await stack.data(GESTART, { g: code, t: z.toewijzing.id, d: start, k: sleutel() }, z.aanbieder)
    expect(
      (await fout(BEEINDIGD, { g: code, t: z.toewijzing.id, d: morgen, k: sleutel() }, z.aanbieder))
        .extensions,
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'datum',
    })
    expect(
      (await stack.data(BEEINDIGD, { g: code, t: z.toewijzing.id, d: dag, k: sleutel() }, z.aanbieder))
        .zorgBeeindigd,
    ).toEqual({
      status: 'BEEINDIGD',
    })
  })

  it('adopts a plan only after the conversation, except in a gedwongen kader', async () => {
    const vrijwillig = await conceptPlan('kind', { stappen: false })
    const invoer = behoefteInvoer(vrijwillig.inwonerId, 'VB-OB-01', 'B')
    const v = (
      await stack.data(
        BEHOEFTE,
        { g: code, p: vrijwillig.plan.id, v: vrijwillig.plan.versie, k: sleutel(), invoer },
        medewerker,
      )
    ).behoefteToevoegen.versie
    expect(
      (await fout(VASTSTELLEN, { g: code, p: vrijwillig.plan.id, v, k: sleutel() }, medewerker)).extensions,
    ).toEqual({
      code: 'PRECONDITION_FAILED',
      ontbreekt: 'afgerondGesprek',
      ontbrekendeStap: 'EIGEN_KRACHT',
      ontbrekendeStappen: ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'],
    })

    const gedwongen = await conceptPlan('kind', { verwijzerType: 'RECHTER_OF_JUSTITIE', stappen: false })
    const invoer2 = behoefteInvoer(gedwongen.inwonerId, 'VB-OB-01', 'B')
    const v2 = (
      await stack.data(
        BEHOEFTE,
        { g: code, p: gedwongen.plan.id, v: gedwongen.plan.versie, k: sleutel(), invoer: invoer2 },
        medewerker,
      )
    ).behoefteToevoegen.versie
    expect(
      (await stack.data(VASTSTELLEN, { g: code, p: gedwongen.plan.id, v: v2, k: sleutel() }, medewerker))
        .planVaststellen.status,
    ).toBe('ACTIEF')
  })
})

describe('the law fits the person', () => {
  it('refuses a Jeugdwet need for an adult and a Wmo need for a child, and writes nothing', async () => {
    const volwassene = await conceptPlan('volwassen')
    const leeftijd = leeftijdOp(volwassene.geboortedatum, dag)
    const jeugd = await fout(
      BEHOEFTE,
      {
        g: code,
        p: volwassene.plan.id,
        v: volwassene.plan.versie,
        k: sleutel(),
        invoer: behoefteInvoer(volwassene.inwonerId, 'VB-OB-01', 'B'),
      },
      medewerker,
    )
    expect(jeugd).toEqual({
      message:
        'Opvoeden en opgroeien valt onder de Jeugdwet. Die is voor inwoners jonger dan 18 jaar. ' +
        'Tot 23 jaar kan jeugdhulp alleen doorgaan als die voor het 18e jaar begon. ' +
        `Deze inwoner is ${leeftijd} jaar op ${dag}` +
        (leeftijd < 23 ? ' en kreeg voor het 18e jaar geen jeugdhulp.' : '.'),
      extensions: {
        code: 'PRECONDITION_FAILED',
        ontbreekt: 'jeugdige',
        wet: 'JEUGDWET',
        leeftijd,
        peildatum: dag,
      },
    })

    const kind = await conceptPlan('kind')
    const wmo = await fout(
      BEHOEFTE,
      {
        g: code,
        p: kind.plan.id,
        v: kind.plan.versie,
        k: sleutel(),
        invoer: behoefteInvoer(kind.inwonerId, 'VB-OB-04', 'B'),
      },
      medewerker,
    )
    expect(wmo.extensions).toEqual({
      code: 'PRECONDITION_FAILED',
      ontbreekt: 'volwassene',
      wet: 'WMO',
      leeftijd: leeftijdOp(kind.geboortedatum, dag),
      peildatum: dag,
    })
    const [{ n }] = await stack
      .gemeente(code)
      .db.query('SELECT COUNT(*) AS n FROM plan_behoefte WHERE planId IN (?, ?)', [
        volwassene.plan.id,
        kind.plan.id,
      ])
    expect(Number(n)).toBe(0)
  })
})
