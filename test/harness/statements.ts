import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql'
import type { DataSource } from 'typeorm'
import type { Identity } from '../../shared/auth/identity'
import { SqlCounter } from '../../shared/db/sql-counter'
import { gemeenteInfo } from '../../shared/gemeenten'
import { buildGemeenteContext } from '../../subgraphs/gemeente/context'
import { EigenInkoop } from '../../subgraphs/gemeente/inkoop/inkoop'
import { RegionaleBron } from '../../subgraphs/gemeente/inkoop/regionale-bron'

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
  as: Identity,
): (source: string, variableValues?: Record<string, unknown>) => Promise<ExecutionResult> {
  const deps = {
    gemeente: gemeenteInfo(code),
    db,
    inkoop: new EigenInkoop(
      db,
      code,
      new RegionaleBron('catalogus', 'http://127.0.0.1:9/'),
      new RegionaleBron('aanbieders', 'http://127.0.0.1:9/'),
    ),
    auth: null as never,
  }
  return (source, variableValues = {}) =>
    graphql({ schema, source, variableValues, contextValue: buildGemeenteContext(deps, as) })
}
