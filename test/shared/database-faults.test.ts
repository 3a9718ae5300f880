import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import { createServer } from 'node:net'
import { GraphQLError } from 'graphql'
import { createConnection } from 'mysql2/promise'
import { openDatabase, retryNewConnections, type MysqlPool } from '../../shared/db/database'
import { isDatabaseUnavailable, reportDatabaseOutages } from '../../shared/db/faults'
import { catalogusDatabase } from '../../subgraphs/catalogus/server'

const failure = (work: () => Promise<unknown>) =>
  work().then(
    () => {
      throw new Error('expected a failure')
    },
    (err: unknown) => err,
  )

async function refusedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('telling a database that is gone from a statement that failed', () => {
  it('knows a closed embedded database, a refused server and a lost connection, also wrapped in a GraphQL error', async () => {
    const db = await openDatabase({ ...catalogusDatabase, sqlitePath: ':memory:' })
    await db.destroy()
    const closed = await failure(() => db.query('SELECT 1'))
    const port = await refusedPort()
    const refused = await failure(() => createConnection({ host: '127.0.0.1', port }))
    const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), {
      code: 'PROTOCOL_CONNECTION_LOST',
    })
    for (const err of [closed, refused, lost]) {
      expect(isDatabaseUnavailable(err)).toBe(true)
      expect(isDatabaseUnavailable(new GraphQLError('wrapped', { originalError: err as Error }))).toBe(true)
    }
  })

  it('does not take a wrong statement, a duplicate key or another service that is gone for the database', async () => {
    const db = await openDatabase({ ...catalogusDatabase, sqlitePath: ':memory:' })
    try {
      const wrong = await failure(() => db.query('SELECT * FROM bestaat_niet'))
      await db.query('CREATE TABLE t (id TEXT PRIMARY KEY)')
      await db.query("INSERT INTO t VALUES ('a')")
      const duplicate = await failure(() => db.query("INSERT INTO t VALUES ('a')"))
      // A failed fetch to another service carries ECONNREFUSED in its cause: that service's outage.
      const otherService = await failure(async () => fetch(`http://127.0.0.1:${await refusedPort()}/`))
      for (const err of [wrong, duplicate, otherService]) expect(isDatabaseUnavailable(err)).toBe(false)
    } finally {
      await db.destroy()
    }
  })

  it('reports a query on a closed database as DEPENDENCY_UNAVAILABLE naming the database, and masks the rest as before', async () => {
    const db = await openDatabase({ ...catalogusDatabase, sqlitePath: ':memory:' })
    await db.destroy()
    const closed = (await failure(() => db.query('SELECT 1'))) as Error
    const masked: unknown[] = []
    const outages: unknown[] = []
    const format = reportDatabaseOutages(
      (_formatted, error) => {
        masked.push(error)
        return { message: 'gemaskeerd', extensions: { code: 'INTERNAL_SERVER_ERROR' } }
      },
      (err) => outages.push(err),
    )
    const error = new GraphQLError(closed.message, { originalError: closed, path: ['gemeenten'] })
    expect(format({ message: closed.message, path: ['gemeenten'] }, error)).toEqual({
      message: 'De database van deze dienst is tijdelijk niet bereikbaar.',
      path: ['gemeenten'],
      extensions: { code: 'DEPENDENCY_UNAVAILABLE', service: 'database' },
    })
    expect(outages).toEqual([closed])
    const bug = new GraphQLError('x', { originalError: new TypeError('undefined is not a function') })
    expect(format({ message: 'x' }, bug)).toEqual({
      message: 'gemaskeerd',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    })
    expect(masked).toEqual([bug])
  })
})

describe('a new pooled connection that cannot be made (retryNewConnections)', () => {
  /** A pool whose getConnection answers the given outcomes in turn, noting when it was asked. */
  function fakePool(outcomes: (Error | 'ok')[]) {
    const asked: number[] = []
    const pool: MysqlPool = {
      on: () => pool,
      getConnection(callback) {
        asked.push(Date.now())
        const outcome = outcomes.shift() ?? 'ok'
        process.nextTick(() => (outcome === 'ok' ? callback(null, { id: asked.length }) : callback(outcome)))
      },
    }
    retryNewConnections(pool)
    const take = () =>
      new Promise<{ err: Error | null; connection?: unknown }>((resolve) =>
        pool.getConnection((err, connection) => resolve({ err, connection })),
      )
    return { asked, take }
  }
  const refused = () =>
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' })

  it('hands out a connection at once when it can be had', async () => {
    const { asked, take } = fakePool(['ok'])
    expect(await take()).toEqual({ err: null, connection: { id: 1 } })
    expect(asked).toHaveLength(1)
  })

  it('tries twice more, after 100 and 200 ms, and hands out the connection that was made', async () => {
    const { asked, take } = fakePool([refused(), refused(), 'ok'])
    expect(await take()).toEqual({ err: null, connection: { id: 3 } })
    expect(asked).toHaveLength(3)
    expect(asked[1]! - asked[0]!).toBeGreaterThanOrEqual(95)
    expect(asked[2]! - asked[1]!).toBeGreaterThanOrEqual(195)
  })

  it('fails after three refusals, and at once on an error that is not about the connection', async () => {
    const gone = fakePool([refused(), refused(), refused(), 'ok'])
    expect((await gone.take()).err?.message).toContain('ECONNREFUSED')
    expect(gone.asked).toHaveLength(3)
    const denied = Object.assign(new Error('Access denied'), { code: 'ER_ACCESS_DENIED_ERROR' })
    const refusedOnce = fakePool([denied, 'ok'])
    expect((await refusedOnce.take()).err).toBe(denied)
    expect(refusedOnce.asked).toHaveLength(1)
  })
})
