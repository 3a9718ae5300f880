import type { Logger, QueryRunner } from 'typeorm'

/**
 * A TypeORM logger that counts statements. Tests and benchmarks read it to prove that a list
 * query costs a fixed number of statements, whatever the length of the list.
 */
export class SqlCounter implements Logger {
  count = 0
  private readonly verbose: boolean

  constructor(verbose = false) {
    this.verbose = verbose
  }

  logQuery(query: string, _parameters?: unknown[], _runner?: QueryRunner) {
    if (/^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE|PRAGMA)/i.test(query)) return
    this.count++
    if (this.verbose) console.log(`[sql] ${query}`)
  }
  logQueryError(error: string | Error, query: string) {
    console.error(`[sql] failed: ${query}: ${error instanceof Error ? error.message : error}`)
  }
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') console.warn(`[typeorm] ${message}`)
  }

  reset() {
    this.count = 0
  }
}
