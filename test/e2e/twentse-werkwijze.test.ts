import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { plusDagen, vandaag } from '../../shared/domain/dates'
import { isValidBsn } from '../../shared/ijw/identifiers'
import { identities, startTestStack, type GraphQLResponseBody, type TestStack } from '../harness/stack'
import {
  BEEINDIGD,
  BEHOEFTE,
  GESTART,
  inwonerToken,
  KEUZE,
  KEUZE_AANBIEDERS,
  MELDING,
  PLAN,
  STAP,
  TOEWIJZEN,
  VASTSTELLEN,
} from '../harness/werkwijze'

// The Twents workflow in one walk through the gateway, as staff and as the resident together:
// a household registered from the population register, the conversation, a plan with a need,
// the resident's choice, the allocation, a level change and a new result that each replace the
// running allocation, the gemeente ending care, the resident evaluating and rating, and the plan
// closing only after care ended. Each step's refusals are asserted where they would bite, with
// nothing written. Dates are today's: nothing is reported before it happens.

const code = '0153'
const dag = vandaag()
let stack: TestStack
let volg = 0
const sleutel = () => `tw-${process.pid}-${Date.now()}-${volg++}`
const medewerker = identities.medewerker(code)
const systeem: Identity = {
  sub: 'brp-0153',
  naam: 'BRP-koppeling Enschede',
  rol: 'GEMEENTESYSTEEM',
  gemeente: code,
}

beforeAll(async () => {
  stack = await startTestStack('twentse-werkwijze', { gemeenten: [code], inwoners: 60 })
})
afterAll(async () => {
  await stack?.stop()
})

type Fout = NonNullable<GraphQLResponseBody['errors']>[number]
/** The first error of a refused operation, without the gateway's routing details. */
async function weigering(source: string, variables: Record<string, unknown>, as: Identity) {
  const { body } = await stack.query(source, { variables, as })
  expect(body.errors, 'expected a refusal').toBeDefined()
  const { message, extensions } = body.errors![0] as Fout
  const { gemeente: _g, serviceName: _s, ...rest } = extensions ?? {}
  return { message, extensions: rest }
}
const rows = (sql: string, params: unknown[] = []) =>
  stack.gemeente(code).db.query(sql, params) as Promise<Record<string, any>[]>
const aantal = async (sql: string, params: unknown[] = []) => Number((await rows(sql, params))[0].n)

/** BSNs (elfproef) from the top of the test range that nobody in the seeded data has. */
async function vrijeBsns(n: number): Promise<string[]> {
  const vrij: string[] = []
  for (let kandidaat = 999_999_880; vrij.length < n; kandidaat--) {
    const bsn = String(kandidaat)
    if (isValidBsn(bsn) && (await aantal('SELECT COUNT(*) AS n FROM inwoner WHERE bsn = ?', [bsn])) === 0)
      vrij.push(bsn)
  }
  return vrij
}

