import type { Logger, QueryRunner } from 'typeorm'
import { createLogger, type Logger as Log } from '../log'

/**
 * Marks a statement that is no part of any request (the readiness probe, polled every few
 * seconds): counting it would make a request's count depend on when the probe happened to run.
 */
export const UNCOUNTED = '/* uncounted */ '

/**
 * A TypeORM logger that counts statements. Tests and benchmarks read it to prove that a list
 * query costs a fixed number of statements, whatever the length of the list.
 */
export class SqlCounter implements Logger {
  count = 0
  /** Every statement since start, never reset: `db_statements_total` at /metrics. */
  total = 0
  private readonly verbose: boolean

  constructor(
    verbose = false,
    private readonly logger: Log = createLogger('sql'),
  ) {
    this.verbose = verbose
  }

  logQuery(query: string, _parameters?: unknown[], _runner?: QueryRunner) {
    if (/^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE|PRAGMA)/i.test(query)) return
    if (query.startsWith(UNCOUNTED)) return
    this.count++
    this.total++
    if (this.verbose) this.logger.debug({ query }, 'statement')
  }
  logQueryError(error: string | Error, query: string) {
    // The statement without its parameters: those can be a resident's data.
    this.logger.warn(
      { query, err: error instanceof Error ? error : new Error(String(error)) },
      'statement failed',
    )
  }
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') this.logger.warn({ message: String(message) }, 'typeorm')
  }

  reset() {
    this.count = 0
  }
}
