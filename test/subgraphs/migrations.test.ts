import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../shared/db/database'
import { SUBGRAPH_DATABASES } from '../../scripts/subgraph-databases'
import { frisseTestdatabase } from '../harness/stack'

describe('the migrations', () => {
  for (const [name, { database }] of Object.entries(SUBGRAPH_DATABASES)) {
    it(`build exactly the schema the ${name} entities describe, so production runs what the tests ran`, async () => {
      const db = await openDatabase({
        ...database,
        url: await frisseTestdatabase(`migrations_${name}`),
        sqlitePath: ':memory:',
      })
      try {
        const pending = await db.driver.createSchemaBuilder().log()
        expect(pending.upQueries.map((q) => q.query)).toEqual([])
      } finally {
        await db.destroy()
      }
    })
  }
})
