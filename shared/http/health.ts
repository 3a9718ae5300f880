import type { DataSource } from 'typeorm'
import { lastAnswerAt } from '../db/database'
import { UNCOUNTED } from '../db/sql-counter'
import type { Routes } from './serve'

/** What a readiness check found: ready or not, and what an operator should see. */
export interface Readiness {
  ready: boolean
  [detail: string]: unknown
}

/**
 * `GET /health/live`: the process runs and answers (a supervisor restarts it when not).
 * `GET /health/ready`: 200 only when the service can serve, 503 otherwise (a load balancer
 * or Kubernetes sends it no traffic then). Both bodies are small JSON.
 */
export function healthRoutes(service: string, ready: () => Promise<Readiness>): Routes {
  return {
    'GET /health/live': () => ({ status: 200, body: { status: 'live', service } }),
    'GET /health/ready': async () => {
      const { ready: ok, ...details } = await ready().catch((err: unknown) => ({
        ready: false,
        reden: err instanceof Error ? err.message : String(err),
      }))
      return {
        status: ok ? 200 : 503,
        body: { status: ok ? 'ready' : 'not ready', service, ...details },
        headers: { 'cache-control': 'no-store' },
      }
    },
  }
}

/**
 * A subgraph can serve when its database answers within a second and no migration is pending.
 * A probe that waited its second in the pool's queue behind busy requests, while their
 * statements kept being answered, finds the database busy, not gone: it reports ready
 * (`database: 'druk'`). Reporting it gone would make the gateway take the gemeente out under
 * exactly the load it was serving. A database that answers nothing for the whole second is
 * gone; one that refuses the connection is gone at once.
 */
export function databaseReadiness(db: DataSource, timeoutMs = 1_000): () => Promise<Readiness> {
  return async () => {
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProbeTimeout()), timeoutMs)
      timer.unref()
    })
    let ran: number
    try {
      // One statement answers both: the database is there, and how many migrations ran on it.
      const probe = db.query(`${UNCOUNTED}SELECT COUNT(*) AS n FROM migrations`)
      const [row] = await Promise.race([probe, timeout])
      ran = Number(row.n)
    } catch (err) {
      const answered = lastAnswerAt(db)
      if (err instanceof ProbeTimeout && answered !== undefined && answered >= started)
        return { ready: true, database: 'druk' }
      return { ready: false, database: 'onbereikbaar' }
    } finally {
      clearTimeout(timer)
    }
    return ran < db.migrations.length
      ? { ready: false, database: 'migraties open' }
      : { ready: true, database: 'ok' }
  }
}

class ProbeTimeout extends Error {
  override readonly name = 'ProbeTimeout'
}