const BRP = /* GraphQL */ `
  mutation Brp($g: ID!, $personen: [BrpPersoonInvoer!]!, $k: String!) {
    brpPersonenVerwerken(gemeenteCode: $g, personen: $personen, idempotentieSleutel: $k) {
      inwonerId
      huishoudenId
      uitkomst
    }
  }
`
const ZONDER_PLAN = /* GraphQL */ `
  query ZonderPlan($g: ID!, $na: String) {
    huishoudensZonderPlan(gemeenteCode: $g, eerste: 100, na: $na) {
      edges {
        node {
          id
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`
const MIJ = /* GraphQL */ `
  query Mij($g: ID!) {
    mij(gemeenteCode: $g) {
      volwassen
      plannen {
        id
        status
        versie
        behoeften {
          id
          niveau
          gekozenDoor
          resultaten {
            id
            omschrijving
          }
        }
      }
      toewijzingen {
        id
        status
        aanbieder {
          agbCode
        }
      }
      toegangslog(eerste: 100) {
        edges {
          node {
            rol
            gebeurtenis
          }
        }
      }
    }
  }
`
const KIEZEN = /* GraphQL */ `
  mutation Kiezen($g: ID!, $b: ID!, $agb: ID!, $k: String!) {
    aanbiederKiezen(gemeenteCode: $g, behoefteId: $b, agbCode: $agb, idempotentieSleutel: $k) {
      gekozenDoor
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
      toewijzingen {
        id
        toewijzingNummer
        status
        ingangsdatum
        einddatum
        redenBeeindiging
        vervangt {
          toewijzingNummer
        }
      }
    }
  }
`
const GEMEENTE_BEEINDIGT = /* GraphQL */ `
  mutation GemeenteBeeindigt($g: ID!, $t: ID!, $reden: String!, $k: String!) {
    toewijzingBeeindigen(gemeenteCode: $g, toewijzingId: $t, reden: $reden, idempotentieSleutel: $k) {
      status
      einddatum
      redenBeeindiging
    }
  }
`
const PORTAAL = /* GraphQL */ `
  query Portaal($g: ID!) {
    toewijzingen(gemeenteCode: $g, eerste: 100) {
      edges {
        node {
          toewijzingNummer
          status
          vervangt {
            toewijzingNummer
          }
        }
      }
    }
  }
`
const EVALUEREN = /* GraphQL */ `
  mutation Evalueren($g: ID!, $invoer: EvaluatieInvoer!, $k: String!) {
    evaluatieVastleggen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      door
      voortgang
    }
  }
`
const WAARDEREN = /* GraphQL */ `
  mutation Waarderen($g: ID!, $t: ID!, $k: String!) {
    aanbiederWaarderen(
      gemeenteCode: $g
      toewijzingId: $t
      score: 5
      toelichting: "Goed geholpen."
      idempotentieSleutel: $k
    ) {
      score
    }
  }
`
const BEOORDELEN = /* GraphQL */ `
  mutation Beoordelen($g: ID!, $p: ID!, $v: Int!, $b: [ResultaatBeoordeling!]!, $k: String!) {
    resultatenBeoordelen(
      gemeenteCode: $g
      planId: $p
      versie: $v
      beoordelingen: $b
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
    }
  }
`

/** A Wmo need, two of its levels, and a provider contracted today for both. */
async function tweeNiveaus(): Promise<{ ob: string; van: string; naar: string; agb: string }> {
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
      const beide = new Set(await agbs(ob, naar))
      const agb = (await agbs(ob, van)).find((a) => beide.has(a))
      if (agb) return { ob, van, naar, agb }
    }
  throw new Error('no provider contracted for two levels of a Wmo need in 0153')
}

