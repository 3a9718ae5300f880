// A gemeente subgraph in this process: its database on either dialect, the statements it sends
// and how the database runs them, and its schema run without HTTP or a gateway.
import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql'
import type { DataSource } from 'typeorm'
import type { AuthConfig, Identity } from '../../shared/auth/identity'
import { openDatabase } from '../../shared/db/database'
import { SqlCounter } from '../../shared/db/sql-counter'
import { gemeenteInfo } from '../../shared/gemeenten'
import { buildGemeenteContext, type GemeenteDeps } from '../../subgraphs/gemeente/context'
import { EigenInkoop } from '../../subgraphs/gemeente/inkoop/inkoop'
import { RegionaleBron } from '../../subgraphs/gemeente/inkoop/regionale-bron'
import { seedGemeente } from '../../subgraphs/gemeente/seed/seed'
import { gemeenteDatabase } from '../../subgraphs/gemeente/server'
import { frisseTestdatabase, TEST_DATABASE_URL } from './stack'

/** The embedded database, and MariaDB too when TEST_DATABASE_URL names a server (a fresh database `name`). */
export const dialects = (name: string) => [
  { naam: 'SQLite', url: async () => undefined as string | undefined },
  ...(TEST_DATABASE_URL ? [{ naam: 'MariaDB', url: () => frisseTestdatabase(name) }] : []),
]

/** A gemeente's database with `inwoners` seeded residents, every statement told to `log`. */
export async function seededGemeente(
  url: string | undefined,
  log: SqlCounter,
  code: string,
  inwoners: number,
): Promise<DataSource> {
  const db = await openDatabase({ ...gemeenteDatabase, url, sqlitePath: ':memory:', sqlCounter: log })
  await seedGemeente(db, code, { inwoners })
  return db
}

/** What a gemeente's context needs, with regional subgraphs that cannot be reached. */
export const gemeenteDeps = (
  db: DataSource,
  code: string,
  auth: AuthConfig = null as never,
): GemeenteDeps => ({
  gemeente: gemeenteInfo(code),
  db,
  inkoop: new EigenInkoop(
    db,
    code,
    new RegionaleBron('catalogus', 'http://127.0.0.1:9/'),
    new RegionaleBron('aanbieders', 'http://127.0.0.1:9/'),
  ),
  auth,
})

/** Keeps every statement with its parameters, to ask the database how it runs them. */
export class StatementLog extends SqlCounter {
  statements: { sql: string; parameters: unknown[] }[] = []
  override logQuery(sql: string, parameters?: unknown[]) {
    super.logQuery(sql, parameters)
    this.statements.push({ sql, parameters: parameters ?? [] })
  }
}

/** How the database runs a statement, in the shape each dialect gives it. */
export type QueryPlan =
  | { dialect: 'SQLite'; details: string }
  | {
      dialect: 'MariaDB'
      rows: { table: string; key: string | null; type: string; Extra: string | null }[]
    }

export async function queryPlan(
  db: DataSource,
  statement: { sql: string; parameters: unknown[] },
): Promise<QueryPlan> {
  if (db.options.type === 'better-sqlite3') {
    const plan: { detail: string }[] = await db.query(
      `EXPLAIN QUERY PLAN ${statement.sql}`,
      statement.parameters,
    )
    return { dialect: 'SQLite', details: plan.map((p) => p.detail).join('\n') }
  }
  return { dialect: 'MariaDB', rows: await db.query(`EXPLAIN ${statement.sql}`, statement.parameters) }
}

/**
 * Runs operations on one gemeente's subgraph schema in this process, as `as`: no HTTP, no
 * gateway, and regional subgraphs that cannot be reached (their data is not what is tested).
 */
export function gemeenteRunner(
  schema: GraphQLSchema,
  db: DataSource,
  code: string,
  as: Identity | null,
): (source: string, variableValues?: Record<string, unknown>) => Promise<ExecutionResult> {
  const deps = gemeenteDeps(db, code)
  return (source, variableValues = {}) =>
    graphql({ schema, source, variableValues, contextValue: buildGemeenteContext(deps, as) })
}
