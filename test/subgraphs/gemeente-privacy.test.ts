import 'reflect-metadata'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  getNamedType,
  graphql,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql'
import type { DataSource } from 'typeorm'
import type { Identity } from '../../shared/auth/identity'
import { openDatabase } from '../../shared/db/database'
import { gemeenteInfo } from '../../shared/gemeenten'
import { buildGemeenteContext } from '../../subgraphs/gemeente/context'
import { EigenInkoop } from '../../subgraphs/gemeente/inkoop/inkoop'
import { RegionaleBron } from '../../subgraphs/gemeente/inkoop/regionale-bron'
import { seedGemeente } from '../../subgraphs/gemeente/seed/seed'
import { buildGemeenteSchema, gemeenteDatabase } from '../../subgraphs/gemeente/server'
import { frisseTestdatabase, identities } from '../harness/stack'

const ALMELO = '0141'
const almelo = gemeenteInfo(ALMELO)
const medewerker = identities.medewerker(ALMELO)

let db: DataSource
let schema: GraphQLSchema

beforeAll(async () => {
  db = await openDatabase({
    ...gemeenteDatabase,
    url: await frisseTestdatabase('gemeente_privacy'),
    sqlitePath: ':memory:',
  })
  await seedGemeente(db, ALMELO, { inwoners: 150 })
  schema = await buildGemeenteSchema()
})
afterAll(() => db?.destroy())

const deps = () => ({
  gemeente: almelo,
  db,
  inkoop: new EigenInkoop(db, ALMELO, new RegionaleBron('catalogus', 'http://127.0.0.1:9/')),
  auth: null as never,
})

/** Runs an operation on the schema in memory, as the instance would after authentication. */
async function run(source: string, as: Identity | null, variableValues?: Record<string, unknown>) {
  const contextValue = buildGemeenteContext(deps(), as)
  const result = await graphql({ schema, source, variableValues, contextValue })
  return { ...result, contextValue }
}

const decode = (cursor: string): unknown => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))

