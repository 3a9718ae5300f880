import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identities, startTestStack, type GraphQLResponseBody, type TestStack } from '../harness/stack'
import type { Identity } from '../../shared/auth/identity'
import { leeftijdOp, vandaag } from '../../shared/domain/dates'

let stack: TestStack
let volg = 0
const sleutel = () => `test-${process.pid}-${Date.now()}-${volg++}`

beforeAll(async () => {
  stack = await startTestStack('workflow', { gemeenten: ['0141', '0153', '0164'], inwoners: 120 })
})
afterAll(async () => {
  await stack?.stop()
})

async function fout(source: string, variables: Record<string, unknown>, as: Identity | null) {
  const { body } = await stack.query(source, { variables, as })
  expect(body.errors, 'expected an error').toBeDefined()
  return body.errors![0] as NonNullable<GraphQLResponseBody['errors']>[number]
}

const aantal = async (code: string, tabel: string) =>
  Number((await stack.gemeente(code).db.query(`SELECT COUNT(*) AS n FROM ${tabel}`))[0].n)

/** A household with no open plan, fresh for each walk, and its oldest member (an adult). */
async function vrijHuishouden(
  code: string,
): Promise<{ huishoudenId: string; inwonerId: string; bsn: string }> {
  const [{ huishoudenId }] = await stack.gemeente(code).db.query(
    `SELECT h.id AS huishoudenId FROM huishouden h
     WHERE NOT EXISTS (SELECT 1 FROM plan p WHERE p.huishoudenId = h.id AND p.openSleutel IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM melding m WHERE m.huishoudenId = h.id AND m.omschrijving LIKE 'Test:%')
       AND EXISTS (SELECT 1 FROM inwoner i WHERE i.huishoudenId = h.id AND i.geboortedatum <= '2000-01-01')
     ORDER BY h.id LIMIT 1`,
  )
  const [inwoner] = await stack
    .gemeente(code)
    .db.query('SELECT id, bsn FROM inwoner WHERE huishoudenId = ? ORDER BY geboortedatum, id LIMIT 1', [
      huishoudenId,
    ])
  return { huishoudenId, inwonerId: inwoner.id, bsn: inwoner.bsn }
}

const MELDING = /* GraphQL */ `
  mutation Melding($g: ID!, $invoer: MeldingInvoer!, $k: String!) {
    meldingRegistreren(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      id
      status
      ontbrekendeStappen
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
      ontbrekendeStappen
    }
  }
`
const PLAN = /* GraphQL */ `
  mutation Plan($g: ID!, $m: ID!, $k: String!) {
    planOpstellen(gemeenteCode: $g, meldingId: $m, startdatum: "2025-01-01", idempotentieSleutel: $k) {
      id
      status
      versie
      regisseur {
        naam
      }
    }
  }
`
const BEHOEFTE = /* GraphQL */ `
  mutation Behoefte($g: ID!, $p: ID!, $v: Int!, $invoer: BehoefteInvoer!, $k: String!) {
    behoefteToevoegen(gemeenteCode: $g, planId: $p, versie: $v, invoer: $invoer, idempotentieSleutel: $k) {
      versie
      behoeften {
        id
        code
        niveau
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
const KEUZE = /* GraphQL */ `
  query Keuze($g: ID!, $b: ID!) {
    keuzeVoorBehoefte(gemeenteCode: $g, behoefteId: $b, startdatum: "2025-02-01") {
      agbCode
      naam
    }
  }
`
const KIEZEN = /* GraphQL */ `
  mutation Kiezen($g: ID!, $b: ID!, $agb: ID!, $k: String!) {
    aanbiederKiezen(
      gemeenteCode: $g
      behoefteId: $b
      agbCode: $agb
      startdatum: "2025-02-01"
      idempotentieSleutel: $k
    ) {
      gekozenAanbieder {
        agbCode
      }
    }
  }
`
const TOEWIJZEN = /* GraphQL */ `
  mutation Toewijzen($g: ID!, $invoer: ToewijzingInvoer!, $k: String!) {
    toewijzen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      id
      toewijzingNummer
      status
      budgetCent
      ingangsdatum
      einddatum
      omvang {
        volume
        eenheid
        frequentie
      }
      aanbieder {
        agbCode
      }
      modules {
        code
        naam
      }
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
      einddatum
    }
  }
