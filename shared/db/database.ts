import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm'
import { traceStatements } from '../observability/tracing'
import { SqlCounter } from './sql-counter'

type EntityList = MixedList<Function | string | EntitySchema>

/** The migrations of one service, generated per dialect from the same entities. */
export interface Migrations {
  sqlite: Function[]
  mysql: Function[]
}

export interface DatabaseOptions {
  /** mysql://... for MySQL, mariadb://... for MariaDB; undefined for the embedded SQLite database. */
  url?: string
  /** File for the embedded database, or ':memory:'. */
  sqlitePath: string
  entities: EntityList
  migrations: Migrations
  /** Counts statements; pass your own to read the count. */
  sqlCounter?: SqlCounter
  /**
   * Longest time one statement may run on MySQL or MariaDB, usually the service's
   * EXECUTION_TIMEOUT_MS: the server cuts it off, so a request nobody waits for any more stops
   * costing the database too. Applies once the migrations have run. The embedded database
   * ignores it: better-sqlite3 runs each statement synchronously on the event loop, so nothing
   * can interrupt one (nor does anything else run meanwhile).
   */
  statementTimeoutMs?: number
}

export type Dialect = 'sqlite' | 'mysql'

/** mysql2 speaks to both servers but knows only the mysql: scheme. */
export const mysqlDriverUrl = (url: string) => url.replace(/^mariadb:/, 'mysql:')

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  const logger = options.sqlCounter ?? new SqlCounter()
  if (options.url) {
    return {
      // Same SQL and migrations for both; the type tells TypeORM how the server reports its
      // schema, which differs (MariaDB reports a nullable column's default as 'NULL').
      type: options.url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
      url: mysqlDriverUrl(options.url),
      entities: options.entities,
      migrations: options.migrations.mysql,
      // Dates are calendar dates in this domain (ingangsdatum, einddatum): keep them as strings
      // so that no time zone ever shifts a day.
      dateStrings: true,
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      logging: ['query', 'error', 'warn'],
      logger,
      poolSize: 10,
    }
  }
  if (options.sqlitePath !== ':memory:') mkdirSync(dirname(options.sqlitePath), { recursive: true })
  return {
    type: 'better-sqlite3',
    database: options.sqlitePath,
    entities: options.entities,
    migrations: options.migrations.sqlite,
    logging: ['query', 'error', 'warn'],
    logger,
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('journal_mode = WAL')
      db.pragma('foreign_keys = ON')
    },
  }
}

/**
 * Opens a service's database and brings its schema up to date with the migrations. The schema
 * is never synchronised from the entities: what runs in production is what the tests ran.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(options))
  await dataSource.initialize()
  traceStatements(dataSource)
  await dataSource.runMigrations({ transaction: 'each' })
  // After the migrations: a long ALTER TABLE on a large table must not be cut off.
  if (options.url && options.statementTimeoutMs) {
    limitStatementTime(dataSource, options.url, options.statementTimeoutMs)
  }
  return dataSource
}

/** The part of mysql2's pool and connections that the time limit needs. */
interface MysqlPool {
  on(event: 'acquire', listener: (connection: MysqlConnection) => void): unknown
}
interface MysqlConnection {
  query(sql: string, callback: (err: Error | null) => void): unknown
}

/**
 * Sets a statement time limit on each pooled connection, once, the first time it is handed out
 * after this call; the SET is queued on the connection before the statement that asked for it.
 * MariaDB: `max_statement_time` in seconds, for every statement. MySQL 8: `max_execution_time`
 * in milliseconds, for read-only SELECTs only (writes are short here and run in transactions).
 * A cut-off statement fails with errno 1969 (MariaDB) or 3024 (MySQL), which clients see as
 * DEADLINE_EXCEEDED (shared/errors.ts).
 */
function limitStatementTime(dataSource: DataSource, url: string, ms: number) {
  const pool = (dataSource.driver as unknown as { pool?: MysqlPool }).pool
  if (!pool) throw new Error('no connection pool to put a statement time limit on')
  const statement = url.startsWith('mariadb:')
    ? `SET SESSION max_statement_time = ${(ms / 1000).toFixed(3)}`
    : `SET SESSION max_execution_time = ${Math.round(ms)}`
  const limited = new WeakSet<MysqlConnection>()
  pool.on('acquire', (connection) => {
    if (limited.has(connection)) return
    limited.add(connection)
    connection.query(statement, (err) => {
      if (!err) return
      limited.delete(connection)
      dataSource.logger.log('warn', `no statement time limit on this connection: ${err.message}`)
    })
  })
}

/** Whether a driver error is a unique-key violation, on SQLite and on MySQL/MariaDB alike. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } }
  const code = e?.driverError?.code ?? e?.code
  return (
    code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}
