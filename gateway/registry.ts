import { Kind, print, type DocumentNode } from 'graphql'
import { definitionKey, normaliseSdl, schemaHash } from '../shared/federation/schema-hash'
import { GEMEENTEN, type GemeenteInfo } from '../shared/gemeenten'
import { GATEWAY_TOKEN_HEADER } from '../shared/auth/caller'
import { Circuit, DEFAULT_CIRCUIT, type CircuitOptions, type CircuitState } from './routing/circuit-breaker'
import { pollJson } from './subgraph-client'

export { normaliseSdl }

/**
 * What the gateway knows of an instance, in one word (R9). AFWIJKEND (it serves another schema)
 * and NIET_GEREED (its readiness says it cannot serve, say because its database is gone) are not
 * routed to; ONBEREIKBAAR and ONBEKEND are, and a fetch that fails is reported per fetch.
 */
export type InstanceStatus = 'ONBEKEND' | 'GEREED' | 'AFWIJKEND' | 'NIET_GEREED' | 'ONBEREIKBAAR'

/** What the SDL check and the schema hash on the instance's answers say. */
export type SchemaState = 'ONBEKEND' | 'GELIJK' | 'AFWIJKEND'

/** What the instance's readiness (GET /health/ready) says, or an answer of it that its database is gone. */
export type ReadinessState = 'ONBEKEND' | 'GEREED' | 'NIET_GEREED' | 'ONBEREIKBAAR'

export interface GemeenteInstance extends GemeenteInfo {
  url: string
  /** Summarises `schema` and `gereedheid`: a drifted schema first, then readiness. */
  status: InstanceStatus
  /** Why the instance is not GEREED, for logs, the gateway's readiness body and the error a client sees. */
  reden?: string
  /** Whether the gateway sends it fetches (CLOSED), answers for it at once (OPEN) or probes it. */
  circuit: CircuitState
  schema: { state: SchemaState; reden?: string }
  gereedheid: { state: ReadinessState; reden?: string }
  /** When (performance.now()) a readiness answer last said ready. */
  gereedGemeld?: number
}

/** The reason a client reads when an instance serves another schema than the composed one. */
export const SCHEMA_DIFFERS = 'de dienst van deze gemeente heeft een afwijkend schema'
/** The reason a client reads when an instance cannot reach its own database. */
export const DATABASE_GONE = 'de database van deze gemeente is niet bereikbaar'

/** The reason the gateway's public readiness shows for an instance it cannot reach. */
export const UNREACHABLE = 'de dienst van deze gemeente is niet bereikbaar'

/**
 * The reason the gateway's public readiness (GET /health/ready) shows for an instance: one of a
 * few fixed texts. The detail behind it (an address, a driver's error code, schema hashes) is for
 * the operator and goes to the log when the status changes, not to whoever asks.
 */
export function publicReason(instance: GemeenteInstance): string | undefined {
  if (instance.status === 'AFWIJKEND') return SCHEMA_DIFFERS
  // Readiness answers give these reasons from a fixed set already (readinessReason).
  if (instance.status === 'NIET_GEREED') return instance.reden ?? DATABASE_GONE
  if (instance.status === 'ONBEREIKBAAR') return UNREACHABLE
  return undefined
}

export interface RegistryOptions {
  circuit?: CircuitOptions
  log?: (line: string) => void
  /** The gemeente SDL as composed: answers whose schema hash differs from its hash are not used. */
  gemeenteSdl?: string
}

/** How often the gateway asks each instance's readiness when READINESS_INTERVAL_MS is not set. */
export const DEFAULT_READINESS_INTERVAL_MS = 2_000

/** How the registry keeps watching the instances, started by `watch`. */
export interface WatchOptions {
  /** How often each instance's readiness is asked (READINESS_INTERVAL_MS). */
  intervalMs: number
  /** Time limit of one readiness or SDL request. */
  timeoutMs: number
  /** The gateway's own token for a gemeente's instance: it gives its SDL only to the gateway. */
  token: (code: string) => Promise<string>
  /** The gemeente SDL as composed, to check a drifted instance against again. */
  expectedSdl: string
}

/**
 * Where each gemeente hosts its subgraph (R5), whether it serves the composed schema (R6, R7),
 * and whether it can serve at all (R8). An instance that serves a different schema is not routed to: the query
 * planner planned against the composed one, and a mismatch would give wrong answers rather than
 * errors. Nor is one whose readiness says it cannot serve: its fetches would only fail.
 *
 * What decides, and how fast:
 * - every answer of an instance carries the hash of its schema (shared/http/subgraph-server.ts):
 *   a different hash excludes it from that answer on, a matching one brings it back;
 * - an answer that says the instance's database is gone marks it NIET_GEREED at once;
 * - `watch` asks every instance's readiness every `intervalMs` (a NIET_GEREED instance comes back
 *   with its first 200) and the SDL of a drifted instance again (it gets no fetches to answer);
 * - `check`, at start and every SCHEMA_CHECK_INTERVAL_MS, compares every instance's whole SDL.
 */
