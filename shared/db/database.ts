import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import pRetry from 'p-retry'
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm'
import { createLogger, type Logger } from '../log'
import { isConnectionFailure, isDatabaseUnavailable } from './faults'
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
  /**
   * How long a service keeps trying to reach its database at start before it gives up
   * (DATABASE_CONNECT_TIMEOUT_MS): in a deployment the database may start after the service.
   */
  connectTimeoutMs?: number
  /** Connections a MySQL/MariaDB pool opens at most (DATABASE_POOL_SIZE, default 10). */
  poolSize?: number
}

/** The start-up retry time when a service sets none. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 60_000

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
      poolSize: options.poolSize ?? 10,
      // mysql2 captures a stack trace on every statement to put the caller's frames on a failed
      // statement's error: about 3 % of an instance's CPU under load (profile of the bench's
      // provider portal). TypeORM's QueryFailedError keeps the statement and the server's message,
      // and no stack leaves the service anyway.
      extra: { trace: false },
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
  try {
    await dataSource.runMigrations({ transaction: 'each' })
  } catch (err) {
    // A connection lost during the migrations: close the pool, so that a retry starts clean.
    await dataSource.destroy().catch(() => {})
    throw err
  }
  if (options.url) {
    retryNewConnections(poolOf(dataSource))
    noteAnswers(dataSource)
  }
  // After the migrations: a long ALTER TABLE on a large table must not be cut off.
  if (options.url && options.statementTimeoutMs) {
    limitStatementTime(dataSource, options.url, options.statementTimeoutMs)
  }
  return dataSource
}

/** The database could not be opened at start: the message is one line naming the setting to check. */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError'
}

/**
 * Opens a service's database at start-up (see openDatabase), trying again with backoff (a
 * quarter second, doubling up to 5 s) while the database cannot be reached, for
 * `connectTimeoutMs` (60 s by default): in a deployment the database may come up after the
 * service. Then it fails with a DatabaseUnreachableError whose message names DATABASE_URL (its
 * password hidden), as does a server that refuses the credentials or does not know the
 * database. Other failures, such as a failing migration, are thrown as they are.
 */
export async function openDatabaseWithRetry(
  options: DatabaseOptions,
  log: Logger = createLogger('database'),
): Promise<DataSource> {
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const where = options.url
    ? `DATABASE_URL=${withoutPassword(options.url)}`
    : `SQLITE_PATH=${options.sqlitePath}`
  let attempts = 0
  try {
    return await pRetry(
      () => {
        attempts += 1
        return openDatabase(options)
      },
      {
        retries: Number.POSITIVE_INFINITY,
        maxRetryTime: timeoutMs,
        minTimeout: 250,
        maxTimeout: 5_000,
        factor: 2,
        shouldRetry: ({ error }) => isDatabaseUnavailable(error),
        onFailedAttempt: ({ error, attemptNumber }) => {
          if (isDatabaseUnavailable(error))
            log.warn(`${where}: attempt ${attemptNumber} to reach the database failed (${oneLine(error)})`)
        },
      },
    )
  } catch (err) {
    if (isDatabaseUnavailable(err)) {
      throw new DatabaseUnreachableError(
        `Cannot reach the database at ${where} after ${timeoutMs / 1000} s and ${attempts} attempts (${oneLine(err)}): check that the database server runs and that DATABASE_URL points at it; DATABASE_CONNECT_TIMEOUT_MS sets how long to wait.`,
      )
    }
    if (REFUSED_CODES.has((err as { code?: string }).code ?? '')) {
      throw new DatabaseUnreachableError(`The database at ${where} refused this service: ${oneLine(err)}.`)
    }
    throw err
  }
}

/** Driver codes for a server that answers but will not let this service in. */
const REFUSED_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR'])

const oneLine = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim() || String(err)

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(not a URL)'
  }
}

/** The part of mysql2's pool and connections that the time limit and the retries need. */
export interface MysqlPool {
  on(event: 'acquire', listener: (connection: MysqlConnection) => void): unknown
  getConnection(callback: (err: Error | null, connection?: unknown) => void): void
}

/** When (performance.now()) each pooled data source last had a connection back from the database. */
const answeredAt = new WeakMap<DataSource, number>()

