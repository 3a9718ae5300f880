import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { plusDagen, vandaag } from '../../shared/domain/dates'
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
  KEUZE,
  KEUZE_AANBIEDERS,
  KIEZEN as KIEZEN_OP_DATUM,
  MELDING,
  PLAN,
  STAP,
  TOEWIJZEN,
  VASTSTELLEN,
} from '../harness/werkwijze'

// The resident acts with the IDs from their own view (`mij`): chooses a provider, evaluates a
// result and rates the ended allocation, walked through the gateway in Enschede.

let stack: TestStack
let volg = 0
const sleutel = () => `ih-${process.pid}-${Date.now()}-${volg++}`
const code = '0153'
const medewerker = identities.medewerker(code)
const dag = vandaag()

beforeAll(async () => {
  stack = await startTestStack('inwoner-handelt', { gemeenten: [code], inwoners: 160 })
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

const rows = (sql: string, params: unknown[] = []) =>
  stack.gemeente(code).db.query(sql, params) as Promise<Record<string, any>[]>

const MIJN_PLAN = /* GraphQL */ `
  query MijnPlan($g: ID!) {
    mij(gemeenteCode: $g) {
      plannen {
        id
        status
        versie
        behoeften {
          id
          code
          niveau
          gekozenDoor
          gekozenAanbieder {
            agbCode
          }
          resultaten {
            id
            omschrijving
          }
        }
      }
      toewijzingen {
        id
        status
      }
    }
  }
`
const KIEZEN = /* GraphQL */ `
  mutation Kiezen($g: ID!, $b: ID!, $agb: ID!, $k: String!) {
    aanbiederKiezen(gemeenteCode: $g, behoefteId: $b, agbCode: $agb, idempotentieSleutel: $k) {
      id
      gekozenDoor
      gekozenAanbieder {
        agbCode
      }
    }
  }
`
const EVALUEREN = /* GraphQL */ `
  mutation Evalueren($g: ID!, $invoer: EvaluatieInvoer!, $k: String!) {
    evaluatieVastleggen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      door
      datum
      voortgang
      toelichting
    }
  }
`
const WAARDEREN = /* GraphQL */ `
  mutation Waarderen($g: ID!, $t: ID!, $k: String!) {
    aanbiederWaarderen(
      gemeenteCode: $g
      toewijzingId: $t
      score: 4
      toelichting: "Fijn geholpen, op tijd."
      idempotentieSleutel: $k
    ) {
      score
      toelichting
      datum
      toewijzing {
        id
        status
      }
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
      behoeften {
        resultaten {
          id
          uitkomst
        }
      }
      versies {
        versie
        reden
      }
    }
  }
`

/** A household without an open plan in which an adult and a minor live. */
async function gezinZonderPlan() {
  const volwassenVoor = plusDagen(dag, -19 * 366)
  const kindNa = plusDagen(dag, -10 * 366)
  const [h] = await rows(
    `SELECT i.huishoudenId AS huishoudenId FROM inwoner i
     WHERE NOT EXISTS (SELECT 1 FROM plan p WHERE p.huishoudenId = i.huishoudenId AND p.openSleutel IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM melding m WHERE m.huishoudenId = i.huishoudenId AND m.omschrijving LIKE 'Test:%')
     GROUP BY i.huishoudenId HAVING MIN(i.geboortedatum) < ? AND MAX(i.geboortedatum) > ?
     ORDER BY i.huishoudenId LIMIT 1`,
    [volwassenVoor, kindNa],
  )
  const leden = await rows(
    'SELECT id, bsn, geboortedatum FROM inwoner WHERE huishoudenId = ? ORDER BY geboortedatum',
    [h.huishoudenId],
  )
  return {
    huishoudenId: h.huishoudenId as string,
    volwassene: leden[0] as { id: string; bsn: string },
    kind: leden[leden.length - 1] as { id: string; bsn: string },
  }
}

/** A Wmo need and level with a provider contracted for it today. */
async function wmoBehoefte(): Promise<{ ob: string; niveau: string }> {
  for (const ob of ['VB-OB-04', 'VB-OB-05', 'VB-OB-07'])
    for (const niveau of ['B', 'C', 'D']) {
      const { keuzeAanbieders } = await stack.data(KEUZE_AANBIEDERS, { ob, n: niveau, d: dag }, medewerker)
      if (keuzeAanbieders.edges.length) return { ob, niveau }
    }
  throw new Error('no Wmo need with a contracted provider in 0153')
}

/** Staff's part: request, the conversation's steps, a plan with one Wmo need for the adult, adopted. */
async function vastgesteldPlan(huishoudenId: string, inwonerId: string, resultaten: string[]) {
  const { ob, niveau } = await wmoBehoefte()
  const invoer = { huishoudenId, verwijzerType: 'GEMEENTE', omschrijving: 'Test: de inwoner handelt zelf.' }
  const melding = (await stack.data(MELDING, { g: code, invoer, k: sleutel() }, medewerker))
    .meldingRegistreren
  for (const stap of ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'])
    await stack.data(STAP, { g: code, m: melding.id, stap, k: sleutel() }, medewerker)
  const plan = (await stack.data(PLAN, { g: code, m: melding.id, d: dag, k: sleutel() }, medewerker))
    .planOpstellen
  const behoefte = {
    inwonerId,
    ondersteuningsbehoefte: ob,
    niveau,
    resultaten: resultaten.map((omschrijving) => ({ omschrijving, streefdatum: plusDagen(dag, 200) })),
  }
  const { versie } = (
    await stack.data(
      BEHOEFTE,
      { g: code, p: plan.id, v: plan.versie, invoer: behoefte, k: sleutel() },
      medewerker,
    )
  ).behoefteToevoegen
  await stack.data(VASTSTELLEN, { g: code, p: plan.id, v: versie, k: sleutel() }, medewerker)
  return { planId: plan.id as string, ob, niveau }
}

describe('the resident acts with the IDs from their own view', () => {
  it('sees the plan, chooses a provider, and after care ended evaluates a result and rates the provider', async () => {
    const gezin = await gezinZonderPlan()
    const resultaat = 'Test: ik doe zelf mijn boodschappen, twee keer per week.'
    const { planId, ob, niveau } = await vastgesteldPlan(gezin.huishoudenId, gezin.volwassene.id, [resultaat])
    const zelf = inwonerToken(gezin.volwassene.bsn)

    // The resident sees the plan and the need in it through mij: no provider chosen yet.
    const voor = (await stack.data(MIJN_PLAN, { g: code }, zelf)).mij
    const plan = voor.plannen.find((p: { id: string }) => p.id === planId)
    const behoefte = plan.behoeften[0]
    expect({ ...plan, behoeften: [{ ...behoefte, id: 'b', resultaten: [] }] }).toEqual({
      id: planId,
      status: 'ACTIEF',
      versie: 3,
      behoeften: [{ id: 'b', code: ob, niveau, gekozenDoor: null, gekozenAanbieder: null, resultaten: [] }],
    })
    expect(behoefte.resultaten.map((r: { omschrijving: string }) => r.omschrijving)).toEqual([resultaat])

    // Choosing from the providers the gemeente offers for this need.
    const keuze = (await stack.data(KEUZE, { g: code, b: behoefte.id }, zelf)).keuzeVoorBehoefte
    const agb = keuze[0].agbCode as string
    // Care still to come: a resident does not choose for a day gone by.
    const terug = await stack.query(KIEZEN_OP_DATUM, {
      variables: { g: code, b: behoefte.id, agb, d: plusDagen(dag, -1), k: sleutel() },
      as: zelf,
    })
    expect(terug.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startdatum' })
    expect(
      (await stack.data(KIEZEN, { g: code, b: behoefte.id, agb, k: sleutel() }, zelf)).aanbiederKiezen,
    ).toEqual({ id: behoefte.id, gekozenDoor: 'INWONER', gekozenAanbieder: { agbCode: agb } })

    // The toegangsmedewerker allocates to the chosen provider; the provider starts and ends care.
    const toewijzing = (
      await stack.data(
        TOEWIJZEN,
        {
          g: code,
          k: sleutel(),
          invoer: {
            behoefteId: behoefte.id,
            productcategorie: 'WMO_BEGELEIDING',
            ingangsdatum: dag,
            einddatum: plusDagen(dag, 120),
            volume: 2,
          },
        },
        medewerker,
      )
    ).toewijzen
    const aanbieder = identities.aanbieder(agb)
    await stack.data(GESTART, { g: code, t: toewijzing.id, d: dag, k: sleutel() }, aanbieder)
    await stack.data(BEEINDIGD, { g: code, t: toewijzing.id, d: dag, k: sleutel() }, aanbieder)

    // Back in mij: the choice is the resident's, and the allocation has ended.
    const na = (await stack.data(MIJN_PLAN, { g: code }, zelf)).mij
    const nuPlan = na.plannen.find((p: { id: string }) => p.id === planId)
    expect(nuPlan.behoeften[0].gekozenDoor).toBe('INWONER')
    expect(na.toewijzingen.filter((t: { id: string }) => t.id === toewijzing.id)).toEqual([
      { id: toewijzing.id, status: 'BEEINDIGD' },
    ])

    const resultaatId = nuPlan.behoeften[0].resultaten[0].id
    const invoer = { resultaatId, voortgang: 80, toelichting: 'Het lukt bijna altijd zelf.' }

    // A minor of the household neither evaluates nor rates what is about the adult: hidden, as on
    // reading, and nothing is recorded (the one rating of the allocation stays the adult's).
    const kind = inwonerToken(gezin.kind.bsn)
    expect(await fout(EVALUEREN, { g: code, invoer, k: sleutel() }, kind)).toEqual({
      message: `Resultaat ${resultaatId} bestaat niet of is niet zichtbaar voor u.`,
      extensions: { code: 'NOT_FOUND', id: resultaatId },
    })
    expect(await fout(WAARDEREN, { g: code, t: toewijzing.id, k: sleutel() }, kind)).toEqual({
      message: `Toewijzing ${toewijzing.id} bestaat niet of is niet zichtbaar voor u.`,
      extensions: { code: 'NOT_FOUND', id: toewijzing.id },
    })
    expect(await rows('SELECT id FROM evaluatie WHERE resultaatId = ?', [resultaatId])).toEqual([])
    expect(
      (await stack.data(EVALUEREN, { g: code, invoer, k: sleutel() }, zelf)).evaluatieVastleggen,
    ).toEqual({
      door: 'INWONER',
      datum: dag,
      voortgang: 80,
      toelichting: 'Het lukt bijna altijd zelf.',
    })
    expect(
      (await stack.data(WAARDEREN, { g: code, t: toewijzing.id, k: sleutel() }, zelf)).aanbiederWaarderen,
    ).toEqual({
      score: 4,
      toelichting: 'Fijn geholpen, op tijd.',
      datum: dag,
      toewijzing: { id: toewijzing.id, status: 'BEEINDIGD' },
    })
  })

  it('refuses a minor choosing for the family and another household choosing, and records nothing', async () => {
    const gezin = await gezinZonderPlan()
    const { planId } = await vastgesteldPlan(gezin.huishoudenId, gezin.volwassene.id, [
      'Test: ik houd zelf mijn post bij, elke week.',
    ])
    const [behoefte] = await rows('SELECT id FROM plan_behoefte WHERE planId = ?', [planId])
    const [ander] = await rows(
      `SELECT bsn FROM inwoner WHERE huishoudenId <> ? AND geboortedatum < ? ORDER BY id LIMIT 1`,
      [gezin.huishoudenId, plusDagen(dag, -19 * 366)],
    )
    const agb = (await stack.data(KEUZE, { g: code, b: behoefte.id }, medewerker)).keuzeVoorBehoefte[0]
      .agbCode
    const vars = () => ({ g: code, b: behoefte.id, agb, k: sleutel() })

    // A minor's own need, in a seeded family plan: the plan is the family's, so an adult chooses.
    const [eigen] = await rows(
      `SELECT b.id, i.bsn FROM plan_behoefte b JOIN plan p ON p.id = b.planId JOIN inwoner i ON i.id = b.inwonerId
       WHERE p.status = 'ACTIEF' AND i.geboortedatum > ? ORDER BY b.id LIMIT 1`,
      [plusDagen(dag, -16 * 366)],
    )
    expect(await fout(KIEZEN, { g: code, b: eigen.id, agb, k: sleutel() }, inwonerToken(eigen.bsn))).toEqual({
      message: 'Een aanbieder kiezen doet een volwassene in je huishouden. Vraag het aan je ouder.',
      extensions: { code: 'FORBIDDEN' },
    })
    // Another member's need is hidden from a minor as on reading, and from another household.
    for (const bsn of [gezin.kind.bsn, ander.bsn])
      expect(await fout(KIEZEN, vars(), inwonerToken(bsn))).toEqual({
        message: `Behoefte ${behoefte.id} bestaat niet of is niet zichtbaar voor u.`,
        extensions: { code: 'NOT_FOUND', id: behoefte.id },
      })
    expect(
      await rows('SELECT gekozenAanbiederAgbCode, gekozenDoor FROM plan_behoefte WHERE id = ?', [
        behoefte.id,
      ]),
    ).toEqual([{ gekozenAanbiederAgbCode: null, gekozenDoor: null }])

    // Staff may still choose on the resident's behalf; then it says so.
    expect((await stack.data(KIEZEN, vars(), medewerker)).aanbiederKiezen).toEqual({
      id: behoefte.id,
      gekozenDoor: 'TOEGANGSMEDEWERKER',
      gekozenAanbieder: { agbCode: agb },
    })
  })
})

/** A plan of a household with an adult and a minor, adopted, with one need and a provider contracted for it. */
async function planMetKeuze(resultaat: string) {
  const gezin = await gezinZonderPlan()
  const { planId } = await vastgesteldPlan(gezin.huishoudenId, gezin.volwassene.id, [resultaat])
  const [behoefte] = await rows('SELECT id FROM plan_behoefte WHERE planId = ?', [planId])
  const agb = (await stack.data(KEUZE, { g: code, b: behoefte.id }, medewerker)).keuzeVoorBehoefte[0]
    .agbCode as string
  return { planId, behoefteId: behoefte.id as string, agb }
}

/**
 * Sends `verzoek` while another transaction holds the plan's row, as a change of the plan does
 * (wijzigPlan); checks that it waits, then closes the plan in that transaction and answers how
 * the request ended.
 */
async function terwijlHetPlanSluit(planId: string, verzoek: () => Promise<{ body: GraphQLResponseBody }>) {
  const sluiting = stack.gemeente(code).db.createQueryRunner()
  await sluiting.startTransaction()
  try {
    await sluiting.query('SELECT id FROM plan WHERE id = ? FOR UPDATE', [planId])
    let klaar = false
    const antwoord = verzoek().finally(() => (klaar = true))
    await totIemandWacht(stack.gemeente(code).db)
    expect(klaar, 'the request waits for the plan').toBe(false)
    await sluiting.query("UPDATE plan SET status = 'AFGESLOTEN', openSleutel = NULL WHERE id = ?", [planId])
    await sluiting.commitTransaction()
    return (await antwoord).body
  } finally {
    if (sluiting.isTransactionActive) await sluiting.rollbackTransaction()
    await sluiting.release()
  }
}

// SQLite writes one transaction at a time; MariaDB runs them side by side.
describe.runIf(!!TEST_DATABASE_URL)(
  'a change of a plan and what is decided under it at the same time',
  () => {
    it('take turns: an allocation asked while the plan is being closed waits, and is then refused', async () => {
      const { planId, behoefteId, agb } = await planMetKeuze('Test: ik kook zelf drie keer per week.')
      await stack.data(KIEZEN, { g: code, b: behoefteId, agb, k: sleutel() }, medewerker)
      const invoer = {
        behoefteId,
        productcategorie: 'WMO_BEGELEIDING',
        ingangsdatum: dag,
        einddatum: plusDagen(dag, 60),
        volume: 2,
      }
      const body = await terwijlHetPlanSluit(planId, () =>
        stack.query(TOEWIJZEN, { variables: { g: code, k: sleutel(), invoer }, as: medewerker }),
      )
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        huidigeStatus: 'AFGESLOTEN',
      })
      expect(await rows('SELECT id FROM toewijzing WHERE planId = ?', [planId])).toEqual([])
    })

    it('take turns: a choice of provider waits for the plan, and is then refused', async () => {
      const { planId, behoefteId, agb } = await planMetKeuze('Test: ik strijk zelf mijn was, elke week.')
      const body = await terwijlHetPlanSluit(planId, () =>
        stack.query(KIEZEN, { variables: { g: code, b: behoefteId, agb, k: sleutel() }, as: medewerker }),
      )
      expect(body.errors?.[0]?.extensions).toMatchObject({
        ontbreekt: 'openPlan',
        huidigeStatus: 'AFGESLOTEN',
      })
      expect(
        await rows('SELECT gekozenAanbiederAgbCode FROM plan_behoefte WHERE id = ?', [behoefteId]),
      ).toEqual([{ gekozenAanbiederAgbCode: null }])
    })
  },
)

describe('assessing several results at once', () => {
  it('records every outcome in one new version, or none when one result is not of the plan', async () => {
    const gezin = await gezinZonderPlan()
    const { planId } = await vastgesteldPlan(gezin.huishoudenId, gezin.volwassene.id, [
      'Test: ik kook zelf drie keer per week.',
      'Test: ik ga zelf naar de huisarts als het nodig is.',
    ])
    const resultaten = await rows(
      'SELECT r.id FROM resultaat r JOIN plan_behoefte b ON b.id = r.behoefteId WHERE b.planId = ? ORDER BY r.id',
      [planId],
    )
    const [vreemd] = await rows(
      'SELECT r.id FROM resultaat r JOIN plan_behoefte b ON b.id = r.behoefteId WHERE b.planId <> ? LIMIT 1',
      [planId],
    )
    const [a, b] = resultaten.map((r) => r.id as string)

    expect(
      await fout(
        BEOORDELEN,
        {
          g: code,
          p: planId,
          v: 3,
          k: sleutel(),
          b: [
            { resultaatId: a, uitkomst: 'BEHAALD' },
            { resultaatId: vreemd.id, uitkomst: 'BEHAALD' },
          ],
        },
        medewerker,
      ),
    ).toEqual({
      message: 'Dit resultaat hoort niet bij het plan.',
      extensions: { code: 'BAD_USER_INPUT', field: 'beoordelingen.1.resultaatId' },
    })
    expect(
      await fout(
        BEOORDELEN,
        {
          g: code,
          p: planId,
          v: 3,
          k: sleutel(),
          b: [
            { resultaatId: a, uitkomst: 'BEHAALD' },
            { resultaatId: a, uitkomst: 'NIET_BEHAALD' },
          ],
        },
        medewerker,
      ),
    ).toEqual({
      message: 'Dit resultaat staat er twee keer in.',
      extensions: { code: 'BAD_USER_INPUT', field: 'beoordelingen.1.resultaatId' },
    })
    expect(await fout(BEOORDELEN, { g: code, p: planId, v: 3, k: sleutel(), b: [] }, medewerker)).toEqual({
      message: 'beoordelingen: 1 tot en met 100 resultaten tegelijk.',
      extensions: { code: 'BAD_USER_INPUT', field: 'beoordelingen' },
    })
    expect(await rows('SELECT uitkomst FROM resultaat WHERE id IN (?, ?)', [a, b])).toEqual([
      { uitkomst: null },
      { uitkomst: null },
    ])

    const plan = (
      await stack.data(
        BEOORDELEN,
        {
          g: code,
          p: planId,
          v: 3,
          k: sleutel(),
          b: [
            { resultaatId: a, uitkomst: 'BEHAALD' },
            { resultaatId: b, uitkomst: 'DEELS_BEHAALD' },
          ],
        },
        medewerker,
      )
    ).resultatenBeoordelen
    expect(plan.versie).toBe(4)
    expect(
      plan.behoeften[0].resultaten.sort((x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1)),
    ).toEqual([
      { id: a, uitkomst: 'BEHAALD' },
      { id: b, uitkomst: 'DEELS_BEHAALD' },
    ])
    expect(plan.versies.at(-1)).toEqual({ versie: 4, reden: 'Resultaten beoordeeld: BEHAALD, DEELS_BEHAALD' })
  })
})
