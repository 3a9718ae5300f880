import type { ApolloServerPlugin, BaseContext } from '@apollo/server'
import { ApolloServerErrorCode } from '@apollo/server/errors'
import type { GraphQLFormattedError } from 'graphql'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { DataSource } from 'typeorm'
import { SqlCounter } from '../db/sql-counter'
import { ErrorCode } from '../errors'
import type { Routes } from '../http/serve'

/** How many distinct operation names a service labels; later ones are counted as `(other)`. */
export const MAX_OPERATION_NAMES = 100

/** Label values that no GraphQL name can take (names have no parentheses). */
export const OPERATION = {
  anonymous: '(anonymous)',
  other: '(other)',
  /** A request that never got as far as an operation: unparsable, invalid, or refused before it. */
  none: '(none)',
} as const

/**
 * Turns client-chosen operation names into label values of bounded number: the first
 * MAX_OPERATION_NAMES valid names as they are, anything after that, and anything that looks like
 * it could carry a number about a person (nine digits in a row), as `(other)`.
 */
export class OperationLabels {
  private readonly seen = new Set<string>()

  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  label(name: string | null | undefined): string {
    if (!name) return OPERATION.anonymous
    if (this.seen.has(name)) return name
    if (this.seen.size >= this.max || name.length > 100 || !/^[_A-Za-z][_0-9A-Za-z]*$/.test(name)) {
      return OPERATION.other
    }
    if (/\d{9}/.test(name)) return OPERATION.other
    this.seen.add(name)
    return name
  }
}

const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), ...Object.values(ApolloServerErrorCode)])

/** An error's code as a label: one of the codes this graph and Apollo Server define, or OTHER. */
export function codeLabel(error: Pick<GraphQLFormattedError, 'extensions'>): string {
  const code = error.extensions?.code
  return typeof code === 'string' && KNOWN_CODES.has(code) ? code : 'OTHER'
}

export interface ServiceMetricsOptions {
  /** `gateway`, `catalogus`, `aanbieders` or `gemeente`: the `service` label of every series. */
  service: string
  /** The gemeente an instance serves: the `gemeente` label of every series it reports. */
  gemeente?: string
}

/**
 * The metrics of one service, in a registry of its own: the demo and the tests run seventeen
 * services in one process, and each `/metrics` must show only its own service.
 *
 * Every series carries `service` (and an instance's `gemeente`); GraphQL requests are counted
 * and timed per operation name, their errors counted per code. Process metrics (CPU, memory,
 * event loop, garbage collection) come with every registry.
 */
export class ServiceMetrics {
  readonly registry = new Registry()
  private readonly operations = new OperationLabels()
  private readonly requests: Counter<'operation' | 'outcome'>
  private readonly duration: Histogram<'operation'>
  private readonly errors: Counter<'operation' | 'code'>

  constructor(options: ServiceMetricsOptions) {
    this.registry.setDefaultLabels({
      service: options.service,
      ...(options.gemeente ? { gemeente: options.gemeente } : {}),
    })
    collectDefaultMetrics({ register: this.registry })
    const registers = [this.registry]
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests answered, by operation name and outcome (ok: no errors; error: one or more errors, or refused before execution).',
      labelNames: ['operation', 'outcome'],
      registers,
    })
    this.duration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from the start of GraphQL processing (the caller identified) to the answer, by operation name.',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    })
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'Errors in GraphQL answers as the client sees them, by operation name and extensions.code.',
      labelNames: ['operation', 'code'],
      registers,
    })
  }

  /** Counts and times every request, and the errors in its answer, per operation. */
  plugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
    const record = (operation: string, errors: readonly GraphQLFormattedError[] | undefined) => {
      this.requests.inc({ operation, outcome: errors?.length ? 'error' : 'ok' })
      for (const error of errors ?? []) this.errors.inc({ operation, code: codeLabel(error) })
    }
    return {
      // A caller refused before its request is even parsed (a bad token, over its rate limit).
      contextCreationDidFail: async ({ error }) => {
        record(OPERATION.none, [{ message: '', extensions: (error as GraphQLFormattedError).extensions }])
      },
      requestDidStart: async () => {
        const end = this.duration.startTimer()
        return {
          willSendResponse: async ({ operation, operationName, response }) => {
            const label = operation ? this.operations.label(operationName) : OPERATION.none
            end({ operation: label })
            record(label, response.body.kind === 'single' ? response.body.singleResult.errors : undefined)
          },
        }
      },
    }
  }

  /** `GET /metrics` in the Prometheus text format. */
  routes(): Routes {
    return {
      'GET /metrics': async () => ({
        status: 200,
        body: await this.registry.metrics(),
        headers: { 'content-type': this.registry.contentType, 'cache-control': 'no-store' },
      }),
    }
  }
}

/** The part of mysql2's pool that tells how it is used; not public API, so read with care. */
interface PoolInternals {
  _allConnections?: { length: number }
  _freeConnections?: { length: number }
  _connectionQueue?: { length: number }
  config?: { connectionLimit?: number }
}

/**
 * A service's database: the statements it was sent (any database whose logger is a SqlCounter,
 * as openDatabase gives), and for MySQL/MariaDB the pool's use: connections in use and idle,
 * requests waiting for one, and the pool's size. mysql2 has no public API for these; its pool keeps them in
 * fields that every 3.x release has had, and a release without them reports nothing rather than
 * wrong figures. The embedded database has no pool: no pool figures for it.
 */
export function databasePoolMetrics(registry: Registry, db: DataSource) {
  if (db.logger instanceof SqlCounter) {
    const counter = db.logger
    // Read at scrape time, so that counting a statement costs no more than it did.
    new Counter({
      name: 'db_statements_total',
      help: 'SQL statements sent to the database, transaction control not counted (shared/db/sql-counter).',
      registers: [registry],
      collect() {
        this.reset()
        this.inc(counter.total)
      },
    })
  }
  const pool = () => (db.driver as unknown as { pool?: PoolInternals }).pool
  const initial = pool()
  if (!initial?._allConnections || !initial._freeConnections || !initial._connectionQueue) return
  const registers = [registry]
  new Gauge({
    name: 'db_pool_connections',
    help: 'Connections of the database pool, by state (in_use, idle).',
    labelNames: ['state'],
    registers,
    collect() {
      const p = pool()
      const all = p?._allConnections?.length ?? 0
      const idle = p?._freeConnections?.length ?? 0
      this.set({ state: 'in_use' }, all - idle)
      this.set({ state: 'idle' }, idle)
    },
  })
  new Gauge({
    name: 'db_pool_waiting_requests',
    help: 'Requests waiting for a connection of the database pool.',
    registers,
    collect() {
      this.set(pool()?._connectionQueue?.length ?? 0)
    },
  })
  new Gauge({
    name: 'db_pool_max_connections',
    help: 'The most connections the database pool opens.',
    registers,
    collect() {
      this.set(pool()?.config?.connectionLimit ?? 0)
    },
  })
}
