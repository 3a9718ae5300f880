import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { vandaag } from '../../shared/domain/dates'
import { aandelen } from '../../shared/domain/statistiek'
import { identities, startTestStack, tokenFor, type TestStack } from '../harness/stack'

let stack: TestStack
let volg = 0
const sleutel = () => `register-${process.pid}-${Date.now()}-${volg++}`
const GEMEENTEN = ['0141', '0153', '0164']

beforeAll(async () => {
  stack = await startTestStack('register', { gemeenten: GEMEENTEN, inwoners: 150 })
})
afterAll(async () => {
  await stack?.stop()
})

const telRegister = async (tabel: 'uitkomstmelding' | 'waardering') =>
  Number((await stack.aanbieders.db.query(`SELECT COUNT(*) AS n FROM ${tabel}`))[0].n)
const openBerichten = async (code: string, soort?: string) =>
  Number(
    (
      await stack
        .gemeente(code)
        .db.query(
          `SELECT COUNT(*) AS n FROM registerbericht WHERE bezorgdOp IS NULL${soort ? ' AND soort = ?' : ''}`,
          soort ? [soort] : [],
        )
    )[0].n,
  )

const WAARDEREN = /* GraphQL */ `
  mutation Waarderen($g: ID!, $t: ID!, $score: Int!, $k: String!) {
    aanbiederWaarderen(
      gemeenteCode: $g
      toewijzingId: $t
      score: $score
      toelichting: "Goed geholpen."
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

/** A resident of the household of an allocation in a given state that has not been rated yet. */
async function inwonerMetToewijzing(
  code: string,
  status: string,
): Promise<{ toewijzingId: string; inwoner: Identity }> {
  const [rij] = await stack.gemeente(code).db.query(
    `SELECT t.id AS toewijzingId, i.bsn AS bsn FROM toewijzing t JOIN inwoner i ON i.id = t.inwonerId
     WHERE t.status = ? AND NOT EXISTS (SELECT 1 FROM waardering w WHERE w.toewijzingId = t.id) ORDER BY t.id LIMIT 1`,
    [status],
  )
  return {
    toewijzingId: rij.toewijzingId,
    inwoner: { sub: `digid-${rij.bsn}`, naam: 'Inwoner', rol: 'INWONER', bsn: rij.bsn },
  }
}

describe('outcomes and ratings reach the registry without loss', () => {
  it('keeps what is reported while the registry is down, and delivers each message exactly once when it is back', async () => {
    expect(await telRegister('uitkomstmelding')).toBe(0)
    await stack.stopAanbieders()
    try {
      // Reported while the registry is down: a resident's rating goes into the gemeente's outbox.
      const { toewijzingId, inwoner } = await inwonerMetToewijzing('0153', 'BEEINDIGD')
      const { body } = await stack.query(WAARDEREN, {
        variables: { g: '0153', t: toewijzingId, score: 4, k: sleutel() },
        as: inwoner,
      })
      expect(body).toEqual({
        data: {
          aanbiederWaarderen: {
            score: 4,
            toelichting: 'Goed geholpen.',
            datum: vandaag(),
            toewijzing: { id: toewijzingId, status: 'BEEINDIGD' },
          },
        },
      })
      for (const code of GEMEENTEN) await expect(stack.gemeente(code).bezorger.bezorg()).rejects.toThrow()
    } finally {
      await stack.restartAanbieders()
    }
    const verwacht = { uitkomst: 0, waardering: 0 }
    for (const code of GEMEENTEN) {
      verwacht.uitkomst += await openBerichten(code, 'UITKOMST')
      verwacht.waardering += await openBerichten(code, 'WAARDERING')
    }
    expect(verwacht.uitkomst).toBeGreaterThan(0)
    for (const code of GEMEENTEN) while ((await stack.gemeente(code).bezorger.bezorg()) > 0);
    expect(await telRegister('uitkomstmelding')).toBe(verwacht.uitkomst)
    expect(await telRegister('waardering')).toBe(verwacht.waardering)
    for (const code of GEMEENTEN) expect(await openBerichten(code)).toBe(0)

    // A confirmation lost on the way back means the gemeente sends again: applied once all the same.
    for (const code of GEMEENTEN)
      await stack.gemeente(code).db.query('UPDATE registerbericht SET bezorgdOp = NULL')
    for (const code of GEMEENTEN) while ((await stack.gemeente(code).bezorger.bezorg()) > 0);
    expect(await telRegister('uitkomstmelding')).toBe(verwacht.uitkomst)
    expect(await telRegister('waardering')).toBe(verwacht.waardering)
  })

  it('shows per provider its ratings and its results achieved, with small counts hidden', async () => {
    const [top] = await stack.aanbieders.db.query(
      'SELECT agbCode, COUNT(*) AS n, AVG(score) AS gemiddelde FROM waardering GROUP BY agbCode ORDER BY COUNT(*) DESC, agbCode LIMIT 1',
    )
    // Twelve closed allocations of one need and level: 14 results reached, 12 partly, 3 not. Both
    // shares of 29 would tell the 3, so the smaller one is hidden too.
    const extra = Array.from({ length: 12 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      ...(i === 0 ? { b: 2, d: 1, n: 2 } : i === 1 ? { b: 2, d: 1, n: 1 } : { b: 1, d: 1, n: 0 }),
    }))
    onTestFinished(() =>
      stack.aanbieders.db.query(
        `DELETE FROM uitkomstmelding WHERE id IN (${extra.map(() => '?').join(', ')})`,
        extra.map((r) => r.id),
      ),
    )
    for (const r of extra)
      await stack.aanbieders.db.query(
        `INSERT INTO uitkomstmelding (id, gemeenteCode, agbCode, ondersteuningsbehoefteCode, naam, niveau, afgeslotenOp, behaald, deelsBehaald, nietBehaald, ontvangenOp)
         VALUES (?, '0153', ?, 'VB-OB-01', 'Regie op het leven', 'A', '2025-06-01', ?, ?, ?, '2025-06-02T00:00:00.000Z')`,
        [r.id, top.agbCode, r.b, r.d, r.n],
      )
    const [totaal] = await stack.aanbieders.db.query(
      'SELECT COUNT(*) AS n, SUM(behaald) AS b, SUM(behaald + deelsBehaald + nietBehaald) AS t FROM uitkomstmelding WHERE agbCode = ?',
      [top.agbCode],
    )
    const uitkomsten = await stack.aanbieders.db.query(
      'SELECT ondersteuningsbehoefteCode AS code, niveau, COUNT(*) AS n, SUM(behaald) AS b, SUM(deelsBehaald) AS d, SUM(behaald + deelsBehaald + nietBehaald) AS t FROM uitkomstmelding WHERE agbCode = ? GROUP BY ondersteuningsbehoefteCode, niveau ORDER BY ondersteuningsbehoefteCode, niveau',
      [top.agbCode],
    )
    const { body } = await stack.query(
      /* GraphQL */ `
        query Keuzeinformatie($agb: ID!) {
          aanbieder(agbCode: $agb) {
            waardering {
              gemiddelde
              aantal
            }
            behaaldTotaal {
              afgeslotenToewijzingen
              aandeelBehaald
            }
            behaaldeResultaten {
              ondersteuningsbehoefte
              naam
              niveau
              afgeslotenToewijzingen
              aandeelBehaald
              aandeelDeelsBehaald
            }
          }
        }
      `,
      { variables: { agb: top.agbCode } },
    )
    expect(body.errors).toBeUndefined()
    // Below 10 ratings the average would come close to single residents' scores: hidden, as results are.
    expect(body.data!.aanbieder.waardering).toEqual(
      Number(top.n) < 10
        ? { gemiddelde: null, aantal: null }
        : {
            gemiddelde: Math.round(Number(top.gemiddelde) * 10) / 10,
            aantal: Math.round(Number(top.n) / 5) * 5,
          },
    )
    expect(
      body.data!.aanbieder.behaaldeResultaten.map(
        (r: {
          ondersteuningsbehoefte: string
          niveau: string
          afgeslotenToewijzingen: number | null
          aandeelBehaald: number | null
          aandeelDeelsBehaald: number | null
        }) => [
          r.ondersteuningsbehoefte,
          r.niveau,
          r.afgeslotenToewijzingen,
          r.aandeelBehaald,
          r.aandeelDeelsBehaald,
        ],
      ),
    ).toEqual(
      uitkomsten.map((u: { code: string; niveau: string; n: number; b: number; d: number; t: number }) => [
        u.code,
        u.niveau,
        Number(u.n) < 10 ? null : Math.round(Number(u.n) / 5) * 5,
        // Both shares of one base, hidden together by the rule for shares (shared/domain/statistiek).
        ...(Number(u.n) < 10 ? [null, null] : aandelen([Number(u.b), Number(u.d)], Number(u.t))),
      ]),
    )
    expect(body.data!.aanbieder.behaaldeResultaten).toContainEqual(
      expect.objectContaining({
        ondersteuningsbehoefte: 'VB-OB-01',
        niveau: 'A',
        aandeelBehaald: 0.483,
        aandeelDeelsBehaald: null,
      }),
    )
    for (const r of body.data!.aanbieder.behaaldeResultaten) expect(typeof r.naam).toBe('string')
    const n = Number(totaal.n)
    expect(body.data!.aanbieder.behaaldTotaal).toEqual(
      n < 10
        ? { afgeslotenToewijzingen: null, aandeelBehaald: null }
        : {
            afgeslotenToewijzingen: Math.round(n / 5) * 5,
            // Hidden when the results reached, or those not reached, are fewer than 10.
            aandeelBehaald:
              Number(totaal.b) < 10 || Number(totaal.t) - Number(totaal.b) < 10
                ? null
                : Math.round((Number(totaal.b) / Number(totaal.t)) * 1000) / 1000,
          },
    )
  })

  it('shows a provider its own ratings with their comments through the gateway, and not another provider', async () => {
    const [top] = await stack.aanbieders.db.query(
      'SELECT agbCode, COUNT(*) AS n FROM waardering GROUP BY agbCode ORDER BY COUNT(*) DESC, agbCode LIMIT 1',
    )
    const EIGEN = /* GraphQL */ `
      query Eigen($agb: ID!) {
        aanbieder(agbCode: $agb) {
          eigenWaarderingen {
            score
            toelichting
            datum
          }
        }
      }
    `
    const eigen = await stack.query(EIGEN, {
      variables: { agb: top.agbCode },
      as: identities.aanbieder(top.agbCode),
    })
    expect(eigen.body.errors).toBeUndefined()
    const lijst = eigen.body.data!.aanbieder.eigenWaarderingen
    expect(lijst).toHaveLength(Number(top.n))
    const datums = lijst.map((w: { datum: string }) => w.datum)
    expect(datums).toEqual([...datums].sort().reverse())
    const ander = await stack.query(EIGEN, {
      variables: { agb: top.agbCode },
      as: identities.aanbieder('88880001'),
    })
    expect(ander.body.data).toEqual({ aanbieder: { eigenWaarderingen: null } })
    expect(ander.body.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN'])
  })

  it('shows results achieved with Almelo’s own support needs in the choice too, under the name Almelo gave them', async () => {
    const [eigen] = await stack.aanbieders.db.query(
      "SELECT agbCode FROM uitkomstmelding WHERE gemeenteCode = '0141' LIMIT 1",
    )
    const { body } = await stack.query(/* GraphQL */ `
      query Keuze {
        keuzeAanbieders(gemeente: "0164", ondersteuningsbehoefte: "VB-OB-01", niveau: A, eerste: 100) {
          edges {
            node {
              agbCode
              behaaldeResultaten {
                ondersteuningsbehoefte
                naam
                niveau
              }
            }
          }
        }
      }
    `)
    expect(body.errors).toBeUndefined()
    const resultaten = body.data!.keuzeAanbieders.edges.flatMap(
      (e: { node: { behaaldeResultaten: { ondersteuningsbehoefte: string; naam: string }[] } }) =>
        e.node.behaaldeResultaten,
    )
    const almelo = resultaten.filter((r: { ondersteuningsbehoefte: string }) =>
      r.ondersteuningsbehoefte.startsWith('VB-ALM-'),
    )
    expect(eigen).toBeDefined()
    expect(almelo.length).toBeGreaterThan(0)
    for (const r of almelo) expect(r.naam).toMatch(/\(Almelo\)$/)
  })

  it('refuses a rating from anyone without an ended allocation, and a second rating, writing nothing', async () => {
    const voor = await openBerichten('0153')
    const lopend = await inwonerMetToewijzing('0153', 'GESTART')
    const nietBeeindigd = await stack.query(WAARDEREN, {
      variables: { g: '0153', t: lopend.toewijzingId, score: 5, k: sleutel() },
      as: lopend.inwoner,
    })
    expect(nietBeeindigd.body.errors![0].extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      huidigeStatus: 'GESTART',
    })

    const beeindigd = await inwonerMetToewijzing('0153', 'BEEINDIGD')
    const [vreemde] = await stack
      .gemeente('0153')
      .db.query(
        'SELECT bsn FROM inwoner WHERE huishoudenId <> (SELECT i.huishoudenId FROM toewijzing t JOIN inwoner i ON i.id = t.inwonerId WHERE t.id = ?) LIMIT 1',
        [beeindigd.toewijzingId],
      )
    const ander: Identity = {
      sub: 'digid-ander',
      naam: 'Ander',
      rol: 'INWONER',
      bsn: vreemde.bsn,
    }
    const vanAnder = await stack.query(WAARDEREN, {
      variables: { g: '0153', t: beeindigd.toewijzingId, score: 1, k: sleutel() },
      as: ander,
    })
    expect(vanAnder.body.errors![0].extensions!.code).toBe('NOT_FOUND')
    const vanMedewerker = await stack.query(WAARDEREN, {
      variables: { g: '0153', t: beeindigd.toewijzingId, score: 1, k: sleutel() },
      as: identities.medewerker('0153'),
    })
    expect(vanMedewerker.body.errors![0].extensions!.code).toBe('FORBIDDEN')
    expect(await openBerichten('0153')).toBe(voor)

    expect(
      (
        await stack.query(WAARDEREN, {
          variables: { g: '0153', t: beeindigd.toewijzingId, score: 3, k: sleutel() },
          as: beeindigd.inwoner,
        })
      ).body.data,
    ).toEqual({
      aanbiederWaarderen: {
        score: 3,
        toelichting: 'Goed geholpen.',
        datum: vandaag(),
        toewijzing: { id: beeindigd.toewijzingId, status: 'BEEINDIGD' },
      },
    })
    const tweede = await stack.query(WAARDEREN, {
      variables: { g: '0153', t: beeindigd.toewijzingId, score: 5, k: sleutel() },
      as: beeindigd.inwoner,
    })
    expect(tweede.body.errors![0].extensions!.code).toBe('PRECONDITION_FAILED')
    expect(await openBerichten('0153')).toBe(voor + 1)
  })

  it('accepts messages only from a gemeente service, and only about that gemeente', async () => {
    const BERICHT = /* GraphQL */ `
      mutation Bericht($b: [RegisterberichtInvoer!]!) {
        registerberichtenVerwerken(berichten: $b) {
          verwerkt
          geweigerd {
            id
            reden
          }
        }
      }
    `
    const id = '9b2f0c3e-1d2a-4c5b-8e7f-0a1b2c3d4e5f'
    const inhoud = JSON.stringify({
      id,
      gemeenteCode: '0164',
      agbCode: '99990001',
      score: 1,
      toelichting: null,
      datum: '2026-01-01',
    })
    const variables = { b: [{ id, soort: 'WAARDERING', inhoud }] }
    const post = async (as: Identity) => {
      const response = await fetch(stack.aanbieders.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await tokenFor(as)}`,
        },
        body: JSON.stringify({ query: BERICHT, variables }),
      })
      return (await response.json()) as {
        data?: { registerberichtenVerwerken: unknown }
        errors?: { extensions: { code: string } }[]
      }
    }
    expect((await post(identities.aanbieder('99990001'))).errors![0].extensions.code).toBe('FORBIDDEN')
    expect(
      (await post({ sub: 's', naam: 'Enschede', rol: 'GEMEENTESYSTEEM', gemeente: '0153' })).data,
    ).toEqual({
      registerberichtenVerwerken: {
        verwerkt: [],
        geweigerd: [{ id, reden: 'Het bericht is niet van gemeente 0153.' }],
      },
    })
    expect(
      Number(
        (await stack.aanbieders.db.query('SELECT COUNT(*) AS n FROM waardering WHERE id = ?', [id]))[0].n,
      ),
    ).toBe(0)
  })

  it('parks a message the registry refuses, and delivers the messages behind it', async () => {
    const db = stack.gemeente('0164').db
    const slecht = 'a1b2c3d4-0000-4000-8000-000000000001'
    await db.query(
      "INSERT INTO registerbericht (id, soort, inhoud, aangemaaktOp, bezorgdOp, geweigerdOp, pogingen, laatsteFout) VALUES (?, 'UITKOMST', '{niet-json', '2000-01-01T00:00:00.000Z', NULL, NULL, 0, NULL)",
      [slecht],
    )
    const { toewijzingId, inwoner } = await inwonerMetToewijzing('0164', 'BEEINDIGD')
    await stack.query(WAARDEREN, {
      variables: { g: '0164', t: toewijzingId, score: 2, k: sleutel() },
      as: inwoner,
    })
    const voor = await telRegister('waardering')
    expect(await stack.gemeente('0164').bezorger.bezorg()).toBe(1)
    expect(await telRegister('waardering')).toBe(voor + 1)
    const [geparkeerd] = await db.query(
      'SELECT bezorgdOp, geweigerdOp, laatsteFout FROM registerbericht WHERE id = ?',
      [slecht],
    )
    expect(geparkeerd).toMatchObject({ bezorgdOp: null, laatsteFout: 'De inhoud is geen JSON.' })
    expect(geparkeerd.geweigerdOp).toEqual(expect.any(String))
    expect(await stack.gemeente('0164').bezorger.bezorg()).toBe(0)
  })
})