export class GemeenteRegistry {
  private readonly instances: Map<string, GemeenteInstance>
  private readonly circuits: Map<string, Circuit>
  private readonly log: (line: string) => void
  private readonly expectedHash: string | undefined
  /** When each instance was last marked NIET_GEREED by an answer: an older readiness answer does not undo it. */
  private readonly goneSince = new Map<string, number>()
  private watching: NodeJS.Timeout | null = null
  /** The SDL check's verdicts, per SDL text (see differencesFrom). */
  private sdlVerdicts?: { expected: string; normalised: DocumentNode; byText: Map<string, string[]> }
  private closed = false
  /** How old the last ready answer may be for an instance to count as known ready (R32): a round and its time limits. */
  private readyAnswerMaxAgeMs = DEFAULT_READINESS_INTERVAL_MS + 2 * 5_000

  constructor(urls: Record<string, string>, options: RegistryOptions = {}) {
    const circuit = options.circuit ?? DEFAULT_CIRCUIT
    const log = (this.log = options.log ?? (() => {}))
    this.expectedHash = options.gemeenteSdl ? schemaHash(options.gemeenteSdl) : undefined
    this.instances = new Map(
      GEMEENTEN.filter((g) => urls[g.code]).map((g) => [
        g.code,
        {
          ...g,
          url: urls[g.code],
          status: 'ONBEKEND' as const,
          circuit: 'CLOSED' as const,
          schema: { state: 'ONBEKEND' as const },
          gereedheid: { state: 'ONBEKEND' as const },
        },
      ]),
    )
    this.circuits = new Map(
      this.all().map((instance) => [
        instance.code,
        new Circuit(circuit, (state, failures) => {
          instance.circuit = state
          const where = `gemeente ${instance.code} (${instance.naam})`
          if (state === 'OPEN')
            log(
              `${where}: circuit OPEN after ${failures} timeouts or refused connections; its fetches answer GEMEENTE_UNAVAILABLE for ${circuit.resetMs} ms`,
            )
          else if (state === 'CLOSED') log(`${where}: circuit CLOSED, the probe fetch succeeded`)
        }),
      ]),
    )
  }

  get(code: string): GemeenteInstance | undefined {
    return this.instances.get(code)
  }

  /** The circuit breaker in front of a gemeente's instance; every fetch to it goes through it. */
  circuit(code: string): Circuit | undefined {
    return this.circuits.get(code)
  }

  /** Stops watching and the circuit breakers' timers. */
  close() {
    this.closed = true
    if (this.watching) clearTimeout(this.watching)
    for (const circuit of this.circuits.values()) circuit.shutdown()
  }

  /** All instances, in CBS-code order: the order in which fanned-out lists are concatenated. */
  all(): GemeenteInstance[] {
    return [...this.instances.values()]
  }

  /**
   * Whether the gateway knows the instance ready without asking it (R32): its schema matched
   * and its readiness answered ready (so GEREED, R9) no longer ago than a watch round takes.
   */
  knownReady(code: string): boolean {
    const instance = this.instances.get(code)
    return (
      !!instance &&
      instance.schema.state === 'GELIJK' &&
      instance.gereedheid.state === 'GEREED' &&
      instance.gereedGemeld !== undefined &&
      performance.now() - instance.gereedGemeld <= this.readyAnswerMaxAgeMs
    )
  }

  /** Why a fetch for this gemeente cannot be sent, or null when it can. Implements R5 and R9. */
  unroutable(code: string): string | null {
    const instance = this.instances.get(code)
    if (!instance) return 'deze gemeente is niet aangesloten op de gateway'
    if (instance.status === 'AFWIJKEND') return SCHEMA_DIFFERS
    if (instance.status === 'NIET_GEREED') return instance.reden ?? DATABASE_GONE
    return null
  }

  /**
   * Compares the schema hash that an answer of the instance carries with the composed schema's.
   * A different hash excludes the instance from this answer on; a matching one makes it
   * routable again. An answer without a hash (an older instance) decides nothing: the SDL
   * check does. Returns why the answer cannot be used, or null. Implements R7.
   */
  answeredWithSchema(code: string, hash: string | null | undefined): string | null {
    const instance = this.instances.get(code)
    if (!instance || !hash || !this.expectedHash) return null
    if (hash === this.expectedHash) {
      if (instance.schema.state !== 'GELIJK') this.update(instance, { schema: { state: 'GELIJK' } })
      return null
    }
    if (instance.schema.state !== 'AFWIJKEND') {
      this.update(instance, {
        schema: {
          state: 'AFWIJKEND',
          reden: `its answer carries schema hash ${hash}, the composed schema's is ${this.expectedHash}`,
        },
      })
    }
    return SCHEMA_DIFFERS
  }

