import 'reflect-metadata'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GraphQLSchema } from 'graphql'
import type { DataSource } from 'typeorm'
import type { Identity } from '../../shared/auth/identity'
import { openDatabase } from '../../shared/db/database'
import { gemeenteInfo } from '../../shared/gemeenten'
import { isValidBsn } from '../../shared/ijw/identifiers'
import { generateAanbieders } from '../../shared/seed/aanbieders'
import { PlanStatus } from '../../subgraphs/gemeente/plan/plan.entity'
import { generateGemeente } from '../../subgraphs/gemeente/seed/generate'
import { seedGemeente } from '../../subgraphs/gemeente/seed/seed'
import { buildGemeenteSchema, gemeenteDatabase } from '../../subgraphs/gemeente/server'
import { ToewijzingStatus } from '../../subgraphs/gemeente/toewijzing/toewijzing.entity'
import { gemeenteRunner } from '../harness/in-process'
import { frisseTestdatabase, identities } from '../harness/stack'

describe('the seed generator', () => {
  const aanbieders = generateAanbieders()

  it('gives the same data for the same gemeente and size', () => {
    expect(generateGemeente('0153', { inwoners: 80 }, aanbieders)).toEqual(
      generateGemeente('0153', { inwoners: 80 }, aanbieders),
    )
  })

  for (const code of ['0153', '0141']) {
    it(`produces valid, synthetic data for ${gemeenteInfo(code).naam}: test-range BSNs, plans in every state, allocations only to contracted providers`, () => {
      const seed = generateGemeente(code, { inwoners: 150 }, aanbieders)
      expect(seed.inwoners).toHaveLength(150)
      expect(seed.inwoners.every((i) => isValidBsn(i.bsn!) && i.bsn!.startsWith('9999'))).toBe(true)
      expect(new Set(seed.inwoners.map((i) => i.bsn)).size).toBe(150)
      expect(new Set(seed.plannen.map((p) => p.status))).toEqual(new Set(Object.values(PlanStatus)))
      expect(new Set(seed.toewijzingen.map((t) => t.status))).toEqual(
        new Set(Object.values(ToewijzingStatus)),
      )
      const nummers = seed.toewijzingen.map((t) => t.toewijzingNummer)
      expect(new Set(nummers).size).toBe(nummers.length)
      expect(seed.toewijzingen.every((t) => t.budgetCent > 0 && t.budgetCent <= 99_999_999)).toBe(true)
      // A withdrawn allocation ends on the day it starts, as the standard asks.
      for (const t of seed.toewijzingen.filter((t) => t.status === ToewijzingStatus.INGETROKKEN))
        expect(t.einddatum).toBe(t.ingangsdatum)

      const behoeften = new Map(seed.behoeften.map((b) => [b.id, b]))
      for (const t of seed.toewijzingen) {
        const behoefte = behoeften.get(t.behoefteId)!
        if (gemeenteInfo(code).inkoop === 'EIGEN') {
          const contracten = seed.eigenContracten.filter(
            (c) => c.aanbiederAgbCode === t.aanbiederAgbCode && c.status === 'ACTIEF',
          )
          const percelen = seed.eigenPercelen.filter((p) => contracten.some((c) => c.id === p.contractId))
          expect(
            percelen.some(
              (p) => p.ondersteuningsbehoefteCode === behoefte.code && p.niveau === behoefte.niveau,
            ),
          ).toBe(true)
        } else {
          const aanbieder = aanbieders.find((a) => a.agbCode === t.aanbiederAgbCode)!
          expect(aanbieder.werkgebied).toContain(code)
          const actief = aanbieder.contracten.filter((c) => c.status === 'ACTIEF').flatMap((c) => c.percelen)
          expect(
            actief.some((p) => p.ondersteuningsbehoefte === behoefte.code && p.niveau === behoefte.niveau),
          ).toBe(true)
        }
      }
    })
  }
})

