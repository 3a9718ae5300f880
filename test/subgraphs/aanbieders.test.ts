import 'reflect-metadata'
// The CommonJS entry on purpose: @apollo/subgraph builds the schema with require('graphql'), and
// vitest would otherwise resolve a bare 'graphql' here to the ESM build, a second copy that
// refuses a schema made by the first.
import { graphql, type GraphQLSchema } from 'graphql/index.js'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../shared/db/database'
import { SqlCounter } from '../../shared/db/sql-counter'
import { GEMEENTE_CODES } from '../../shared/gemeenten'
import { isAgbCode, isKvkNummer, normalisePostcode } from '../../shared/ijw/identifiers'
import { generateAanbieders, type SeedAanbieder } from '../../shared/seed/aanbieders'
import { createAanbiedersContext } from '../../subgraphs/aanbieders/context'
import specialisatieLijst from '../../subgraphs/aanbieders/seed/specialisaties.json' with { type: 'json' }
import { seedAanbieders } from '../../subgraphs/aanbieders/seed/seed'
import { aanbiedersDatabase, buildAanbiedersSchema } from '../../subgraphs/aanbieders/server'
import catalogus from '../../subgraphs/catalogus/seed/catalogus.json' with { type: 'json' }

const SEED = generateAanbieders()
const sql = new SqlCounter()
let db: DataSource
let schema: GraphQLSchema

beforeAll(async () => {
  db = await openDatabase({ sqlitePath: ':memory:', ...aanbiedersDatabase, sqlCounter: sql })
  await seedAanbieders(db, SEED)
  schema = await buildAanbiedersSchema()
})

afterAll(async () => {
  await db?.destroy()
})

/** Runs an operation as an anonymous caller, with fresh loaders as every request gets. */
const run = (source: string, variableValues?: Record<string, unknown>) =>
  graphql({ schema, source, variableValues, contextValue: createAanbiedersContext(db, null) })

// SQLite compares text byte by byte, and so does `<` on these ASCII names.
const byNaam = (a: SeedAanbieder, b: SeedAanbieder) =>
  a.naam < b.naam ? -1 : a.naam > b.naam ? 1 : a.agbCode < b.agbCode ? -1 : 1

const AANBIEDERS_GEFILTERD = /* GraphQL */ `
  query AanbiedersGefilterd($gemeente: ID, $behoefte: ID, $niveau: Niveau, $specialisatie: ID) {
    aanbieders(
      gemeente: $gemeente
      ondersteuningsbehoefte: $behoefte
      niveau: $niveau
      specialisatie: $specialisatie
      eerste: 100
    ) {
      totalCount
      edges {
        node {
          agbCode
          naam
        }
      }
    }
  }
`

const verwacht = (aanbieders: SeedAanbieder[]) => ({
  data: {
    aanbieders: {
      totalCount: aanbieders.length,
      edges: [...aanbieders].sort(byNaam).map((a) => ({ node: { agbCode: a.agbCode, naam: a.naam } })),
    },
  },
})

describe('the demo registry generator', () => {
  it('generates the same synthetic providers on every run', () => {
    expect(generateAanbieders()).toEqual(SEED)
    expect(SEED).toHaveLength(40)
  })

  it('uses only synthetic identifiers, Twentse postcodes and codes from the catalogue and the controlled list', () => {
    const niveausVan = new Map(catalogus.ondersteuningsbehoeften.map((o) => [o.code, o.niveaus]))
    const modules = new Set(catalogus.modules.map((m) => m.code))
    const specialisaties = new Set(specialisatieLijst.specialisaties.map((s) => s.code))
    for (const a of SEED) {
      expect(isAgbCode(a.agbCode) && a.agbCode.startsWith('9999')).toBe(true)
      expect(isKvkNummer(a.kvkNummer) && a.kvkNummer.startsWith('9000')).toBe(true)
      expect(a.naam).toMatch(/\(fictief\)$/)
      expect(a.werkgebied.every((code) => GEMEENTE_CODES.includes(code))).toBe(true)
      for (const l of a.locaties) {
        expect(normalisePostcode(l.postcode)).toBe(l.postcode)
        expect(l.postcode).toMatch(/^7[4-6]/)
      }
      expect(a.specialisaties.every((code) => specialisaties.has(code))).toBe(true)
      for (const c of a.contracten) {
        expect(c.percelen.every((p) => niveausVan.get(p.ondersteuningsbehoefte)?.includes(p.niveau))).toBe(
          true,
        )
        expect(c.modules.every((code) => modules.has(code))).toBe(true)
        expect(c.einddatum === null || c.ingangsdatum <= c.einddatum).toBe(true)
      }
    }
    expect(new Set(SEED.map((a) => a.agbCode)).size).toBe(SEED.length)
  })
})