  /**
   * An answer of the instance says that its database is gone: it is not routed to from now on,
   * until its readiness answers 200 again. Returns the reason a client reads. Implements R8.
   */
  databaseGone(code: string): string {
    const instance = this.instances.get(code)
    if (!instance) return DATABASE_GONE
    this.goneSince.set(code, performance.now())
    this.update(instance, { gereedheid: { state: 'NIET_GEREED', reden: DATABASE_GONE } })
    return DATABASE_GONE
  }

  /** Asks every instance's readiness (GET /health/ready) once. Implements R8. */
  async pollReadiness(timeoutMs: number): Promise<void> {
    await Promise.all(
      this.all().map(async (instance) => {
        const asked = performance.now()
        const gereedheid = await fetchReadiness(instance.url, timeoutMs)
        // An answer to a question asked before an answer said the database was gone is stale.
        if (asked < (this.goneSince.get(instance.code) ?? 0)) return
        if (gereedheid.state === 'GEREED') {
          this.goneSince.delete(instance.code)
          instance.gereedGemeld = performance.now()
        }
        this.update(instance, { gereedheid })
      }),
    )
  }

  /**
   * Keeps watching until `close`: every `intervalMs` the readiness of every instance, and the SDL
   * of every instance that serves a different schema (it gets no fetches whose answers could
   * show that it was corrected). A round starts only after the previous one ended. Implements
   * the rounds of R8 and the second look of R6.
   */
  watch(options: WatchOptions): void {
    // A round: readiness, then perhaps the SDL of drifted instances, each within the time limit.
    this.readyAnswerMaxAgeMs = options.intervalMs + 2 * options.timeoutMs
    const round = async () => {
      await this.pollReadiness(options.timeoutMs)
      const drifted = this.all().filter((i) => i.schema.state === 'AFWIJKEND')
      if (drifted.length) await this.checkInstances(drifted, options.expectedSdl, options)
    }
    const next = () => {
      if (this.closed) return
      this.watching = setTimeout(
        () =>
          void round()
            .catch((err: unknown) => this.log(`watching the instances failed this round: ${String(err)}`))
            .finally(next),
        options.intervalMs,
      )
      this.watching.unref()
    }
    next()
  }

  /**
   * Asks every instance for its SDL and compares it with the composed one. Unreachable
   * instances stay routable: they may be starting, and a fetch that fails is reported per fetch.
   * Implements R6.
   */
  async check(
    expectedSdl: string,
    how: { timeoutMs: number; token: (code: string) => Promise<string> },
    log?: (line: string) => void,
  ): Promise<void> {
    await this.checkInstances(this.all(), expectedSdl, how, log)
  }

  private async checkInstances(
    instances: GemeenteInstance[],
    expectedSdl: string,
    how: { timeoutMs: number; token: (code: string) => Promise<string> },
    log = this.log,
  ): Promise<void> {
    await Promise.all(
      instances.map(async (instance) => {
        try {
          const sdl = await fetchSdl(instance.url, how.timeoutMs, await how.token(instance.code))
          const differences = this.differencesFrom(expectedSdl, sdl)
          const schema =
            differences.length === 0
              ? { state: 'GELIJK' as const }
              : { state: 'AFWIJKEND' as const, reden: differences.slice(0, 5).join('; ') }
          // It answered: whatever its readiness says next, it is not unreachable.
          const reached =
            instance.gereedheid.state === 'ONBEREIKBAAR' ? { state: 'ONBEKEND' as const } : undefined
          this.update(instance, { schema, gereedheid: reached }, log)
        } catch (err) {
          this.update(
            instance,
            {
              gereedheid: { state: 'ONBEREIKBAAR', reden: err instanceof Error ? err.message : String(err) },
            },
            log,
          )
        }
      }),
    )
  }

  /**
   * The differences of an instance's SDL from the expected one. Fourteen instances serve the same
   * text check after check: parsing and comparing it again every 30 s cost the gateway a few
   * percent of its CPU under load, so the verdict is kept per text (the last few texts seen).
   */
  private differencesFrom(expectedSdl: string, sdl: string): string[] {
    if (this.sdlVerdicts?.expected !== expectedSdl)
      this.sdlVerdicts = { expected: expectedSdl, normalised: normaliseSdl(expectedSdl), byText: new Map() }
    const { normalised, byText } = this.sdlVerdicts
    const known = byText.get(sdl)
    if (known) return known
    const differences = sdlDifferences(normalised, normaliseSdl(sdl))
    if (byText.size >= 16) byText.clear()
    byText.set(sdl, differences)
    return differences
  }

