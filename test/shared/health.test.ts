import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import type { IncomingMessage } from 'node:http'
import { openDatabase } from '../../shared/db/database'
import { databaseReadiness, healthRoutes } from '../../shared/http/health'
import { catalogusDatabase } from '../../subgraphs/catalogus/server'
import { frisseTestdatabase } from '../harness/stack'

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
