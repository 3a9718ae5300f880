import type { DataSource } from 'typeorm'
import { In, IsNull } from 'typeorm'
import type { Registry } from 'prom-client'
import { gemeentesysteem, serviceTokenSource, type AuthConfig } from '../../../shared/auth/identity'
import { createLogger, type Logger } from '../../../shared/log'
import { OutboxMetrics } from './bezorger.metrics'
import { Registerbericht } from './registerbericht.entity'

export interface BezorgerOptions {
  db: DataSource
  gemeenteCode: string
  aanbiedersUrl: string
  auth: AuthConfig
  log?: Logger
  /** How often to look for undelivered messages. */
  intervalMs: number
  timeoutMs?: number
  batch?: number
  /** The service's metrics registry: the outbox's backlog and delivery lag are reported there. */
  metrics?: Registry
}

const VERWERKEN = /* GraphQL */ `
  mutation Registerberichten($berichten: [RegisterberichtInvoer!]!) {
    registerberichtenVerwerken(berichten: $berichten) {
      verwerkt
      geweigerd {
        id
        reden
      }
    }
  }
`

/**
 * Delivers the outbox to the registry, at least once: oldest first, in batches, until the
 * registry confirms each id. While the registry is down, messages wait in the gemeente's own
 * database and are tried again on the next round. The registry applies each id once, so a
 * message sent twice (a confirmation lost on the way back) does no harm.
 */
export class RegisterBezorger {
  private timer: NodeJS.Timeout | null = null
  private bezig: Promise<number> | null = null

  /** Signed with this gemeente's own key: the registry believes a report only from its gemeente. */
  private readonly token: () => Promise<string>

  private readonly log: Logger

  private readonly metrics: OutboxMetrics | null

  constructor(private readonly options: BezorgerOptions) {
    this.log = options.log ?? createLogger('gemeente', { gemeente: options.gemeenteCode })
    this.metrics = options.metrics ? new OutboxMetrics(options.metrics, options.db, this.log) : null
    this.token = serviceTokenSource(gemeentesysteem(options.gemeenteCode), options.auth)
  }

  start() {
    if (this.timer) return
    this.timer = setInterval(() => void this.bezorg().catch(() => undefined), this.options.intervalMs)
    this.timer.unref()
  }

  async stop() {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.bezig?.catch(() => undefined)
  }

  /** One round; returns how many messages the registry confirmed. Rounds never overlap. */
  bezorg(): Promise<number> {
    this.bezig ??= this.ronde().finally(() => (this.bezig = null))
    return this.bezig
  }

  private async ronde(): Promise<number> {
    const repo = this.options.db.getRepository(Registerbericht)
    const open = await repo.find({
      where: { bezorgdOp: IsNull(), geweigerdOp: IsNull() },
      order: { aangemaaktOp: 'ASC', id: 'ASC' },
      take: this.options.batch ?? 50,
    })
    if (open.length === 0) return 0
    try {
      const token = await this.token()
      const response = await fetch(this.options.aanbiedersUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: VERWERKEN,
          variables: { berichten: open.map((b) => ({ id: b.id, soort: b.soort, inhoud: b.inhoud })) },
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      })
      const body = (await response.json()) as {
        data?: {
          registerberichtenVerwerken?: { verwerkt: string[]; geweigerd: { id: string; reden: string }[] }
        }
        errors?: { message: string }[]
      }
      const antwoord = body.data?.registerberichtenVerwerken
      if (!antwoord)
        throw new Error(body.errors?.map((e) => e.message).join('; ') || `HTTP ${response.status}`)
      const nu = new Date().toISOString()
      if (antwoord.verwerkt.length)
        await repo.update({ id: In(antwoord.verwerkt) }, { bezorgdOp: nu, laatsteFout: null })
      for (const g of antwoord.geweigerd) {
        // Parked: sending it again will not help, and it must not hold up what comes after it.
        this.log.warn({ bericht: g.id, reden: g.reden }, 'the registry refused a message; parked')
        await repo.update({ id: g.id }, { geweigerdOp: nu, laatsteFout: g.reden.slice(0, 500) })
      }
      this.metrics?.round({ delivered: antwoord.verwerkt.length, refused: antwoord.geweigerd.length })
      return antwoord.verwerkt.length
    } catch (err) {
      this.metrics?.round('failed')
      const fout = (err instanceof Error ? err.message : String(err)).slice(0, 500)
      await repo.increment({ id: In(open.map((b) => b.id)) }, 'pogingen', 1)
      await repo.update({ id: In(open.map((b) => b.id)) }, { laatsteFout: fout })
      throw err
    }
  }
}