/**
 * Notes every connection that comes back to the pool: its statement (or transaction) was
 * answered. Under load requests queue for the pool's connections, and a readiness probe queues
 * behind them; what then shows the database alive is that the others' statements keep coming
 * back (see databaseReadiness). Every connection returns through releaseConnection, also one
 * handed straight to a waiting request (mysql2 emits its 'release' event only when none waits).
 */
function noteAnswers(dataSource: DataSource) {
  const pool = poolOf(dataSource) as MysqlPool & { releaseConnection(connection: unknown): void }
  const releaseConnection = pool.releaseConnection.bind(pool)
  pool.releaseConnection = (connection) => {
    // A connection that broke is taken out of the pool (mysql2 clears its `_pool`) and released
    // all the same: the database did not answer it.
    if ((connection as { _pool?: unknown })._pool) answeredAt.set(dataSource, performance.now())
    releaseConnection(connection)
  }
}

/** When (performance.now()) the database last answered this data source's pool; undefined on SQLite or before any answer. */
export function lastAnswerAt(dataSource: DataSource): number | undefined {
  return answeredAt.get(dataSource)
}

function poolOf(dataSource: DataSource): MysqlPool {
  const pool = (dataSource.driver as unknown as { pool?: MysqlPool }).pool
  if (!pool) throw new Error('no connection pool on this data source')
  return pool
}

/**
 * mysql2's pool replaces a connection that the server closed (killed, timed out, restarted) on
 * its own the next time one is needed. A new connection that cannot be made is tried twice more,
 * after 100 and 200 ms, before the statement that needed it fails: a database that restarts or
 * fails over is then hardly noticed, and one that is gone costs a request 0.3 s more before it
 * is answered DEPENDENCY_UNAVAILABLE. A statement that was under way when its connection broke
 * is not repeated: it may have written.
 */
export function retryNewConnections(pool: MysqlPool) {
  const getConnection = pool.getConnection.bind(pool)
  // Every statement takes a connection here, so the way that succeeds is a plain call: a retry
  // loop (p-retry) per statement cost a gemeente instance 2 % of its CPU on a page of plans.
  pool.getConnection = (callback) => {
    const attempt = (retry: number) =>
      getConnection((err, connection) => {
        if (err && retry < NEW_CONNECTION_RETRIES_MS.length && isConnectionFailure(err))
          return void setTimeout(() => attempt(retry + 1), NEW_CONNECTION_RETRIES_MS[retry])
        callback(err, connection)
      })
    attempt(0)
  }
}

/** How long to wait before each new try at a connection that could not be made. */
const NEW_CONNECTION_RETRIES_MS = [100, 200]

interface MysqlConnection {
  query(sql: string, callback: (err: Error | null) => void): unknown
}

/**
 * Sets a statement time limit on each pooled connection, once, the first time it is handed out
 * after this call; the SET is queued on the connection before the statement that asked for it.
 * MariaDB: `max_statement_time` in seconds, for every statement. MySQL 8: `max_execution_time`
 * in milliseconds, for read-only SELECTs only. A write waiting for a row lock is bounded on both
 * by `innodb_lock_wait_timeout` (whole seconds, at least 1), so that it does not hold a pooled
 * connection for the default 50 s after its request has given up. A cut-off statement fails with errno 1969 (MariaDB) or 3024 (MySQL), which clients see as
 * DEADLINE_EXCEEDED (shared/errors.ts).
 */
function limitStatementTime(dataSource: DataSource, url: string, ms: number) {
  const pool = poolOf(dataSource)
  const lockWait = `innodb_lock_wait_timeout = ${Math.max(1, Math.ceil(ms / 1000))}`
  const statement = url.startsWith('mariadb:')
    ? `SET SESSION max_statement_time = ${(ms / 1000).toFixed(3)}, ${lockWait}`
    : `SET SESSION max_execution_time = ${Math.round(ms)}, ${lockWait}`
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

/**
 * Whether MySQL/MariaDB broke a deadlock by rolling this transaction back: two transactions that
 * add to the same new summary row can meet so (InnoDB's gap locks). Running it again succeeds.
 */
export function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } }
  return (e?.driverError?.code ?? e?.code) === 'ER_LOCK_DEADLOCK'
}