describe('the gemeente subgraph of Almelo, in memory', () => {
  let db: DataSource
  let schema: GraphQLSchema

  beforeAll(async () => {
    db = await openDatabase({
      ...gemeenteDatabase,
      url: await frisseTestdatabase('gemeente_almelo'),
      sqlitePath: ':memory:',
    })
    await seedGemeente(db, '0141', { inwoners: 150 })
    schema = await buildGemeenteSchema()
  })
  afterAll(() => db.destroy())

  const run = (source: string, as: Identity | null, variableValues?: Record<string, unknown>) =>
    gemeenteRunner(schema, db, '0141', as)(source, variableValues)

  it('shows its own catalogue of support needs in the same shape as a regional gemeente', async () => {
    const result = await run(
      /* GraphQL */ `
        query Catalogus {
          _entities(representations: [{ __typename: "Gemeente", code: "0141" }]) {
            ... on Gemeente {
              ondersteuningsbehoeften {
                code
                bron
                regionaal {
                  code
                }
              }
            }
          }
        }
      `,
      null,
    )
    expect(result.errors).toBeUndefined()
    const lijst = (
      result.data!._entities as { ondersteuningsbehoeften: { code: string; bron: string }[] }[]
    )[0].ondersteuningsbehoeften
    expect(lijst.map((o) => o.code)).toEqual(['VB-ALM-OB-01', 'VB-ALM-OB-02', 'VB-ALM-OB-03', 'VB-ALM-OB-04'])
    expect(lijst.every((o) => o.bron === 'EIGEN')).toBe(true)
  })

  it("refuses a question about another gemeente: it reached Almelo's instance by mistake", async () => {
    const result = await run(
      /* GraphQL */ `
        query Fout {
          plannen(gemeenteCode: "0153") {
            totalCount
          }
        }
      `,
      identities.medewerker('0153'),
    )
    expect(result.data).toEqual({ plannen: null })
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gemeenteCode' })
  })

  it('pages through all plans with cursors, each plan once', async () => {
    const PAGINA = /* GraphQL */ `
      query Pagina($na: String) {
        plannen(gemeenteCode: "0141", eerste: 7, na: $na) {
          totalCount
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
    const ids: string[] = []
    let na: string | null = null
    let totalCount = 0
    for (let page = 0; page < 50; page++) {
      const result = await run(PAGINA, identities.medewerker('0141'), { na })
      const data = result.data!.plannen as {
        totalCount: number
        edges: { node: { id: string } }[]
        pageInfo: { hasNextPage: boolean; endCursor: string }
      }
      totalCount = data.totalCount
      ids.push(...data.edges.map((e) => e.node.id))
      if (!data.pageInfo.hasNextPage) break
      na = data.pageInfo.endCursor
    }
    expect(totalCount).toBeGreaterThan(14)
    expect(ids).toHaveLength(totalCount)
    expect(new Set(ids).size).toBe(totalCount)
  })

  it('filters plans by state, support need, level, provider and period together', async () => {
    const plannen: { id: string; status: string; startdatum: string; einddatum: string | null }[] =
      await db.query('SELECT id, status, startdatum, einddatum FROM plan')
    const behoeften: { planId: string; code: string; niveau: string }[] = await db.query(
      'SELECT planId, code, niveau FROM plan_behoefte',
    )
    const toewijzingen: { planId: string; aanbiederAgbCode: string }[] = await db.query(
      'SELECT planId, aanbiederAgbCode FROM toewijzing',
    )
    const { code, niveau } = behoeften[0]
    const agb = toewijzingen[0].aanbiederAgbCode
    const FILTER = /* GraphQL */ `
      query Filter($f: PlanFilter) {
        plannen(gemeenteCode: "0141", filter: $f, eerste: 100) {
          totalCount
          edges {
            node {
              id
            }
          }
        }
      }
    `
    const cases: [Record<string, string>, (p: (typeof plannen)[number]) => boolean][] = [
      [{ status: 'ACTIEF' }, (p) => p.status === 'ACTIEF'],
      [
        { ondersteuningsbehoefte: code, niveau },
        (p) => behoeften.some((b) => b.planId === p.id && b.code === code && b.niveau === niveau),
      ],
      [{ aanbieder: agb }, (p) => toewijzingen.some((t) => t.planId === p.id && t.aanbiederAgbCode === agb)],
      [
        { van: '2024-01-01', tot: '2024-12-31' },
        (p) => p.startdatum <= '2024-12-31' && (p.einddatum === null || p.einddatum >= '2024-01-01'),
      ],
    ]
    for (const [f, match] of cases) {
      const result = await run(FILTER, identities.medewerker('0141'), { f })
      const ids = (result.data!.plannen as { edges: { node: { id: string } }[] }).edges
        .map((e) => e.node.id)
        .sort()
      const verwacht = plannen
        .filter(match)
        .map((p) => p.id)
        .sort()
      expect(ids, JSON.stringify(f)).toEqual(verwacht)
      expect(verwacht.length, JSON.stringify(f)).toBeGreaterThan(0)
      expect(verwacht.length, JSON.stringify(f)).toBeLessThan(plannen.length)
    }
  })

  it('refuses a cursor it did not issue and a page size above the maximum', async () => {
    const slecht = await run(
      /* GraphQL */ `
        query C {
          plannen(gemeenteCode: "0141", na: "zomaar") {
            totalCount
          }
        }
      `,
      identities.medewerker('0141'),
    )
    expect(slecht.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'na' })
    const groot = await run(
      /* GraphQL */ `
        query G {
          plannen(gemeenteCode: "0141", eerste: 500) {
            totalCount
          }
        }
      `,
      identities.medewerker('0141'),
    )
    expect(groot.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eerste' })
  })

  it('finds a resident by BSN and by the start of the surname', async () => {
    const [inwoner] = await db.query('SELECT bsn, achternaam FROM inwoner ORDER BY bsn LIMIT 1')
    const ZOEK = /* GraphQL */ `
      query Zoek($zoek: String) {
        inwoners(gemeenteCode: "0141", zoek: $zoek, eerste: 100) {
          edges {
            node {
              bsn
              achternaam
            }
          }
        }
      }
    `
    const opBsn = await run(ZOEK, identities.medewerker('0141'), { zoek: inwoner.bsn })
    expect(opBsn.data).toEqual({
      inwoners: { edges: [{ node: { bsn: inwoner.bsn, achternaam: inwoner.achternaam } }] },
    })
    const deel = inwoner.achternaam.slice(0, 3).toUpperCase()
    const opNaam = await run(ZOEK, identities.medewerker('0141'), { zoek: deel })
    const namen = (opNaam.data!.inwoners as { edges: { node: { achternaam: string } }[] }).edges.map(
      (e) => e.node.achternaam,
    )
    expect(namen.length).toBeGreaterThan(0)
    expect(namen.every((n) => n.toLowerCase().startsWith(deel.toLowerCase()))).toBe(true)
  })

  it('shows nothing of a request, its plan or its residents to a caller without access, however the object is reached', async () => {
    const [melding] = await db.query('SELECT m.id FROM melding m JOIN plan p ON p.meldingId = m.id LIMIT 1')
    const [t] = await db.query('SELECT aanbiederAgbCode FROM toewijzing LIMIT 1')
    const REF = /* GraphQL */ `
      query Ref($id: ID!) {
        _entities(representations: [{ __typename: "Melding", gemeenteCode: "0141", id: $id }]) {
          ... on Melding {
            omschrijving
            stappen {
              bevinding
            }
            plan {
              behoeften {
                inwoner {
                  bsn
                }
                resultaten {
                  omschrijving
                }
              }
            }
          }
        }
      }
    `
    for (const as of [
      null,
      identities.aanbieder(t.aanbiederAgbCode),
      identities.analist(),
      identities.medewerker('0153'),
    ]) {
      const result = await run(REF, as, { id: melding.id })
      expect(result.data, JSON.stringify(as)).toEqual({ _entities: [null] })
      expect(JSON.stringify(result)).not.toMatch(/9999\d{5}/)
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(result.errors![0].extensions.code)
    }
    const eigen = await run(REF, identities.medewerker('0141'), { id: melding.id })
    expect(eigen.errors).toBeUndefined()
  })

  it("lets a provider reach the resident of its own allocation, but not that resident's household", async () => {
    const [t] = await db.query("SELECT id, aanbiederAgbCode FROM toewijzing WHERE status = 'GESTART' LIMIT 1")
    const result = await run(
      /* GraphQL */ `
        query Eigen($id: ID!) {
          _entities(representations: [{ __typename: "Toewijzing", gemeenteCode: "0141", id: $id }]) {
            ... on Toewijzing {
              inwoner {
                voornamen
                huishouden {
                  naam
                }
              }
            }
          }
        }
      `,
      identities.aanbieder(t.aanbiederAgbCode),
      { id: t.id },
    )
    expect((result.data!._entities as { inwoner: { voornamen: string } }[])[0].inwoner.voornamen).toEqual(
      expect.any(String),
    )
    expect(result.errors!.map((e) => [e.path, e.extensions.code])).toEqual([
      [['_entities', 0, 'inwoner', 'huishouden'], 'FORBIDDEN'],
    ])

    const ander = await run(
      /* GraphQL */ `
        query Ander($id: ID!) {
          _entities(representations: [{ __typename: "Toewijzing", gemeenteCode: "0141", id: $id }]) {
            ... on Toewijzing {
              id
            }
          }
        }
      `,
      identities.aanbieder('00000000'),
      { id: t.id },
    )
    expect(ander.data).toEqual({ _entities: [null] })
  })
})
