import { Counter, Gauge, type Registry } from 'prom-client'
import type { DataSource } from 'typeorm'
import type { Logger } from '../../../shared/log'
import { Registerbericht } from './registerbericht.entity'

/** What the outbox holds at one moment: messages still to send, parked ones, the oldest waiting. */
export interface OutboxState {
  undelivered: number
  parked: number
  /** When the oldest undelivered message was written, or null when none waits. */
  oldestUndelivered: string | null
}

/** Reads the outbox's state in one statement, on the index (bezorgdOp, aangemaaktOp). */
export async function readOutbox(db: DataSource): Promise<OutboxState> {
  const rows: { parked: number | string; n: number | string; oudste: string | null }[] = await db
    .getRepository(Registerbericht)
    .createQueryBuilder('b')
    .select('CASE WHEN b.geweigerdOp IS NULL THEN 0 ELSE 1 END', 'parked')
    .addSelect('COUNT(*)', 'n')
    .addSelect('MIN(b.aangemaaktOp)', 'oudste')
    .where('b.bezorgdOp IS NULL')
    .groupBy('parked')
    .getRawMany()
  const undelivered = rows.find((r) => Number(r.parked) === 0)
  const parked = rows.find((r) => Number(r.parked) === 1)
  return {
    undelivered: Number(undelivered?.n ?? 0),
    parked: Number(parked?.n ?? 0),
    oldestUndelivered: undelivered?.oudste ?? null,
  }
}

/** A scrape waits at most this long for the database; without an answer the outbox series are left out. */
const READ_TIMEOUT_MS = 2_000

/**
 * The outbox towards the registry, as Prometheus sees it: its backlog and delivery lag, read
 * from the database at each scrape (so they are right whichever process delivers), and what
 * this process's deliverer did since it started.
 */
export class OutboxMetrics {
  private readonly delivered: Counter
  private readonly refused: Counter
  private readonly failedRounds: Counter

  constructor(registry: Registry, db: DataSource, log: Logger) {
    const registers = [registry]
    // Both gauges of one scrape share one read.
    let reading: Promise<OutboxState | null> | null = null
    const read = () => {
      reading ??= Promise.race([
        readOutbox(db),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no answer in time')), READ_TIMEOUT_MS).unref(),
        ),
      ])
        .catch((err: unknown) => {
          log.warn({ err }, 'could not read the outbox for the metrics')
          return null
        })
        .finally(() => setTimeout(() => (reading = null), 1_000).unref())
      return reading
    }
    new Gauge({
      name: 'outbox_messages',
      help: 'Messages in the outbox towards the registry that are not delivered, by state (undelivered: waiting to be sent; parked: refused by the registry, waiting for a person).',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset()
        const state = await read()
        if (!state) return
        this.set({ state: 'undelivered' }, state.undelivered)
        this.set({ state: 'parked' }, state.parked)
      },
    })
    new Gauge({
      name: 'outbox_oldest_undelivered_age_seconds',
      help: 'Delivery lag: age of the oldest message waiting to be sent to the registry, 0 when none waits.',
      registers,
      async collect() {
        this.reset()
        const state = await read()
        if (!state) return
        const since = state.oldestUndelivered ? Date.parse(state.oldestUndelivered) : NaN
        this.set(Number.isNaN(since) ? 0 : Math.max(0, (Date.now() - since) / 1000))
      },
    })
    this.delivered = new Counter({
      name: 'outbox_delivered_total',
      help: 'Messages the registry confirmed, delivered by this process.',
      registers,
    })
    this.refused = new Counter({
      name: 'outbox_refused_total',
      help: 'Messages the registry refused, parked by this process.',
      registers,
    })
    this.failedRounds = new Counter({
      name: 'outbox_delivery_failures_total',
      help: 'Delivery rounds that failed (the registry unreachable or answering with an error); their messages are tried again.',
      registers,
    })
  }

  round(outcome: { delivered: number; refused: number } | 'failed') {
    if (outcome === 'failed') return this.failedRounds.inc()
    this.delivered.inc(outcome.delivered)
    this.refused.inc(outcome.refused)
  }
}
