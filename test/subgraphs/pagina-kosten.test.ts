import 'reflect-metadata'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GraphQLSchema } from 'graphql'
import type { DataSource } from 'typeorm'
import { randomUUID } from 'node:crypto'
import { Declaratie } from '../../subgraphs/gemeente/declaratie/declaratie.entity'
import { buildGemeenteSchema } from '../../subgraphs/gemeente/server'
import { identities } from '../harness/stack'
import {
  dialects,
  gemeenteRunner,
  queryPlan,
  seededGemeente,
  StatementLog,
  type QueryPlan,
} from '../harness/in-process'

// What a page of a gemeente's lists costs as the data grows: a page is a LIMITed range of an
// index in the list's order (never a sort of every row), and the count over all pages is made
// only when the client asks for totalCount.

const LIJSTEN = [
  { veld: 'plannen', tabel: 'plan' },
  { veld: 'meldingen', tabel: 'melding' },
  { veld: 'toewijzingen', tabel: 'toewijzing' },
  { veld: 'declaraties', tabel: 'declaratie' },
]

const pagina = (veld: string, tellen: boolean) => /* GraphQL */ `
  query Pagina($na: String) {
    ${veld}(gemeenteCode: "0141", eerste: 5, na: $na) {
      edges { node { id } }
      pageInfo { endCursor hasNextPage }
      ${tellen ? 'totalCount' : ''}
    }
  }
`

interface Pagina {
  edges: { node: { id: string } }[]
  pageInfo: { endCursor: string | null; hasNextPage: boolean }
  totalCount?: number
}

/** Expects the plan to read `tabel` from one of the project's indexes, without a sort or a scan. */
function leestUitIndex(plan: QueryPlan, tabel: string) {
  if (plan.dialect === 'SQLite') {
    expect(plan.details).toMatch(
      new RegExp(`SEARCH ${tabel} USING (COVERING )?INDEX IDX_\\w+ \\(gemeenteCode=\\?`),
    )
    expect(plan.details).not.toMatch(new RegExp(`SCAN ${tabel}\\b|TEMP B-TREE`))
    return
  }
  const rows = plan.rows.filter((p) => p.table === tabel && p.type !== 'const' && p.type !== 'eq_ref')
  expect(rows, JSON.stringify(plan.rows)).toHaveLength(1)
  expect(rows[0].key, JSON.stringify(plan.rows)).toMatch(/^IDX_/)
  expect(rows[0].Extra ?? '', JSON.stringify(plan.rows)).not.toMatch(/filesort|temporary/)
}

describe.each(dialects('pagina_kosten'))('a page of a gemeente’s list on $naam', ({ url }) => {
  let db: DataSource
  let schema: GraphQLSchema
  const log = new StatementLog()

  beforeAll(async () => {
    // Enough rows that a sort of them all and an index range differ in the plan.
    db = await seededGemeente(await url(), log, '0141', 2_000)
    // The seed declares nothing: a month declared for each of 600 allocations.
    const toewijzingen: { id: string; agb: string }[] = await db.query(
      `SELECT id, aanbiederAgbCode AS agb FROM toewijzing ORDER BY id LIMIT 600`,
    )
    await db.getRepository(Declaratie).insert(
      toewijzingen.map((t, i) => ({
        id: randomUUID(),
        gemeenteCode: '0141',
        toewijzingId: t.id,
        aanbiederAgbCode: t.agb,
        periode: `2026-${String((i % 12) + 1).padStart(2, '0')}`,
        begindatum: '2026-01-01',
        einddatum: '2026-01-31',
        ingediendOp: '2026-02-01',
        versie: 1,
      })),
    )
    schema = await buildGemeenteSchema()
  }, 120_000)
  afterAll(() => db.destroy())

  const statementsOf = async (
    run: ReturnType<typeof gemeenteRunner>,
    source: string,
    tabel: string,
    na: string | null = null,
  ) => {
    log.statements = []
    const result = await run(source, { na })
    expect(result.errors).toBeUndefined()
    const statements = log.statements.filter((s) =>
      new RegExp(`FROM [\`"]?${tabel}[\`"]?(?=\\s|$)`).test(s.sql),
    )
    return { pagina: Object.values(result.data!)[0] as Pagina, statements }
  }

  for (const { veld, tabel } of LIJSTEN) {
    it(`${veld}: counts only when totalCount is asked, and then all of them`, async () => {
      const run = gemeenteRunner(schema, db, '0141', identities.medewerker('0141'))
      const zonder = await statementsOf(run, pagina(veld, false), tabel)
      expect(zonder.pagina.edges).toHaveLength(5)
      expect(zonder.statements.filter((s) => /COUNT\(/.test(s.sql))).toHaveLength(0)
      const met = await statementsOf(run, pagina(veld, true), tabel)
      expect(met.statements.filter((s) => /COUNT\(/.test(s.sql))).toHaveLength(1)
      const [{ n }] = await db.query(`SELECT COUNT(*) AS n FROM ${tabel} WHERE gemeenteCode = '0141'`)
      expect(met.pagina.totalCount).toBe(Number(n))
      expect(met.pagina.edges).toEqual(zonder.pagina.edges)
    })

    it(`${veld}: reads the first page and the next as a range of an index in its order`, async () => {
      const run = gemeenteRunner(schema, db, '0141', identities.medewerker('0141'))
      const eerste = await statementsOf(run, pagina(veld, false), tabel)
      const volgende = await statementsOf(run, pagina(veld, false), tabel, eerste.pagina.pageInfo.endCursor)
      expect(volgende.pagina.edges).toHaveLength(5)
      // The page's statement each time (the cursor's row is read inside it).
      expect(eerste.statements).toHaveLength(1)
      expect(volgende.statements).toHaveLength(1)
      for (const statement of [...eerste.statements, ...volgende.statements])
        leestUitIndex(await queryPlan(db, statement), tabel)
    })
  }

  it('declaraties: a provider’s own page too', async () => {
    const [{ agb }] = await db.query(
      `SELECT aanbiederAgbCode AS agb FROM declaratie GROUP BY aanbiederAgbCode ORDER BY COUNT(*) DESC LIMIT 1`,
    )
    const run = gemeenteRunner(schema, db, '0141', identities.aanbieder(agb))
    const { pagina: eigen, statements } = await statementsOf(run, pagina('declaraties', false), 'declaratie')
    expect(eigen.edges.length).toBeGreaterThan(0)
    expect(statements).toHaveLength(1)
    for (const statement of statements) leestUitIndex(await queryPlan(db, statement), 'declaratie')
  })
})
