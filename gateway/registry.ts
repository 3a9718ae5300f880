import { Kind, parse, print, type DefinitionNode, type DocumentNode } from 'graphql'
import { GEMEENTEN, type GemeenteInfo } from '../shared/gemeenten'
import { Circuit, DEFAULT_CIRCUIT, type CircuitOptions, type CircuitState } from './routing/circuit-breaker'

export type InstanceStatus = 'ONBEKEND' | 'GEREED' | 'AFWIJKEND' | 'ONBEREIKBAAR'

export interface GemeenteInstance extends GemeenteInfo {
  url: string
  status: InstanceStatus
  /** Why the instance is not GEREED, for logs and for the error a client sees. */
  reden?: string
  /** Whether the gateway sends it fetches (CLOSED), answers for it at once (OPEN) or probes it. */
  circuit: CircuitState
}

/**
 * Where each gemeente hosts its subgraph, and whether it serves the composed schema. An
 * instance that serves a different schema is not routed to: the query planner planned against
 * the composed one, and a mismatch would give wrong answers rather than errors.
 */
export class GemeenteRegistry {
  private readonly instances: Map<string, GemeenteInstance>
  private readonly circuits: Map<string, Circuit>

  constructor(
    urls: Record<string, string>,
    circuit: CircuitOptions = DEFAULT_CIRCUIT,
    log: (line: string) => void = () => {},
  ) {
    this.instances = new Map(
      GEMEENTEN.filter((g) => urls[g.code]).map((g) => [
        g.code,
        { ...g, url: urls[g.code], status: 'ONBEKEND' as const, circuit: 'CLOSED' as const },
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

  /** Stops the circuit breakers' timers. */
  close() {
    for (const circuit of this.circuits.values()) circuit.shutdown()
  }

  /** All instances, in CBS-code order: the order in which fanned-out lists are concatenated. */
  all(): GemeenteInstance[] {
    return [...this.instances.values()]
  }

  /** Why a fetch for this gemeente cannot be sent, or null when it can. */
  unroutable(code: string): string | null {
    const instance = this.instances.get(code)
    if (!instance) return 'deze gemeente is niet aangesloten op de gateway'
    if (instance.status === 'AFWIJKEND') return 'de dienst van deze gemeente heeft een afwijkend schema'
    return null
  }

  /**
   * Asks every instance for its SDL and compares it with the composed one. Unreachable
   * instances stay routable: they may be starting, and a fetch that fails is reported per fetch.
   */
  async check(
    expectedSdl: string,
    how: { timeoutMs: number; token: () => Promise<string> },
    log: (line: string) => void,
  ): Promise<void> {
    const expected = normaliseSdl(expectedSdl)
    await Promise.all(
      this.all().map(async (instance) => {
        const before = instance.status
        try {
          const sdl = await fetchSdl(instance.url, how.timeoutMs, await how.token())
          const differences = sdlDifferences(expected, normaliseSdl(sdl))
          if (differences.length === 0) {
            Object.assign(instance, { status: 'GEREED', reden: undefined })
          } else {
            Object.assign(instance, { status: 'AFWIJKEND', reden: differences.slice(0, 5).join('; ') })
          }
        } catch (err) {
          Object.assign(instance, {
            status: 'ONBEREIKBAAR',
            reden: err instanceof Error ? err.message : String(err),
          })
        }
        if (instance.status !== before) {
          const where = `gemeente ${instance.code} (${instance.naam}) at ${instance.url}`
          if (instance.status === 'GEREED') log(`${where}: serves the composed schema`)
          else if (instance.status === 'AFWIJKEND') {
            log(
              `${where}: serves a DIFFERENT schema and is not routed to (${instance.reden}). Deploy the version that matches the supergraph, or run npm run compose.`,
            )
          } else
            log(
              `${where}: unreachable (${instance.reden}); its fetches answer GEMEENTE_UNAVAILABLE until it is back`,
            )
        }
      }),
    )
  }
}

async function fetchSdl(url: string, timeoutMs: number, token: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    // The SDL is only given to the gateway: it asks as itself.
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'query SubgraphSdl { _service { sdl } }' }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } } }
  const sdl = body.data?._service?.sdl
  if (!sdl) throw new Error(`no SDL in the answer (HTTP ${response.status})`)
  return sdl
}

const definitionKey = (d: DefinitionNode) => `${d.kind}:${'name' in d && d.name ? d.name.value : ''}`

/** Order-independent form of an SDL: definitions sorted, formatting normalised. */
export function normaliseSdl(sdl: string): DocumentNode {
  const document = parse(sdl)
  return {
    ...document,
    definitions: [...document.definitions].sort((a, b) => definitionKey(a).localeCompare(definitionKey(b))),
  }
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