describe('continuous enrolment, through the gateway', () => {
  const beheerder: Identity = { sub: 'ozjt-1', naam: 'Registerbeheerder', rol: 'REGISTERBEHEERDER' }
  const KEUZE = /* GraphQL */ `
    query Keuze {
      keuzeAanbieders(gemeente: "0153", ondersteuningsbehoefte: "VB-OB-05", niveau: B, eerste: 100) {
        edges {
          node {
            agbCode
            naam
          }
        }
      }
    }
  `
  const keuze = async () =>
    (await stack.query(KEUZE)).body.data!.keuzeAanbieders.edges.map(
      (e: { node: { agbCode: string } }) => e.node.agbCode,
    ) as string[]

  async function aanmelden(agbCode: string) {
    const { body } = await stack.query(
      /* GraphQL */ `
        mutation Aanmelden($invoer: AanmeldingInvoer!, $k: String!) {
          aanmeldingIndienen(invoer: $invoer, idempotentieSleutel: $k) {
            id
            status
          }
        }
      `,
      {
        as: identities.aanbieder(agbCode),
        variables: {
          k: sleutel(),
          invoer: {
            agbCode,
            kvkNummer: '90009999',
            naam: `Nieuwe aanbieder ${agbCode} (fictief)`,
            locatie: { naam: 'Hoofdvestiging', postcode: '7511 ab', plaats: 'Enschede' },
            percelen: [{ ondersteuningsbehoefte: 'VB-OB-05', niveau: 'B' }],
            gemeenten: ['0153', '0164'],
          },
        },
      },
    )
    expect(body.errors).toBeUndefined()
    return body.data!.aanmeldingIndienen as { id: string; status: string }
  }
  const beheer = async (source: string, variables: Record<string, unknown>) => {
    const { body } = await stack.query(source, { as: beheerder, variables: { ...variables, k: sleutel() } })
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    return body.data!
  }

  it('takes an application from submission to contract, after which the provider is in the choice; not when rejected or suspended', async () => {
    const nieuw = '99970777'
    const afgewezen = '99970778'
    expect(await keuze()).not.toContain(nieuw)

    const aanmelding = await aanmelden(nieuw)
    expect(aanmelding.status).toBe('INGEDIEND')
    await beheer(
      /* GraphQL */ `
        mutation B($id: ID!, $k: String!) {
          aanmeldingInBehandelingNemen(id: $id, idempotentieSleutel: $k) {
            status
          }
        }
      `,
      { id: aanmelding.id },
    )
    for (const soort of ['KWALITEITSCERTIFICAAT', 'VOG', 'AANSPRAKELIJKHEIDSVERZEKERING']) {
      await beheer(
        /* GraphQL */ `
          mutation K($id: ID!, $i: KwaliteitsbewijsInvoer!, $k: String!) {
            kwaliteitsbewijsVastleggen(aanmeldingId: $id, invoer: $i, idempotentieSleutel: $k) {
              status
            }
          }
        `,
        { id: aanmelding.id, i: { soort, documentnummer: `DOC-${soort}`, geldigTot: '2030-12-31' } },
      )
    }
    const toegekend = await beheer(
      /* GraphQL */ `
        mutation T($id: ID!, $k: String!) {
          aanmeldingToekennen(id: $id, idempotentieSleutel: $k) {
            status
            contract {
              id
              status
            }
            besluiten {
              actie
              door
            }
          }
        }
      `,
      { id: aanmelding.id },
    )
    expect(toegekend.aanmeldingToekennen.status).toBe('TOEGEKEND')
    expect(toegekend.aanmeldingToekennen.besluiten.map((b: { actie: string }) => b.actie)).toContain(
      'TOEKENNEN',
    )
    expect(await keuze()).toContain(nieuw)

    const tweede = await aanmelden(afgewezen)
    await beheer(
      /* GraphQL */ `
        mutation B($id: ID!, $k: String!) {
          aanmeldingInBehandelingNemen(id: $id, idempotentieSleutel: $k) {
            status
          }
        }
      `,
      { id: tweede.id },
    )
    await beheer(
      /* GraphQL */ `
        mutation A($id: ID!, $k: String!) {
          aanmeldingAfwijzen(id: $id, reden: "Geen passend kwaliteitskader.", idempotentieSleutel: $k) {
            status
          }
        }
      `,
      { id: tweede.id },
    )
    expect(await keuze()).not.toContain(afgewezen)

    const contractId = toegekend.aanmeldingToekennen.contract.id
    await beheer(
      /* GraphQL */ `
        mutation S($id: ID!, $k: String!) {
          contractSchorsen(id: $id, reden: "Onderzoek naar de kwaliteit.", idempotentieSleutel: $k) {
            status
          }
        }
      `,
      { id: contractId },
    )
    expect(await keuze()).not.toContain(nieuw)
    await beheer(
      /* GraphQL */ `
        mutation H($id: ID!, $k: String!) {
          contractHerstellen(id: $id, reden: "Onderzoek afgerond.", idempotentieSleutel: $k) {
            status
          }
        }
      `,
      { id: contractId },
    )
    expect(await keuze()).toContain(nieuw)
  })
})
