import { createConnection } from 'mysql2/promise'
import type { DataSource } from 'typeorm'
import { mysqlDriverUrl } from '../../shared/db/database'
import { TEST_DATABASE_URL } from './stack'

/**
 * Resolves once a statement that takes a row lock (`FOR UPDATE`) has been waiting for 100 ms on
 * the service's database, so that a race test commits the lock's holder only after the request
 * under test reached the lock. A fixed pause instead let a slow request read after the commit
 * and pass without any lock. Throws when none waits within `ms`: then the request did not take
 * the lock. Watched in the process list on a connection of its own (the service's pool may be all
 * taken); MariaDB does not list a transaction that waits on its first locking read in INNODB_TRX.
 */
export async function totIemandWacht(db: DataSource, ms = 5_000): Promise<void> {
  if (!TEST_DATABASE_URL) throw new Error('lock waits are watched on MySQL or MariaDB only')
  const database = (db.driver as unknown as { database?: string }).database
  const verbinding = await createConnection(mysqlDriverUrl(TEST_DATABASE_URL))
  try {
    const tot = Date.now() + ms
    while (Date.now() < tot) {
      const [[{ n }]] = (await verbinding.query(
        `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
         WHERE DB = ? AND COMMAND = 'Query' AND INFO LIKE '%FOR UPDATE%' AND TIME_MS > 100`,
        [database],
      )) as unknown as [[{ n: number }]]
      if (Number(n) > 0) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error(`no statement waited for a row lock in ${database} within ${ms} ms`)
  } finally {
    await verbinding.end()
  }
}
