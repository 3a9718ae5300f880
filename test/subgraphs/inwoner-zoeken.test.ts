import 'reflect-metadata'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GraphQLSchema } from 'graphql'
import type { DataSource } from 'typeorm'
import { normaliseerNaam, zoeknaamVan } from '../../subgraphs/gemeente/inwoner/zoeknaam'
import { buildGemeenteSchema } from '../../subgraphs/gemeente/server'
import { identities } from '../harness/stack'
import { dialects, gemeenteRunner, queryPlan, seededGemeente, StatementLog } from '../harness/in-process'

const ZOEK = /* GraphQL */ `
  query Zoek($zoek: String, $na: String) {
    inwoners(gemeenteCode: "0141", zoek: $zoek, eerste: 20, na: $na) {
      edges {
        node {
          achternaam
          voornamen
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
      totalCount
    }
  }
`

describe('normaliseerNaam', () => {
  it('compares names without case, diacritics or punctuation, surname first', () => {
    expect(zoeknaamVan('de Vries', 'Zoë  Anna')).toBe('de vries zoe anna')
    expect(zoeknaamVan("D'Hondt-Oude Nijhuis", 'Émile')).toBe('d hondt oude nijhuis emile')
    expect(normaliseerNaam('  DE VR ')).toBe('de vr')
    // Nothing a LIKE or GLOB pattern would read as a wildcard survives.
    expect(normaliseerNaam('%_*?[a]')).toBe('a')
  })
})

describe.each(dialects('inwoner_zoeken'))('the resident search on $naam', ({ url }) => {
  let db: DataSource
  let schema: GraphQLSchema
  const log = new StatementLog()

  beforeAll(async () => {
    // Enough residents that a scan and an index range differ in the plan.
    db = await seededGemeente(await url(), log, '0141', 2_000)
    schema = await buildGemeenteSchema()
  }, 120_000)
  afterAll(() => db.destroy())

  const run = (variableValues: Record<string, unknown>) =>
    gemeenteRunner(schema, db, '0141', identities.medewerker('0141'))(ZOEK, variableValues)

  it('finds residents by the start of their name, surname first, whatever the case or accents', async () => {
    const verwacht: { achternaam: string; voornamen: string }[] = await db.query(
      "SELECT achternaam, voornamen FROM inwoner WHERE achternaam = 'de Vries' AND voornamen = 'Anna'",
    )
    expect(verwacht.length).toBeGreaterThan(0)
    const result = await run({ zoek: 'DE VRIES ánn' })
    expect(result.errors).toBeUndefined()
    const gevonden = result.data!.inwoners as {
      edges: { node: { achternaam: string; voornamen: string } }[]
      totalCount: number
    }
    expect(gevonden.totalCount).toBe(verwacht.length)
    expect(gevonden.edges.map((e) => e.node)).toEqual(verwacht.slice(0, 20))
  })

  it('pages through every match in name order, one index range per page', async () => {
    const alle: { zoeknaam: string }[] = await db.query(
      "SELECT zoeknaam FROM inwoner WHERE zoeknaam LIKE 'jans%' ORDER BY zoeknaam, id",
    )
    const namen: string[] = []
    let na: string | null = null
    do {
      const result = await run({ zoek: 'jans', na })
      expect(result.errors).toBeUndefined()
      const pagina = result.data!.inwoners as {
        edges: { node: { achternaam: string; voornamen: string } }[]
        pageInfo: { endCursor: string | null; hasNextPage: boolean }
      }
      namen.push(...pagina.edges.map((e) => zoeknaamVan(e.node.achternaam, e.node.voornamen)))
      na = pagina.pageInfo.hasNextPage ? pagina.pageInfo.endCursor : null
    } while (na)
    expect(alle.length).toBeGreaterThan(40)
    expect(namen).toEqual(alle.map((r) => r.zoeknaam))
  })

  it('reads a page and its count from the index on (gemeenteCode, zoeknaam), never scanning or sorting the table', async () => {
    const result = await run({ zoek: 'jans' })
    expect(result.errors).toBeUndefined()
    const first = await run({ zoek: 'jans' })
    const cursor = (first.data!.inwoners as { pageInfo: { endCursor: string } }).pageInfo.endCursor
    log.statements = []
    await run({ zoek: 'jans', na: cursor })
    const statements = log.statements.filter((s) => s.sql.includes('zoeknaam'))
    // The count and the page after a cursor.
    expect(statements).toHaveLength(2)
    for (const statement of statements) {
      const plan = await queryPlan(db, statement)
      if (plan.dialect === 'SQLite') {
        const { details } = plan
        expect(details).toMatch(
          /SEARCH (inwoner|.*) USING (COVERING )?INDEX IDX_\w+ \(gemeenteCode=\? AND zoeknaam>\? AND zoeknaam<\?\)/,
        )
        expect(details).not.toMatch(/SCAN inwoner|TEMP B-TREE/)
      } else {
        const inwoner = plan.rows.filter((p) => p.type !== 'const' && p.type !== 'eq_ref')
        expect(inwoner.length, JSON.stringify(plan)).toBeGreaterThan(0)
        for (const row of inwoner) {
          expect(row.type, JSON.stringify(plan)).toBe('range')
          expect(row.key, JSON.stringify(plan)).toMatch(/^IDX_/)
          expect(row.Extra ?? '', JSON.stringify(plan)).not.toMatch(/filesort|temporary/)
        }
      }
    }
  })
})