`
const EVALUATIE = /* GraphQL */ `
  mutation Evaluatie($g: ID!, $invoer: EvaluatieInvoer!, $k: String!) {
    evaluatieVastleggen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      door
      voortgang
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
    }
  }
`
const BEOORDELEN = /* GraphQL */ `
  mutation Beoordelen($g: ID!, $p: ID!, $v: Int!, $r: ID!, $u: Uitkomst!, $k: String!) {
    resultaatBeoordelen(
      gemeenteCode: $g
      planId: $p
      versie: $v
      resultaatId: $r
      uitkomst: $u
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
      versie
      einddatum
      versies {
        versie
        reden
      }
    }
  }
`

/**
 * A need and level this gemeente has contracted providers for in 2025, under the law that fits the
 * resident's age (Jeugdwet under 18, Wmo from 18).
 */
async function gecontracteerdeBehoefte(
  code: string,
  medewerker: Identity,
  planId: string,
  versie: number,
  inwonerId: string,
) {
  const { gemeente } = await stack.data(
    /* GraphQL */ `
      query Catalogus($g: ID!) {
        gemeente(code: $g) {
          ondersteuningsbehoeften {
            code
            naam
            wet
            niveaus
          }
        }
      }
    `,
    { g: code },
    medewerker,
  )
  const [{ geboortedatum }] = await stack
    .gemeente(code)
    .db.query('SELECT geboortedatum FROM inwoner WHERE id = ?', [inwonerId])
  const wet = leeftijdOp(String(geboortedatum).slice(0, 10), vandaag()) < 18 ? 'JEUGDWET' : 'WMO'
  for (const regel of gemeente.ondersteuningsbehoeften.filter((r: { wet: string }) => r.wet === wet)) {
    for (const niveau of regel.niveaus) {
      const data = await stack.data(
        BEHOEFTE,
        {
          g: code,
          p: planId,
          v: versie,
          k: sleutel(),
          invoer: {
            inwonerId,
            ondersteuningsbehoefte: regel.code,
            niveau,
            resultaten: [
              {
                omschrijving: `Test: het gezin heeft weer een vast weekritme (${regel.code} ${niveau}).`,
                streefdatum: '2025-12-31',
              },
            ],
          },
        },
        medewerker,
      )
      const behoefte = data.behoefteToevoegen.behoeften.find(
        (b: { code: string; niveau: string }) => b.code === regel.code && b.niveau === niveau,
      )
      const keuze = (await stack.data(KEUZE, { g: code, b: behoefte.id }, medewerker)).keuzeVoorBehoefte
      versie = data.behoefteToevoegen.versie
      if (keuze.length > 0) return { behoefte, keuze, versie }
    }
  }
  throw new Error(`no contracted need in ${code}`)
}

for (const code of ['0153', '0141']) {
  describe(`a household from request to closed plan in ${code === '0141' ? 'Almelo (own procurement)' : 'Enschede (regional)'}`, () => {
    it('walks every step, refusing each step out of order and writing nothing for a refusal', async () => {
      const medewerker = identities.medewerker(code)
      const { huishoudenId, inwonerId } = await vrijHuishouden(code)

      const melding = (
        await stack.data(
          MELDING,
          {
            g: code,
            k: sleutel(),
            invoer: {
              huishoudenId,
              verwijzerType: 'HUISARTS',
              verwijzerNaam: 'Huisartsenpraktijk (test)',
              omschrijving: 'Test: zorgen over het dagritme thuis.',
            },
          },
          medewerker,
        )
      ).meldingRegistreren
      expect(melding).toMatchObject({
        status: 'ONTVANGEN',
        ontbrekendeStappen: ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'],
      })

      // The network before the resident's own strength: refused, and the error names the missing step.
      const buitenVolgorde = await fout(
        STAP,
        { g: code, m: melding.id, stap: 'NETWERK', k: sleutel() },
        medewerker,
      )
      expect(buitenVolgorde.extensions).toMatchObject({
        code: 'PRECONDITION_FAILED',
        ontbrekendeStap: 'EIGEN_KRACHT',
      })
      expect(
        (await stack.data(STAP, { g: code, m: melding.id, stap: 'EIGEN_KRACHT', k: sleutel() }, medewerker))
          .gespreksstapVastleggen.status,
      ).toBe('IN_GESPREK')

      const plan = (await stack.data(PLAN, { g: code, m: melding.id, k: sleutel() }, medewerker))
        .planOpstellen
      expect(plan).toMatchObject({ status: 'CONCEPT', versie: 1, regisseur: { naam: medewerker.naam } })
      const {
        behoefte,
        keuze,
        versie: v1,
      } = await gecontracteerdeBehoefte(code, medewerker, plan.id, plan.versie, inwonerId)
      // Adopting the plan decides on paid support: not before the conversation's three steps.
      const gesprekOnvolledig = await fout(
        VASTSTELLEN,
        { g: code, p: plan.id, v: v1, k: sleutel() },
        medewerker,
      )
      expect(gesprekOnvolledig).toMatchObject({
        message:
          'Eerst het gesprek afronden: stap NETWERK is nog niet vastgelegd ' +
          '(ontbreekt: NETWERK, ALGEMENE_VOORZIENINGEN).',
        extensions: {
          code: 'PRECONDITION_FAILED',
          ontbreekt: 'afgerondGesprek',
          ontbrekendeStap: 'NETWERK',
          ontbrekendeStappen: ['NETWERK', 'ALGEMENE_VOORZIENINGEN'],
        },
      })
      await stack.data(STAP, { g: code, m: melding.id, stap: 'NETWERK', k: sleutel() }, medewerker)
      await stack.data(
        STAP,
        { g: code, m: melding.id, stap: 'ALGEMENE_VOORZIENINGEN', k: sleutel() },
        medewerker,
      )
      // The refusal wrote nothing: the version read before it is still the current one.
      const vastgesteld = (
        await stack.data(VASTSTELLEN, { g: code, p: plan.id, v: v1, k: sleutel() }, medewerker)
      ).planVaststellen
      expect(vastgesteld.status).toBe('ACTIEF')
      expect(keuze.every((a: { naam: string }) => typeof a.naam === 'string')).toBe(true)

      const agb = keuze[0].agbCode
      expect(
        (await stack.data(KIEZEN, { g: code, b: behoefte.id, agb, k: sleutel() }, medewerker))
          .aanbiederKiezen,
      ).toEqual({ gekozenAanbieder: { agbCode: agb } })

      const invoer = {
        behoefteId: behoefte.id,
        productcategorie: 'WMO_BEGELEIDING',
        ingangsdatum: '2025-02-01',
        einddatum: '2025-07-31',
        volume: 1,
        modules: ['VB-MOD-04'],
      }
      const toewijzing = (await stack.data(TOEWIJZEN, { g: code, invoer, k: sleutel() }, medewerker))
        .toewijzen
      const hoogste = Number(
        (await stack.gemeente(code).db.query('SELECT MAX(toewijzingNummer) AS n FROM toewijzing'))[0].n,
      )
      expect(toewijzing).toMatchObject({
        status: 'TOEGEWEZEN',
        toewijzingNummer: hoogste,
        aanbieder: { agbCode: agb },
        modules: [{ code: 'VB-MOD-04', naam: 'Vervoer' }],
      })
      expect(toewijzing.budgetCent).toBeGreaterThan(0)

      const aanbieder = identities.aanbieder(agb)
      const andere = identities.aanbieder('00000000')
      expect(
        (await fout(GESTART, { g: code, t: toewijzing.id, d: '2025-02-03', k: sleutel() }, andere))
          .extensions!.code,
      ).toBe('NOT_FOUND')
      expect(
        (await stack.data(GESTART, { g: code, t: toewijzing.id, d: '2025-02-03', k: sleutel() }, aanbieder))
          .zorgGestart,
      ).toEqual({ status: 'GESTART' })
      const tweemaal = await fout(
        GESTART,
        { g: code, t: toewijzing.id, d: '2025-02-04', k: sleutel() },
        aanbieder,
      )
      expect(tweemaal.extensions).toMatchObject({ code: 'INVALID_TRANSITION', huidigeStatus: 'GESTART' })

      const resultaatId = behoefte.resultaten[0].id
      expect(
        (
          await stack.data(
            EVALUATIE,
            {
              g: code,
              k: sleutel(),
              invoer: { resultaatId, voortgang: 40, toelichting: 'Loopt volgens plan.' },
            },
            aanbieder,
          )
        ).evaluatieVastleggen,
      ).toEqual({ door: 'AANBIEDER', voortgang: 40 })
      expect(
        (
          await stack.data(
            EVALUATIE,
            {
              g: code,
              k: sleutel(),
              invoer: { resultaatId, voortgang: 45, toelichting: 'Eens met de aanbieder.' },
            },
            medewerker,
          )
        ).evaluatieVastleggen.door,
      ).toBe('GEMEENTE')

      let versie = vastgesteld.versie
      versie = (
        await stack.data(
          AANPASSEN,
          {
            g: code,
            p: plan.id,
            v: versie,
            reden: 'Extra resultaat na evaluatie',
            a: {
              resultaten: [
                {
                  behoefteId: behoefte.id,
                  omschrijving: 'Test: de jongste gaat zelfstandig naar de sportclub.',
                  streefdatum: '2025-10-01',
                },
              ],
            },
            k: sleutel(),
          },
          medewerker,
        )
      ).planAanpassen.versie

      const teVroeg = await fout(AFSLUITEN, { g: code, p: plan.id, v: versie, k: sleutel() }, medewerker)
      expect(teVroeg.extensions!.code).toBe('PRECONDITION_FAILED')

      expect(
        (await stack.data(BEEINDIGD, { g: code, t: toewijzing.id, d: '2025-06-30', k: sleutel() }, aanbieder))
          .zorgBeeindigd,
      ).toEqual({ status: 'BEEINDIGD', einddatum: '2025-06-30' })
      const resultaten = await stack
        .gemeente(code)
        .db.query(
          'SELECT r.id FROM resultaat r JOIN plan_behoefte b ON b.id = r.behoefteId WHERE b.planId = ?',
          [plan.id],
        )
      for (const [i, r] of resultaten.entries()) {
        versie = (
          await stack.data(
            BEOORDELEN,
            {
              g: code,
              p: plan.id,
              v: versie,
              r: r.id,
              u: i === 0 ? 'BEHAALD' : 'DEELS_BEHAALD',
              k: sleutel(),
            },
            medewerker,
          )
        ).resultaatBeoordelen.versie
      }
      const gesloten = (
        await stack.data(AFSLUITEN, { g: code, p: plan.id, v: versie, k: sleutel() }, medewerker)
      ).planAfsluiten
      expect(gesloten.status).toBe('AFGESLOTEN')
      expect(gesloten.versies.map((x: { versie: number }) => x.versie)).toEqual(
        Array.from({ length: gesloten.versie }, (_, i) => i + 1),
      )
      expect(gesloten.versies.map((x: { reden: string }) => x.reden)).toContain(
        'Extra resultaat na evaluatie',
      )

      // One family, one plan: now that this one is closed, a new request may get a new plan.
      const opnieuw = (
        await stack.data(
          MELDING,
          {
            g: code,
            k: sleutel(),
            invoer: {
              huishoudenId,
              verwijzerType: 'GEMEENTE',
              omschrijving: 'Test: nieuwe vraag na afsluiten.',
            },
          },
          medewerker,
        )
      ).meldingRegistreren
      expect(
        (await stack.data(PLAN, { g: code, m: opnieuw.id, k: sleutel() }, medewerker)).planOpstellen.status,
      ).toBe('CONCEPT')
    })
  })
}

describe('the rules of the workflow', () => {
  const code = '0141'
  const medewerker = identities.medewerker(code)

  async function nieuwPlan() {
    const { huishoudenId, inwonerId, bsn } = await vrijHuishouden(code)
    const melding = (
      await stack.data(
        MELDING,
        {
          g: code,
          k: sleutel(),
          invoer: { huishoudenId, verwijzerType: 'GEMEENTE', omschrijving: 'Test: regels.' },
        },
        medewerker,
      )
    ).meldingRegistreren
    const plan = (await stack.data(PLAN, { g: code, m: melding.id, k: sleutel() }, medewerker)).planOpstellen
    return { huishoudenId, inwonerId, bsn, melding, plan }
  }

  it('refuses a second open plan for a household and writes nothing', async () => {
    const { huishoudenId } = await nieuwPlan()
    const tweede = (
      await stack.data(
        MELDING,
        {
          g: code,
          k: sleutel(),
          invoer: { huishoudenId, verwijzerType: 'GEMEENTE', omschrijving: 'Test: tweede.' },
        },
        medewerker,
      )
    ).meldingRegistreren
    const plannen = await aantal(code, 'plan')
    const error = await fout(PLAN, { g: code, m: tweede.id, k: sleutel() }, medewerker)
    expect(error.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      bestaandPlanId: expect.any(String),
    })
    expect(await aantal(code, 'plan')).toBe(plannen)
  })

  it('writes once for a retried mutation with the same key, and refuses the key for other input', async () => {
    const { huishoudenId } = await vrijHuishouden(code)
    const k = sleutel()
    const invoer = { huishoudenId, verwijzerType: 'JEUGDARTS', omschrijving: 'Test: herhaald verzoek.' }
    const voor = await aantal(code, 'melding')
    const eerste = (await stack.data(MELDING, { g: code, k, invoer }, medewerker)).meldingRegistreren
    const tweede = (await stack.data(MELDING, { g: code, k, invoer }, medewerker)).meldingRegistreren
    expect(tweede).toEqual(eerste)
    expect(await aantal(code, 'melding')).toBe(voor + 1)
    const anders = await fout(
      MELDING,
      { g: code, k, invoer: { ...invoer, omschrijving: 'Test: iets anders.' } },
      medewerker,
    )
    expect(anders.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotentieSleutel' })
    expect(await aantal(code, 'melding')).toBe(voor + 1)
  })

  it('gives one of two concurrent edits of the same plan version a CONFLICT', async () => {
    const { inwonerId, plan } = await nieuwPlan()
    const bewerking = (tekst: string) =>
      stack.query(BEHOEFTE, {
        as: medewerker,
        variables: {
          g: code,
          p: plan.id,
          v: plan.versie,
          k: sleutel(),
          invoer: {
            inwonerId,
            ondersteuningsbehoefte: 'VB-ALM-OB-03',
            niveau: 'A',
            resultaten: [{ omschrijving: tekst, streefdatum: '2025-12-01' }],
          },
        },
      })
    const [a, b] = await Promise.all([
      bewerking('Test: de was wordt wekelijks zelf gedaan.'),
      bewerking('Test: de boodschappen worden zelf gedaan.'),
    ])
    const codes = [a.body, b.body].map((r) => (r.errors ? r.errors[0].extensions!.code : 'OK')).sort()
    expect(codes).toEqual(['CONFLICT', 'OK'])
    const [{ n }] = await stack
      .gemeente(code)
      .db.query('SELECT COUNT(*) AS n FROM plan_behoefte WHERE planId = ?', [plan.id])
    expect(Number(n)).toBe(1)
  })

  it('refuses a step that its state does not allow, naming the current state', async () => {
    const { plan } = await nieuwPlan()
    const error = await fout(AFSLUITEN, { g: code, p: plan.id, v: plan.versie, k: sleutel() }, medewerker)
    expect(error.extensions).toMatchObject({ code: 'INVALID_TRANSITION', huidigeStatus: 'CONCEPT' })
  })

  it('withdraws a draft plan with a reason, after which the household may get a new plan; an adopted one cannot be withdrawn', async () => {
    const { huishoudenId, plan } = await nieuwPlan()
    const INTREKKEN = /* GraphQL */ `
      mutation Intrekken($g: ID!, $p: ID!, $v: Int!, $k: String!) {
        planIntrekken(
          gemeenteCode: $g
          planId: $p
          versie: $v
          reden: "Gezin kiest voor hulp uit het eigen netwerk."
          idempotentieSleutel: $k
        ) {
          status
          versies {
            reden
          }
        }
      }
    `
    const ingetrokken = (
      await stack.data(INTREKKEN, { g: code, p: plan.id, v: plan.versie, k: sleutel() }, medewerker)
    ).planIntrekken
    expect(ingetrokken.status).toBe('INGETROKKEN')
    expect(ingetrokken.versies.at(-1).reden).toBe('Ingetrokken: Gezin kiest voor hulp uit het eigen netwerk.')
    const nieuw = (
      await stack.data(
        MELDING,
        {
          g: code,
          k: sleutel(),
          invoer: { huishoudenId, verwijzerType: 'GEMEENTE', omschrijving: 'Test: opnieuw.' },
        },
        medewerker,
      )
    ).meldingRegistreren
    const tweede = (await stack.data(PLAN, { g: code, m: nieuw.id, k: sleutel() }, medewerker)).planOpstellen
    expect(tweede.status).toBe('CONCEPT')
    for (const stap of ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'])
      await stack.data(STAP, { g: code, m: nieuw.id, stap, k: sleutel() }, medewerker)

    const { plan: vastgesteld, inwonerId } = {
      plan: tweede,
      inwonerId: (
        await stack
          .gemeente(code)
          .db.query('SELECT id FROM inwoner WHERE huishoudenId = ? LIMIT 1', [huishoudenId])
      )[0].id,
    }
    const { versie } = await gecontracteerdeBehoefte(
      code,
      medewerker,
      vastgesteld.id,
      vastgesteld.versie,
      inwonerId,
    )
    const actief = (
      await stack.data(VASTSTELLEN, { g: code, p: vastgesteld.id, v: versie, k: sleutel() }, medewerker)
    ).planVaststellen
    const error = await fout(
      INTREKKEN,
      { g: code, p: vastgesteld.id, v: actief.versie, k: sleutel() },
      medewerker,
    )
    expect(error.extensions).toMatchObject({ code: 'INVALID_TRANSITION', huidigeStatus: 'ACTIEF' })
  })

  it('refuses results that are not written for this family', async () => {
    const { inwonerId, plan } = await nieuwPlan()
    const error = await fout(
      BEHOEFTE,
      {
        g: code,
        p: plan.id,
        v: plan.versie,
        k: sleutel(),
        invoer: {
          inwonerId,
          ondersteuningsbehoefte: 'VB-ALM-OB-03',
          niveau: 'A',
          resultaten: [{ omschrijving: 'Zelfredzaam thuis (Almelo)', streefdatum: '2025-12-01' }],
        },
      },
      medewerker,
    )
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'invoer.resultaten.0.omschrijving',
    })
    const onbekend = await fout(
      BEHOEFTE,
      {
        g: code,
        p: plan.id,
        v: plan.versie,
        k: sleutel(),
        invoer: {
          inwonerId,
          ondersteuningsbehoefte: 'VB-OB-01',
          niveau: 'A',
          resultaten: [{ omschrijving: 'Test: een regionale code in Almelo.', streefdatum: '2025-12-01' }],
        },
      },
      medewerker,
    )
    expect(onbekend.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ondersteuningsbehoefte' })
  })

  it('refuses the choice of a provider that holds no contract for the need, and records nothing', async () => {
    const { inwonerId, plan } = await nieuwPlan()
    const { behoefte, keuze } = await gecontracteerdeBehoefte(
      code,
      medewerker,
      plan.id,
      plan.versie,
      inwonerId,
    )
    const [buiten] = await stack.aanbieders.db.query(
      'SELECT agbCode FROM aanbieder WHERE agbCode NOT IN (' + keuze.map(() => '?').join(',') + ') LIMIT 1',
      keuze.map((k: { agbCode: string }) => k.agbCode),
    )
    const error = await fout(
      KIEZEN,
      { g: code, b: behoefte.id, agb: buiten.agbCode, k: sleutel() },
      medewerker,
    )
    expect(error.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', field: 'agbCode' })
    const [rij] = await stack
      .gemeente(code)
      .db.query('SELECT gekozenAanbiederAgbCode AS agb FROM plan_behoefte WHERE id = ?', [behoefte.id])
    expect(rij.agb).toBeNull()
  })

  it('allocates nothing without a tariff in force on the start date', async () => {
    const { inwonerId, melding, plan } = await nieuwPlan()
    for (const stap of ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'])
      await stack.data(STAP, { g: code, m: melding.id, stap, k: sleutel() }, medewerker)
    const { behoefte, keuze, versie } = await gecontracteerdeBehoefte(
      code,
      medewerker,
      plan.id,
      plan.versie,
      inwonerId,
    )
    await stack.data(VASTSTELLEN, { g: code, p: plan.id, v: versie, k: sleutel() }, medewerker)
    await stack.data(KIEZEN, { g: code, b: behoefte.id, agb: keuze[0].agbCode, k: sleutel() }, medewerker)
    const db = stack.gemeente(code).db
    const [b] = await db.query('SELECT code, niveau FROM plan_behoefte WHERE id = ?', [behoefte.id])
    const tarieven = await db.query(
      'SELECT * FROM eigen_tarief WHERE ondersteuningsbehoefteCode = ? AND niveau = ?',
      [b.code, b.niveau],
    )
    await db.query('DELETE FROM eigen_tarief WHERE ondersteuningsbehoefteCode = ? AND niveau = ?', [
      b.code,
      b.niveau,
    ])
    try {
      const voor = await aantal(code, 'toewijzing')
      const error = await fout(
        TOEWIJZEN,
        {
          g: code,
          k: sleutel(),
          invoer: {
            behoefteId: behoefte.id,
            productcategorie: 'WMO_BEGELEIDING',
            ingangsdatum: '2025-02-01',
            einddatum: '2025-03-31',
            volume: 1,
          },
        },
        medewerker,
      )
      expect(error.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', ontbreekt: 'tarief' })
      expect(await aantal(code, 'toewijzing')).toBe(voor)
    } finally {
      for (const t of tarieven) {
        const { id: _id, ...rest } = t
        await db.getRepository('EigenTarief').insert(rest)
      }
    }
  })

  it('withdraws a wrong allocation and replaces it with a new number, keeping the old one', async () => {
    const { inwonerId, melding, plan } = await nieuwPlan()
    for (const stap of ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'])
      await stack.data(STAP, { g: code, m: melding.id, stap, k: sleutel() }, medewerker)
    const { behoefte, keuze, versie } = await gecontracteerdeBehoefte(
      code,
      medewerker,
      plan.id,
      plan.versie,
      inwonerId,
    )
    await stack.data(VASTSTELLEN, { g: code, p: plan.id, v: versie, k: sleutel() }, medewerker)
    await stack.data(KIEZEN, { g: code, b: behoefte.id, agb: keuze[0].agbCode, k: sleutel() }, medewerker)
    const invoer = {
      behoefteId: behoefte.id,
      productcategorie: 'WMO_BEGELEIDING',
      ingangsdatum: '2025-02-01',
      einddatum: '2025-03-31',
      volume: 1,
    }
    const fout1 = (await stack.data(TOEWIJZEN, { g: code, k: sleutel(), invoer }, medewerker)).toewijzen
    const { toewijzingIntrekken } = await stack.data(
      /* GraphQL */ `
        mutation Intrekken($g: ID!, $t: ID!, $v: ToewijzingInvoer, $k: String!) {
          toewijzingIntrekken(gemeenteCode: $g, toewijzingId: $t, vervanging: $v, idempotentieSleutel: $k) {
            toewijzingNummer
            status
            ingangsdatum
            einddatum
            redenWijziging
            vervangenDoor {
              toewijzingNummer
              einddatum
              vervangt {
                toewijzingNummer
              }
            }
          }
        }
      `,
      { g: code, t: fout1.id, v: { ...invoer, einddatum: '2025-05-31' }, k: sleutel() },
      medewerker,
    )
    expect(toewijzingIntrekken).toEqual({
      toewijzingNummer: fout1.toewijzingNummer,
      status: 'INGETROKKEN',
      ingangsdatum: '2025-02-01',
      einddatum: '2025-02-01',
      redenWijziging: '13',
      vervangenDoor: {
        toewijzingNummer: fout1.toewijzingNummer + 1,
        einddatum: '2025-05-31',
        vervangt: { toewijzingNummer: fout1.toewijzingNummer },
      },
    })
  })
})

describe('the access log (NEN 7513)', () => {
  const code = '0164'

  it('records one entry per access, and shows a resident their own log and nobody else’s', async () => {
    const [inwoner] = await stack.gemeente(code).db.query('SELECT id, bsn FROM inwoner ORDER BY id LIMIT 1')
    const [ander] = await stack
      .gemeente(code)
      .db.query('SELECT id FROM inwoner WHERE id <> ? ORDER BY id LIMIT 1', [inwoner.id])
    const medewerker = identities.medewerker(code)
    const LEZEN = /* GraphQL */ `
      query Lezen($g: ID!, $id: ID!) {
        inwoner(gemeenteCode: $g, id: $id) {
          voornamen
          geboortedatum
        }
      }
    `
    const entries = async () =>
      Number(
        (
          await stack
            .gemeente(code)
            .db.query('SELECT COUNT(*) AS n FROM toegangslog WHERE inwonerId = ?', [inwoner.id])
        )[0].n,
      )
    const voor = await entries()
    await stack.data(LEZEN, { g: code, id: inwoner.id }, medewerker)
    expect(await entries()).toBe(voor + 1)
    await stack.data(LEZEN, { g: code, id: inwoner.id }, medewerker)
    expect(await entries()).toBe(voor + 2)

    const zelf: Identity = {
      sub: `digid-${inwoner.bsn}`,
      naam: 'Inwoner',
      rol: 'INWONER',
      bsn: inwoner.bsn,
    }
    const LOG = /* GraphQL */ `
      query Log($g: ID!, $id: ID) {
        toegangslog(gemeenteCode: $g, inwonerId: $id, eerste: 100) {
          edges {
            node {
              gebeurtenis
              gebruiker
              rol
              namens
              doel
            }
          }
        }
      }
    `
    const log = (await stack.data(LOG, { g: code }, zelf)).toegangslog.edges.map(
      (e: { node: unknown }) => e.node,
    )
    expect(log.slice(0, 2)).toEqual([
      {
        gebeurtenis: 'RAADPLEGEN',
        gebruiker: medewerker.sub,
        rol: 'TOEGANGSMEDEWERKER',
        namens: `gemeente ${code}`,
        doel: 'TOEGANG_JEUGD_WMO',
      },
      {
        gebeurtenis: 'RAADPLEGEN',
        gebruiker: medewerker.sub,
        rol: 'TOEGANGSMEDEWERKER',
        namens: `gemeente ${code}`,
        doel: 'TOEGANG_JEUGD_WMO',
      },
    ])
    expect((await fout(LOG, { g: code, id: ander.id }, zelf)).extensions!.code).toBe('FORBIDDEN')
  })
})

describe('figures for regional dashboards', () => {
  const REGIO = /* GraphQL */ `
    query Regio {
      regio {
        cijfers {
          gemeenten
          actievePlannen {
            ondersteuningsbehoefte
            niveau
            aantal
          }
          toewijzingen {
            agbCode
            aantal
            budgetCent
          }
          resultaten {
            ondersteuningsbehoefte
            beoordeeld
            aandeelBehaald
          }
        }
      }
    }
  `

  it('gives the analyst the region’s figures, summed over the gemeenten, with small counts hidden and no person', async () => {
    const { body, text } = await stack.query(REGIO, { as: identities.analist() })
    expect(body.errors).toBeUndefined()
    const cijfers = body.data!.regio.cijfers
    expect(cijfers.gemeenten).toEqual(['0141', '0153', '0164'])
    // Recount in the three databases directly and apply the rule: below 10 hidden, else rounded to 5.
    const exact = new Map<string, number>()
    for (const code of ['0141', '0153', '0164']) {
      const rows = await stack
        .gemeente(code)
        .db.query(
          "SELECT b.code AS code, b.niveau AS niveau, COUNT(DISTINCT p.id) AS n FROM plan p JOIN plan_behoefte b ON b.planId = p.id WHERE p.status = 'ACTIEF' GROUP BY b.code, b.niveau",
        )
      for (const r of rows)
        exact.set(`${r.code}|${r.niveau}`, (exact.get(`${r.code}|${r.niveau}`) ?? 0) + Number(r.n))
    }
    const verwacht = [...exact]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => {
        const [ondersteuningsbehoefte, niveau] = k.split('|')
        return { ondersteuningsbehoefte, niveau, aantal: n < 10 ? null : Math.round(n / 5) * 5 }
      })
    expect(cijfers.actievePlannen).toEqual(verwacht)
    expect(verwacht.some((v) => v.aantal === null)).toBe(true)
    expect(cijfers.toewijzingen.length).toBeGreaterThan(0)
    expect(text).not.toMatch(/bsn|voornamen|inwoner/i)
  })

  it('shows the raw counts to no client, and the figures to no one but the analyst', async () => {
    const rauw = await stack.query(
      /* GraphQL */ `
        query Rauw {
          regio {
            ruweTellingen {
              aantal
            }
          }
        }
      `,
      { as: identities.analist() },
    )
    expect(rauw.body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED')
    const medewerker = await stack.query(REGIO, { as: identities.medewerker('0153') })
    expect(medewerker.body.data).toEqual({ regio: { cijfers: null } })
    expect(medewerker.body.errors!.map((e) => e.extensions!.code)).toContain('FORBIDDEN')
  })

  it('gives a gemeente its own figures, with the same rule', async () => {
    const { body } = await stack.query(
      /* GraphQL */ `
        query Eigen {
          gemeente(code: "0153") {
            cijfers {
              gemeenten
              actievePlannen {
                aantal
              }
            }
          }
        }
      `,
      { as: identities.medewerker('0153') },
    )
    expect(body.errors).toBeUndefined()
    expect(body.data!.gemeente.cijfers.gemeenten).toEqual(['0153'])
    for (const { aantal } of body.data!.gemeente.cijfers.actievePlannen)
      expect(aantal === null || (aantal >= 10 && aantal % 5 === 0)).toBe(true)
  })
})