describe('cursors', () => {
  const INWONERS = /* GraphQL */ `
    query Inwoners($na: String, $eerste: Int!) {
      inwoners(gemeenteCode: "0141", eerste: $eerste, na: $na) {
        totalCount
        edges {
          cursor
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
  type Pagina = {
    totalCount: number
    edges: { cursor: string; node: { id: string } }[]
    pageInfo: { hasNextPage: boolean; endCursor: string | null }
  }

  it('name no resident: a decoded cursor holds the row id and nothing else', async () => {
    const { data, errors } = await run(INWONERS, medewerker, { eerste: 10 })
    expect(errors).toBeUndefined()
    const pagina = data!.inwoners as Pagina
    const personen: {
      id: string
      bsn: string
      voornamen: string
      achternaam: string
      geboortedatum: string
    }[] = await db.query('SELECT id, bsn, voornamen, achternaam, geboortedatum FROM inwoner')
    for (const { cursor, node } of pagina.edges) {
      expect(decode(cursor)).toEqual([node.id])
      const tekst = Buffer.from(cursor, 'base64url').toString('utf8')
      for (const p of personen) {
        for (const gegeven of [p.bsn, p.voornamen, p.achternaam, p.geboortedatum])
          expect(tekst.includes(gegeven), `${gegeven} in a cursor`).toBe(false)
      }
    }
    expect(pagina.pageInfo.endCursor).toBe(pagina.edges.at(-1)!.cursor)
  })

  it('page through all residents in name order, each one once, also across equal surnames', async () => {
    // The database's own order (its collation) is the reference: the cursor is compared there too.
    const verwacht = (
      (await db.query('SELECT id FROM inwoner WHERE gemeenteCode = ? ORDER BY achternaam, id', [ALMELO])) as {
        id: string
      }[]
    ).map((r) => r.id)
    const [{ n: dubbel }] = await db.query(
      'SELECT COUNT(*) AS n FROM (SELECT achternaam FROM inwoner GROUP BY achternaam HAVING COUNT(*) > 1) d',
    )
    expect(Number(dubbel)).toBeGreaterThan(0)

    const gezien: string[] = []
    let na: string | null = null
    for (let i = 0; i < 100; i++) {
      const { data, errors } = await run(INWONERS, medewerker, { eerste: 7, na })
      expect(errors).toBeUndefined()
      const pagina = data!.inwoners as Pagina
      expect(pagina.totalCount).toBe(verwacht.length)
      gezien.push(...pagina.edges.map((e) => e.node.id))
      if (!pagina.pageInfo.hasNextPage) break
      na = pagina.pageInfo.endCursor
    }
    expect(gezien).toEqual(verwacht)
  })

  it('refuse a malformed cursor, a cursor of a row that does not exist and one of another list', async () => {
    const [plan] = await db.query('SELECT id FROM plan LIMIT 1')
    const cursors = [
      'zomaar',
      Buffer.from('["Jansen","abc"]').toString('base64url'),
      Buffer.from(JSON.stringify(['00000000-0000-0000-0000-000000000000'])).toString('base64url'),
      Buffer.from(JSON.stringify([plan.id])).toString('base64url'),
    ]
    for (const na of cursors) {
      const { data, errors } = await run(INWONERS, medewerker, { eerste: 5, na })
      expect(data, na).toEqual({ inwoners: null })
      expect(
        errors!.map((e) => e.extensions),
        na,
      ).toEqual([{ code: 'BAD_USER_INPUT', field: 'na' }])
    }
  })
})

/** A value of the right type for every required argument, so that only the gemeente is wrong. */
function voorbeeld(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return voorbeeld(type.ofType)
  if (isListType(type)) return [voorbeeld(type.ofType)]
  if (isEnumType(type)) return type.getValues()[0].name
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, voorbeeld(f.type)]),
    )
  }
  if (isScalarType(type)) {
    return (
      { ID: 'x', String: 'xxxxxxxxxx', Int: 1, Float: 1, Boolean: true, LocalDate: '2025-01-01' } as Record<
        string,
        unknown
      >
    )[type.name]
  }
  throw new Error(`no example for ${String(type)}`)
}

describe('the gemeente of a root field', () => {
  it('is checked for every root query and mutation: each refuses another gemeente with the same error', async () => {
    const velden = [schema.getQueryType()!, schema.getMutationType()!].flatMap((root) =>
      Object.values(root.getFields())
        .filter((f) => f.args.some((a) => a.name === 'gemeenteCode'))
        .map((f) => ({ root, f })),
    )
    expect(velden.length).toBeGreaterThanOrEqual(27)
    for (const { root, f } of velden) {
      const args = f.args.filter((a) => isNonNullType(a.type) || a.name === 'gemeenteCode')
      const variables = Object.fromEntries(
        args.map((a) => [a.name, a.name === 'gemeenteCode' ? '0153' : voorbeeld(a.type)]),
      )
      const selectie = isObjectType(getNamedType(f.type)) ? '{ __typename }' : ''
      const declaraties = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')
      const source = `${root === schema.getQueryType() ? 'query' : 'mutation'} Veld(${declaraties}) {
        ${f.name}(${args.map((a) => `${a.name}: $${a.name}`).join(', ')}) ${selectie}
      }`
      const { data, errors } = await run(source, identities.medewerker('0153'), variables)
      expect(data, `${f.name}: ${JSON.stringify(errors)}`).toEqual({ [f.name]: null })
      expect(
        errors!.map((e) => ({ message: e.message, extensions: e.extensions })),
        f.name,
      ).toEqual([
        {
          message: 'Deze dienst is van gemeente 0141, niet van 0153.',
          extensions: { code: 'BAD_USER_INPUT', field: 'gemeenteCode' },
        },
      ])
    }
  })
})