describe('the Twents workflow, walked by staff and the resident together', () => {
  it('runs from a BRP registration to a closed plan, and refuses each step taken out of turn', async () => {
    // 1. The gemeente's own system registers a parent and a child from the population register.
    const [bsnOuder, bsnKind] = await vrijeBsns(2)
    const adres = { straat: 'Walstraat', huisnummer: 3, postcode: '7511 GE', woonplaats: 'Enschede' }
    const persoon = (bsn: string, voornamen: string, datum: string) => ({
      burgerservicenummer: bsn,
      naam: { voornamen, geslachtsnaam: 'Wessels' },
      geboorte: { datum },
      gemeenteVanInschrijving: code,
      verblijfplaats: adres,
    })
    const personen = [
      persoon(bsnOuder, 'Marloes', plusDagen(dag, -40 * 366)),
      persoon(bsnKind, 'Daan', plusDagen(dag, -9 * 366)),
    ]
    expect((await weigering(BRP, { g: code, personen, k: sleutel() }, medewerker)).extensions.code).toBe(
      'FORBIDDEN',
    )
    const ingeschreven = (await stack.data(BRP, { g: code, personen, k: sleutel() }, systeem))
      .brpPersonenVerwerken
    expect(ingeschreven.map((p: { uitkomst: string }) => p.uitkomst)).toEqual(['NIEUW', 'NIEUW'])
    const [ouder, kind] = ingeschreven as { inwonerId: string; huishoudenId: string }[]
    const huishoudenId = ouder.huishoudenId
    expect(kind.huishoudenId).toBe(huishoudenId)

    // 2. Staff find the household among those without an open plan.
    const zonderPlan: string[] = []
    for (let na: string | null = null; ;) {
      const pagina: {
        edges: { node: { id: string } }[]
        pageInfo: { hasNextPage: boolean; endCursor: string }
      } = (await stack.data(ZONDER_PLAN, { g: code, na }, medewerker)).huishoudensZonderPlan
      zonderPlan.push(...pagina.edges.map((e) => e.node.id))
      if (!pagina.pageInfo.hasNextPage) break
      na = pagina.pageInfo.endCursor
    }
    expect(zonderPlan).toContain(huishoudenId)

    // 3. A request, a draft plan with a Wmo need for the parent. The law fits the person: a
    //    Jeugdwet need for the parent is refused; adopting before the conversation is too.
    const invoer = { huishoudenId, verwijzerType: 'GEMEENTE', omschrijving: 'Test: gezin vraagt hulp.' }
    const melding = (await stack.data(MELDING, { g: code, invoer, k: sleutel() }, medewerker))
      .meldingRegistreren
    const concept = (await stack.data(PLAN, { g: code, m: melding.id, d: dag, k: sleutel() }, medewerker))
      .planOpstellen
    const { ob, van, naar, agb } = await tweeNiveaus()
    const behoefte = (ondersteuningsbehoefte: string, niveau: string) => ({
      inwonerId: ouder.inwonerId,
      ondersteuningsbehoefte,
      niveau,
      resultaten: [
        { omschrijving: 'Test: ik regel zelf mijn administratie.', streefdatum: plusDagen(dag, 200) },
      ],
    })
    const jeugd = {
      g: code,
      p: concept.id,
      v: concept.versie,
      invoer: behoefte('VB-OB-01', 'B'),
      k: sleutel(),
    }
    expect((await weigering(BEHOEFTE, jeugd, medewerker)).extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      ontbreekt: 'jeugdige',
    })
    const metBehoefte = { g: code, p: concept.id, v: concept.versie, invoer: behoefte(ob, van), k: sleutel() }
    let versie = (await stack.data(BEHOEFTE, metBehoefte, medewerker)).behoefteToevoegen.versie
    expect(
      (await weigering(VASTSTELLEN, { g: code, p: concept.id, v: versie, k: sleutel() }, medewerker))
        .extensions,
    ).toMatchObject({ code: 'PRECONDITION_FAILED', ontbreekt: 'afgerondGesprek' })
    for (const stap of ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'])
      await stack.data(STAP, { g: code, m: melding.id, stap, k: sleutel() }, medewerker)
    versie = (await stack.data(VASTSTELLEN, { g: code, p: concept.id, v: versie, k: sleutel() }, medewerker))
      .planVaststellen.versie

    // 4. The parent sees the plan through mij and chooses the provider; the child, a minor, does
    //    not see the parent's need; nothing is recorded by the refusal.
    const ouderToken = inwonerToken(bsnOuder)
    const mijnPlan = async () =>
      (await stack.data(MIJ, { g: code }, ouderToken)).mij.plannen.find(
        (p: { id: string }) => p.id === concept.id,
      )
    const plan = await mijnPlan()
    expect(plan).toMatchObject({ status: 'ACTIEF', versie, behoeften: [{ niveau: van, gekozenDoor: null }] })
    const behoefteId = plan.behoeften[0].id as string
    const keuze = (await stack.data(KEUZE, { g: code, b: behoefteId }, ouderToken)).keuzeVoorBehoefte
    expect(keuze.map((a: { agbCode: string }) => a.agbCode)).toContain(agb)
    expect(
      (await weigering(KIEZEN, { g: code, b: behoefteId, agb, k: sleutel() }, inwonerToken(bsnKind)))
        .extensions,
    ).toEqual({ code: 'NOT_FOUND', id: behoefteId })
    expect(
      (await stack.data(KIEZEN, { g: code, b: behoefteId, agb, k: sleutel() }, ouderToken)).aanbiederKiezen,
    ).toEqual({ gekozenDoor: 'INWONER' })

    // 5. Staff allocate to the chosen provider; the provider reports the start, not before it happened.
    const eind = plusDagen(dag, 120)
    const toewijzing = (
      await stack.data(
        TOEWIJZEN,
        {
          g: code,
          k: sleutel(),
          invoer: {
            behoefteId,
            productcategorie: 'WMO_BEGELEIDING',
            ingangsdatum: dag,
            einddatum: eind,
            volume: 2,
          },
        },
        medewerker,
      )
    ).toewijzen
    const aanbieder = identities.aanbieder(agb)
    const morgen = plusDagen(dag, 1)
    expect(
      (await weigering(GESTART, { g: code, t: toewijzing.id, d: morgen, k: sleutel() }, aanbieder))
        .extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'datum' })
    await stack.data(GESTART, { g: code, t: toewijzing.id, d: dag, k: sleutel() }, aanbieder)

    // 6. A level change replaces the running allocation in the same change of the plan.
    const aanpassen = (a: Record<string, unknown>, reden: string) =>
      stack.data(AANPASSEN, { g: code, p: concept.id, v: versie, reden, a, k: sleutel() }, medewerker)
    const niveau = (await aanpassen({ niveaus: [{ behoefteId, niveau: naar }] }, 'Meer hulp nodig.'))
      .planAanpassen
    versie = niveau.versie
    const [oud, tweede] = niveau.toewijzingen
    expect([oud, tweede]).toMatchObject([
      {
        toewijzingNummer: toewijzing.toewijzingNummer,
        status: 'BEEINDIGD',
        redenBeeindiging: `Niveau ${van} wordt ${naar} in het plan: Meer hulp nodig.`,
        vervangt: null,
      },
      {
        status: 'TOEGEWEZEN',
        ingangsdatum: dag,
        einddatum: eind,
        vervangt: { toewijzingNummer: oud.toewijzingNummer },
      },
    ])

    // 7. A new result changes what the allocation pays for: it is replaced too, at the same level.
    const resultaat = {
      behoefteId,
      omschrijving: 'Test: ik betaal zelf mijn rekeningen op tijd.',
      streefdatum: plusDagen(dag, 150),
    }
    const metResultaat = (await aanpassen({ resultaten: [resultaat] }, 'Een doel erbij.')).planAanpassen
    versie = metResultaat.versie
    const derde = metResultaat.toewijzingen.find(
      (t: { vervangt: { toewijzingNummer: number } | null }) =>
        t.vervangt?.toewijzingNummer === tweede.toewijzingNummer,
    )
    expect(metResultaat.toewijzingen).toHaveLength(3)
    expect(metResultaat.toewijzingen.find((t: { id: string }) => t.id === tweede.id)).toMatchObject({
      status: 'BEEINDIGD',
      redenBeeindiging: expect.stringMatching(/^Nieuw resultaat voor .+ in het plan: Een doel erbij\.$/),
    })
    expect(derde).toMatchObject({ status: 'TOEGEWEZEN', ingangsdatum: dag, einddatum: eind })

    // The provider sees the whole chain in its own list.
    const portaal = (await stack.data(PORTAAL, { g: code }, aanbieder)).toewijzingen.edges
      .map((e: { node: { toewijzingNummer: number } }) => e.node)
      .filter((t: { toewijzingNummer: number }) =>
        [oud, tweede, derde].some((x) => x.toewijzingNummer === t.toewijzingNummer),
      )
    expect(portaal).toHaveLength(3)

    // 8. The provider starts the latest; the plan cannot close while it runs; the gemeente ends it.
    await stack.data(GESTART, { g: code, t: derde.id, d: dag, k: sleutel() }, aanbieder)
    // Staff assess the results: the plan still cannot close while care runs.
    const beoordelingen = (await mijnPlan()).behoeften[0].resultaten
      .map((r: { id: string }) => r.id)
      .map((resultaatId: string) => ({ resultaatId, uitkomst: 'BEHAALD' }))
    versie = (
      await stack.data(
        BEOORDELEN,
        { g: code, p: concept.id, v: versie, b: beoordelingen, k: sleutel() },
        medewerker,
      )
    ).resultatenBeoordelen.versie
    expect(
      (await weigering(AFSLUITEN, { g: code, p: concept.id, v: versie, k: sleutel() }, medewerker))
        .extensions,
    ).toMatchObject({ code: 'PRECONDITION_FAILED', ontbreekt: 'beeindigdeZorg' })
    const reden = 'De doelen zijn bereikt.'
    expect(
      (await weigering(GEMEENTE_BEEINDIGT, { g: code, t: derde.id, reden, k: sleutel() }, aanbieder))
        .extensions,
    ).toMatchObject({ code: 'FORBIDDEN' })
    expect(
      (await stack.data(GEMEENTE_BEEINDIGT, { g: code, t: derde.id, reden, k: sleutel() }, medewerker))
        .toewijzingBeeindigen,
    ).toEqual({ status: 'BEEINDIGD', einddatum: dag, redenBeeindiging: reden })
    expect(
      (await weigering(BEEINDIGD, { g: code, t: derde.id, d: dag, k: sleutel() }, aanbieder)).extensions,
    ).toMatchObject({ code: 'INVALID_TRANSITION' })

    // 9. The resident evaluates a result and rates the ended care, with IDs from mij; the rating
    //    of care that never ended is refused.
    const nu = await mijnPlan()
    const resultaatIds = nu.behoeften[0].resultaten.map((r: { id: string }) => r.id) as string[]
    const evaluatie = { resultaatId: resultaatIds[0], voortgang: 90, toelichting: 'Het gaat bijna vanzelf.' }
    expect(
      (await stack.data(EVALUEREN, { g: code, invoer: evaluatie, k: sleutel() }, ouderToken))
        .evaluatieVastleggen,
    ).toEqual({ door: 'INWONER', voortgang: 90 })
    expect(
      (await stack.data(WAARDEREN, { g: code, t: derde.id, k: sleutel() }, ouderToken)).aanbiederWaarderen,
    ).toEqual({ score: 5 })

    // 10. Staff close the plan, now that no care runs.
    expect(
      (await stack.data(AFSLUITEN, { g: code, p: concept.id, v: versie, k: sleutel() }, medewerker))
        .planAfsluiten,
    ).toEqual({ status: 'AFGESLOTEN' })

    // The resident sees the closed plan, every allocation of the chain, and that staff and the
    // their data was read; their own changes are in that log, their own reads are not.
    const eind_mij = (await stack.data(MIJ, { g: code }, ouderToken)).mij
    expect(eind_mij.plannen.find((p: { id: string }) => p.id === concept.id).status).toBe('AFGESLOTEN')
    expect(
      eind_mij.toewijzingen
        .filter((t: { id: string }) => [oud.id, tweede.id, derde.id].includes(t.id))
        .map((t: { status: string; aanbieder: { agbCode: string } }) => [t.status, t.aanbieder.agbCode]),
    ).toEqual([
      ['BEEINDIGD', agb],
      ['BEEINDIGD', agb],
      ['BEEINDIGD', agb],
    ])
    const log = eind_mij.toegangslog.edges.map((e: { node: object }) => e.node)
    expect(log).toContainEqual({ rol: 'TOEGANGSMEDEWERKER', gebeurtenis: 'RAADPLEGEN' })
    expect(log).toContainEqual({ rol: 'INWONER', gebeurtenis: 'WIJZIGEN' })
    expect(log).not.toContainEqual({ rol: 'INWONER', gebeurtenis: 'RAADPLEGEN' })
  })
})
