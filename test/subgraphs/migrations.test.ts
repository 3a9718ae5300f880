import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import { createConnection } from 'mysql2/promise'
import { mysqlDriverUrl, openDatabase } from '../../shared/db/database'
import { SUBGRAPH_DATABASES } from '../../scripts/subgraph-databases'
import { TEST_DATABASE_URL } from '../harness/stack'

async function freshDatabase(name: string): Promise<string | undefined> {
  if (!TEST_DATABASE_URL) return undefined
  const schema = `twents_test_migrations_${name}`
  const admin = await createConnection(mysqlDriverUrl(TEST_DATABASE_URL))
  await admin.query(`DROP DATABASE IF EXISTS \`${schema}\``)
  await admin.query(`CREATE DATABASE \`${schema}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  await admin.end()
  return `${TEST_DATABASE_URL}/${schema}`
}

describe('the migrations', () => {
  for (const [name, { database }] of Object.entries(SUBGRAPH_DATABASES)) {
    it(`build exactly the schema the ${name} entities describe, so production runs what the tests ran`, async () => {
      const db = await openDatabase({ ...database, url: await freshDatabase(name), sqlitePath: ':memory:' })
      try {
        const pending = await db.driver.createSchemaBuilder().log()
        expect(pending.upQueries.map((q) => q.query)).toEqual([])
      } finally {
        await db.destroy()
      }
    })
  }
})