describe('aanbieders subgraph', () => {
  it('seeds a database only while it is empty', async () => {
    expect(await seedAanbieders(db, SEED)).toBe(false)
  })

  it('finds only providers that serve the gemeente and hold an active contract with a lot for that need at that level', async () => {
    const [gemeente, behoefte, niveau] = ['0164', 'VB-OB-04', 'C']
    const heeftPerceel = (a: SeedAanbieder, alleenActief: boolean) =>
      a.contracten.some(
        (c) =>
          (!alleenActief || c.status === 'ACTIEF') &&
          c.percelen.some((p) => p.ondersteuningsbehoefte === behoefte && p.niveau === niveau),
      )
    const passend = SEED.filter((a) => a.werkgebied.includes(gemeente) && heeftPerceel(a, true))
    // The seed must hold providers that a careless filter would let through, or this proves nothing.
    expect(passend.length).toBeGreaterThan(0)
    expect(
      SEED.some((a) => a.werkgebied.includes(gemeente) && heeftPerceel(a, false) && !heeftPerceel(a, true)),
    ).toBe(true)
    expect(SEED.some((a) => !a.werkgebied.includes(gemeente) && heeftPerceel(a, true))).toBe(true)

    expect(await run(AANBIEDERS_GEFILTERD, { gemeente, behoefte, niveau })).toEqual(verwacht(passend))
  })

  it('finds the providers with a specialisation', async () => {
    const specialisatie = 'SP-01'
    const passend = SEED.filter((a) => a.specialisaties.includes(specialisatie))
    expect(passend.length).toBeGreaterThan(0)

    expect(await run(AANBIEDERS_GEFILTERD, { specialisatie })).toEqual(verwacht(passend))
  })

  it('refuses a gemeente code outside Twente', async () => {
    const result = await run(AANBIEDERS_GEFILTERD, { gemeente: '0363' })

    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT'])
  })

  it('pages through all providers by name, each exactly once', async () => {
    const pagina = /* GraphQL */ `
      query AanbiedersPagina($na: String) {
        aanbieders(eerste: 7, na: $na) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              agbCode
            }
          }
        }
      }
    `
    const gezien: string[] = []
    let na: string | null = null
    let paginas = 0
    do {
      const result = await run(pagina, { na })
      expect(result.errors).toBeUndefined()
      const { edges, pageInfo, totalCount } = (result.data as { aanbieders: AanbiedersPagina }).aanbieders
      expect(totalCount).toBe(SEED.length)
      gezien.push(...edges.map((e) => e.node.agbCode))
      na = pageInfo.hasNextPage ? pageInfo.endCursor : null
      paginas++
    } while (na)

    expect(paginas).toBe(Math.ceil(SEED.length / 7))
    expect(gezien).toEqual([...SEED].sort(byNaam).map((a) => a.agbCode))
  })

  it('returns a provider with its locations, service area, specialisations and contracts as registered', async () => {
    const aanbieder = SEED.find(
      (a) => a.contracten.length > 1 && a.specialisaties.length > 0,
    ) as SeedAanbieder
    const namen = new Map(specialisatieLijst.specialisaties.map((s) => [s.code, s.naam]))

    const result = await run(
      /* GraphQL */ `
        query EenAanbieder($agbCode: ID!) {
          aanbieder(agbCode: $agbCode) {
            agbCode
            kvkNummer
            naam
            locaties {
              id
              naam
              postcode
              plaats
            }
            werkgebied {
              code
            }
            specialisaties {
              code
              naam
            }
            contracten {
              id
              status
              ingangsdatum
              einddatum
              percelen {
                ondersteuningsbehoefte {
                  code
                }
                niveau
              }
              modules {
                code
              }
            }
          }
        }
      `,
      { agbCode: aanbieder.agbCode },
    )

    expect(result).toEqual({
      data: {
        aanbieder: {
          agbCode: aanbieder.agbCode,
          kvkNummer: aanbieder.kvkNummer,
          naam: aanbieder.naam,
          locaties: [...aanbieder.locaties].sort((a, b) => (a.naam < b.naam ? -1 : 1)),
          werkgebied: aanbieder.werkgebied.map((code) => ({ code })),
          specialisaties: aanbieder.specialisaties.map((code) => ({ code, naam: namen.get(code) })),
          contracten: aanbieder.contracten.map((c) => ({
            id: c.id,
            status: c.status,
            ingangsdatum: c.ingangsdatum,
            einddatum: c.einddatum,
            percelen: c.percelen.map((p) => ({
              ondersteuningsbehoefte: { code: p.ondersteuningsbehoefte },
              niveau: p.niveau,
            })),
            modules: c.modules.map((code) => ({ code })),
          })),
        },
      },
    })
  })

  it('answers null for an AGB code that is not registered and refuses one that is not eight digits', async () => {
    const query = /* GraphQL */ `
      query AanbiederNaam($agbCode: ID!) {
        aanbieder(agbCode: $agbCode) {
          naam
        }
      }
    `
    expect(await run(query, { agbCode: '12345678' })).toEqual({ data: { aanbieder: null } })
    const onjuist = await run(query, { agbCode: '1234' })
    expect(onjuist.errors?.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT'])
  })

  it('resolves Aanbieder references for the gateway, with null for an unknown AGB code', async () => {
    const [eerste, tweede] = [SEED[3], SEED[0]]

    const result = await run(
      /* GraphQL */ `
        query AanbiederReferenties($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Aanbieder {
              agbCode
              naam
              werkgebied {
                code
              }
            }
          }
        }
      `,
      {
        representations: [
          { __typename: 'Aanbieder', agbCode: eerste.agbCode },
          { __typename: 'Aanbieder', agbCode: '99989999' },
          { __typename: 'Aanbieder', agbCode: tweede.agbCode },
        ],
      },
    )

    const verwachtEntity = (a: SeedAanbieder) => ({
      agbCode: a.agbCode,
      naam: a.naam,
      werkgebied: a.werkgebied.map((code) => ({ code })),
    })
    expect(result).toEqual({ data: { _entities: [verwachtEntity(eerste), null, verwachtEntity(tweede)] } })
  })

  it('lists the controlled specialisations from the data file', async () => {
    expect(
      await run(/* GraphQL */ `
        query Specialisaties {
          specialisaties {
            code
            naam
          }
        }
      `),
    ).toEqual({
      data: { specialisaties: specialisatieLijst.specialisaties },
    })
  })

  it('costs the same number of SQL statements for a page of 5 providers with all their lists as for a page of 25', async () => {
    const query = /* GraphQL */ `
      query AanbiedersVolledig($eerste: Int!) {
        aanbieders(eerste: $eerste) {
          edges {
            node {
              agbCode
              locaties {
                postcode
              }
              werkgebied {
                code
              }
              specialisaties {
                naam
              }
              contracten {
                status
                percelen {
                  niveau
                  ondersteuningsbehoefte {
                    code
                  }
                }
                modules {
                  code
                }
              }
            }
          }
        }
      }
    `
    const statements = async (eerste: number) => {
      sql.reset()
      const result = await run(query, { eerste })
      expect(result.errors).toBeUndefined()
      expect((result.data as { aanbieders: { edges: unknown[] } }).aanbieders.edges).toHaveLength(eerste)
      return sql.count
    }

    const vijf = await statements(5)
    const vijfentwintig = await statements(25)

    // The page, then one per list: locaties, werkgebied, specialisaties, contracten, percelen,
    // modules; no count, as the query does not ask totalCount.
    expect(vijf).toBe(7)
    expect(vijfentwintig).toBe(vijf)
  })
})

interface AanbiedersPagina {
  totalCount: number
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
  edges: { node: { agbCode: string } }[]
}
