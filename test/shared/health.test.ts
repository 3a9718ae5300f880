import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import type { IncomingMessage } from 'node:http'
import { createConnection } from 'mysql2/promise'
import { mysqlDriverUrl, openDatabase } from '../../shared/db/database'
import { databaseReadiness, healthRoutes } from '../../shared/http/health'
import { catalogusDatabase } from '../../subgraphs/catalogus/server'
import { frisseTestdatabase, TEST_DATABASE_URL } from '../harness/stack'

const request = {} as IncomingMessage

describe('health endpoints', () => {
  it('say live always, and ready only while the database answers and its migrations ran', async () => {
    const db = await openDatabase({
      ...catalogusDatabase,
      url: await frisseTestdatabase('health'),
      sqlitePath: ':memory:',
    })
    const routes = healthRoutes('catalogus', databaseReadiness(db))
    expect(await routes['GET /health/live'](request)).toEqual({
      status: 200,
      body: { status: 'live', service: 'catalogus' },
    })
    expect(await routes['GET /health/ready'](request)).toMatchObject({
      status: 200,
      body: { status: 'ready', service: 'catalogus', database: 'ok' },
    })

    await db.query('DELETE FROM migrations WHERE id = (SELECT MAX(id) FROM (SELECT id FROM migrations) AS m)')
    expect(await routes['GET /health/ready'](request)).toMatchObject({
      status: 503,
      body: { status: 'not ready', database: 'migraties open' },
    })

    await db.destroy()
    expect(await routes['GET /health/ready'](request)).toMatchObject({
      status: 503,
      body: { status: 'not ready', service: 'catalogus', database: 'onbereikbaar' },
    })
    expect((await routes['GET /health/live'](request)).status).toBe(200)
  })
})

describe.skipIf(!TEST_DATABASE_URL)('readiness of a pooled database under load (MySQL or MariaDB)', () => {
  const PROBE_MS = 300

  it('is ready while the probe waits behind statements that keep being answered, and not while none is', async () => {
    const db = await openDatabase({
      ...catalogusDatabase,
      url: await frisseTestdatabase('health_load'),
      sqlitePath: ':memory:',
      poolSize: 2,
    })
    try {
      const ready = databaseReadiness(db, PROBE_MS)
      // Busy: 30 statements of 50 ms on two connections keep the pool's queue full for some
      // 750 ms, answered one after another; the probe queues behind all of them.
      const busy = Array.from({ length: 30 }, () => db.query('SELECT SLEEP(0.05)'))
      expect(await ready()).toEqual({ ready: true, database: 'druk' })
      await Promise.all(busy)
      expect(await ready()).toEqual({ ready: true, database: 'ok' })

      // Stuck: both connections held by statements that take longer than the probe may wait,
      // so nothing is answered while it waits. The probe starts once both run: an earlier
      // statement's connection coming back after it started would count as an answer.
      const stuck = [db.query('SELECT SLEEP(1)'), db.query('SELECT SLEEP(1)')]
      await totBeideLopen('SELECT SLEEP(1)')
      expect(await ready()).toEqual({ ready: false, database: 'onbereikbaar' })
      await Promise.all(stuck)
    } finally {
      await db.destroy()
    }
  })
})

/** Resolves once two connections run `sql` (MariaDB's process list, read on a connection of its own). */
async function totBeideLopen(sql: string): Promise<void> {
  const verbinding = await createConnection(mysqlDriverUrl(TEST_DATABASE_URL!))
  try {
    for (const tot = Date.now() + 5_000; Date.now() < tot;) {
      const [[{ n }]] = (await verbinding.query(
        'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO = ?',
        [sql],
      )) as unknown as [[{ n: number }]]
      if (Number(n) >= 2) return
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error(`the two statements did not start within 5 s: ${sql}`)
  } finally {
    await verbinding.end()
  }
}
