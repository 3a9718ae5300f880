import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GEMEENTE_CODES } from '../../shared/gemeenten'
import { identities, startTestStack, type TestStack } from '../harness/stack'

const PORTAAL = /* GraphQL */ `
  query Portaal($agb: ID!, $eerste: Int!, $na: [String!]) {
    aanbieder(agbCode: $agb) {
      toewijzingenPerGemeente(eerste: $eerste, na: $na) {
        gemeente {
          code
        }
        toewijzingen {
          edges {
            node {
              id
              gemeenteCode
              ingangsdatum
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
          totalCount
        }
      }
    }
  }
`

interface Pagina {
  gemeente: { code: string }
  toewijzingen: {
    edges: { node: { id: string; gemeenteCode: string; ingangsdatum: string } }[]
    pageInfo: { hasNextPage: boolean; endCursor: string | null }
    totalCount: number
  }
}

describe('the provider portal, a page per gemeente', () => {
  let stack: TestStack
  let agb: string
  /** Per gemeente, the provider's allocation ids in (ingangsdatum, id) order, from the databases. */
  const verwacht = new Map<string, string[]>()

  beforeAll(async () => {
    stack = await startTestStack('aanbieder_portaal', { inwoners: 60 })
    const perAanbieder = new Map<string, number>()
    for (const code of GEMEENTE_CODES) {
      const rows: { agb: string }[] = await stack
        .gemeente(code)
        .db.query('SELECT aanbiederAgbCode AS agb FROM toewijzing')
      for (const r of rows) perAanbieder.set(r.agb, (perAanbieder.get(r.agb) ?? 0) + 1)
    }
    agb = [...perAanbieder].sort((a, b) => b[1] - a[1])[0][0]
    for (const code of GEMEENTE_CODES) {
      const rows: { id: string }[] = await stack
        .gemeente(code)
        .db.query('SELECT id FROM toewijzing WHERE aanbiederAgbCode = ? ORDER BY ingangsdatum, id', [agb])
      if (rows.length)
        verwacht.set(
          code,
          rows.map((r) => r.id),
        )
    }
  }, 120_000)
  afterAll(() => stack?.stop())

  it('gives every allocation once, ordered within each gemeente, when the client continues the gemeenten with a next page', async () => {
    expect([...verwacht.values()].some((ids) => ids.length > 2)).toBe(true)
    const gezien = new Map<string, string[]>()
    let na: string[] | null = null
    let rondes = 0
    do {
      const data = await stack.data(PORTAAL, { agb, eerste: 2, na }, identities.aanbieder(agb))
      const paginas = data.aanbieder.toewijzingenPerGemeente as Pagina[]
      // CBS-code order, one page per gemeente, and only the gemeenten asked for.
      const codes = paginas.map((p) => p.gemeente.code)
      expect(codes).toEqual([...codes].sort())
      if (rondes === 0) expect(codes).toEqual([...verwacht.keys()])
      for (const p of paginas) {
        expect(p.toewijzingen.edges.length).toBeLessThanOrEqual(2)
        expect(p.toewijzingen.totalCount).toBe(verwacht.get(p.gemeente.code)!.length)
        for (const { node } of p.toewijzingen.edges) expect(node.gemeenteCode).toBe(p.gemeente.code)
        gezien.set(p.gemeente.code, [
          ...(gezien.get(p.gemeente.code) ?? []),
          ...p.toewijzingen.edges.map((e) => e.node.id),
        ])
      }
      na = paginas
        .filter((p) => p.toewijzingen.pageInfo.hasNextPage)
        .map((p) => p.toewijzingen.pageInfo.endCursor!)
      rondes++
    } while (na.length && rondes < 100)
    expect(gezien).toEqual(verwacht)
    expect(rondes).toBe(Math.max(...[...verwacht.values()].map((ids) => Math.ceil(ids.length / 2))))
  })

  it('costs each instance the same statements per page (a LIMITed range, a count, the access log), however many pages there are', async () => {
    const [code] = [...verwacht].sort((a, b) => b[1].length - a[1].length)[0]
    const sql = stack.gemeente(code).sql
    let statements: string[] = []
    const logQuery = sql.logQuery.bind(sql)
    sql.logQuery = (query: string, parameters?: unknown[]) => {
      // The gateway's readiness probe asks the instance's database too, whenever it likes.
      if (!/FROM migrations/.test(query))
        statements.push(query.replace(/[`"]/g, '').split(' ').slice(0, 3).join(' '))
      logQuery(query, parameters)
    }
    const perPagina: string[][] = []
    let na: string[] | null = null
    do {
      statements = []
      const data = await stack.data(PORTAAL, { agb, eerste: 1, na }, identities.aanbieder(agb))
      perPagina.push(statements)
      const mine = (data.aanbieder.toewijzingenPerGemeente as Pagina[]).find((p) => p.gemeente.code === code)!
      na = mine.toewijzingen.pageInfo.hasNextPage ? [mine.toewijzingen.pageInfo.endCursor!] : null
    } while (na)
    sql.logQuery = logQuery
    expect(perPagina.length).toBe(verwacht.get(code)!.length)
    for (const pagina of perPagina)
      expect(pagina.slice().sort()).toEqual([
        'INSERT INTO toegangslog',
        'SELECT COUNT(1) AS',
        'SELECT toewijzing.id AS',
      ])
  })

  it('shows another provider nothing, and refuses a cursor that is not one, once for the region', async () => {
    const ander = await stack.data(PORTAAL, { agb, eerste: 5 }, identities.aanbieder('99999999'))
    expect(ander.aanbieder.toewijzingenPerGemeente).toEqual([])
    const fout = await stack.query(PORTAAL, {
      variables: { agb, eerste: 5, na: ['zomaar'] },
      as: identities.aanbieder(agb),
    })
    expect(fout.body.errors).toHaveLength(1)
    expect(fout.body.errors![0]).toMatchObject({
      message: 'Ongeldige cursor: gebruik de endCursor van de vorige pagina.',
      extensions: { code: 'BAD_USER_INPUT', field: 'na' },
    })
  })
})