  /** Records what was learnt of an instance, and logs when its status changes. */
  private update(
    instance: GemeenteInstance,
    learnt: { schema?: GemeenteInstance['schema']; gereedheid?: GemeenteInstance['gereedheid'] },
    log = this.log,
  ) {
    const before = instance.status
    if (learnt.schema) instance.schema = learnt.schema
    if (learnt.gereedheid) instance.gereedheid = learnt.gereedheid
    const { status, reden } = summarise(instance)
    instance.status = status
    instance.reden = reden
    if (status === before) return
    const where = `gemeente ${instance.code} (${instance.naam}) at ${instance.url}`
    if (status === 'GEREED') log(`${where}: ready, serves the composed schema`)
    else if (status === 'AFWIJKEND')
      log(
        `${where}: serves a DIFFERENT schema and is not routed to (${reden}). Deploy the version that matches the supergraph, or run npm run compose.`,
      )
    else if (status === 'NIET_GEREED')
      log(
        `${where}: not ready (${reden}); its fetches answer GEMEENTE_UNAVAILABLE until its readiness returns`,
      )
    else if (status === 'ONBEREIKBAAR')
      log(`${where}: unreachable (${reden}); its fetches answer GEMEENTE_UNAVAILABLE until it is back`)
  }
}

/** The instance's one status (R9): a drifted schema first, then readiness. */
function summarise(instance: GemeenteInstance): { status: InstanceStatus; reden?: string } {
  const { schema, gereedheid } = instance
  if (schema.state === 'AFWIJKEND') return { status: 'AFWIJKEND', reden: schema.reden }
  if (gereedheid.state === 'NIET_GEREED') return { status: 'NIET_GEREED', reden: gereedheid.reden }
  if (gereedheid.state === 'ONBEREIKBAAR') return { status: 'ONBEREIKBAAR', reden: gereedheid.reden }
  return { status: schema.state === 'GELIJK' ? 'GEREED' : 'ONBEKEND' }
}

/** What the readiness body of a subgraph (shared/http/health.ts) says, as a client reads it. */
function readinessReason(body: { database?: unknown }): string {
  if (body.database === 'onbereikbaar') return DATABASE_GONE
  if (body.database === 'migraties open') return 'de database van deze gemeente is nog niet bijgewerkt'
  return 'de dienst van deze gemeente is niet gereed'
}

/**
 * One readiness answer: 200 ready, 503 not ready with the reason from its body. Any other
 * status (an instance without the endpoint) decides nothing, and an instance that does not
 * answer is unreachable, which the circuit breaker, not readiness, handles.
 */
async function fetchReadiness(url: string, timeoutMs: number): Promise<GemeenteInstance['gereedheid']> {
  try {
    const { status, body } = await pollJson(new URL('/health/ready', url), timeoutMs)
    if (status === 200) return { state: 'GEREED' }
    if (status === 503)
      return { state: 'NIET_GEREED', reden: readinessReason(body as { database?: unknown }) }
    return { state: 'ONBEKEND' }
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError'
    const cause = (err as { cause?: { code?: unknown } }).cause?.code
    return {
      state: 'ONBEREIKBAAR',
      reden: timedOut ? `no readiness answer within ${timeoutMs} ms` : `readiness: ${cause ?? String(err)}`,
    }
  }
}

/** An instance's SDL, for R6; only the gateway gets it, with its own token for that instance (R27). */
async function fetchSdl(url: string, timeoutMs: number, token: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    // The SDL is only given to the gateway: it asks with its token for this instance.
    headers: { 'content-type': 'application/json', [GATEWAY_TOKEN_HEADER]: token },
    body: JSON.stringify({ query: 'query SubgraphSdl { _service { sdl } }' }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } } }
  const sdl = body.data?._service?.sdl
  if (!sdl) throw new Error(`no SDL in the answer (HTTP ${response.status})`)
  return sdl
}

/** Human-readable differences between two SDLs, per definition: empty when they are the same. */
export function sdlDifferences(expected: DocumentNode, actual: DocumentNode): string[] {
  const index = (doc: DocumentNode) => new Map(doc.definitions.map((d) => [definitionKey(d), print(d)]))
  const a = index(expected)
  const b = index(actual)
  const out: string[] = []
  for (const [key, printed] of a) {
    const name = key.split(':')[1] || key
    if (!b.has(key)) out.push(`missing ${name}`)
    else if (b.get(key) !== printed) out.push(`${name} differs`)
  }
  for (const key of b.keys()) if (!a.has(key)) out.push(`unexpected ${key.split(':')[1] || key}`)
  return out.filter((d) => !d.startsWith(Kind.SCHEMA_EXTENSION))
}
