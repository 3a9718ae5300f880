import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import { ErrorCode } from '../shared/errors'
import { inSpan } from '../shared/observability/tracing'
import type { GemeenteRegistry, InstanceStatus } from './registry'
import { transportFailure, type CircuitState } from './routing/circuit-breaker'
import type { AheadResult, SingleFetchResult } from './routing/single-fetch'

/** Where a fetch goes: a regional subgraph, or the gemeente subgraph's instance of one gemeente. */
export interface FetchTarget {
  subgraph: string
  gemeente?: string
}

/**
 * How a fetch to one subgraph instance ended. Sent: `ok`, `error` (answered, with errors),
 * `timeout`, `unreachable`, `aborted` (the client went away), `failed` (no valid answer). Not
 * sent: `excluded` (the instance serves another schema, or the gemeente is not connected),
 * `circuit_open`, `skipped` (it failed earlier in the same request).
 */
export type FetchOutcome =
  'ok' | 'error' | 'timeout' | 'unreachable' | 'aborted' | 'failed' | 'excluded' | 'circuit_open' | 'skipped'

// Every value of each type, checked by the compiler: a state added there must be listed here.
const allOf = <T extends string>(values: Record<T, true>) => Object.keys(values) as T[]
const CIRCUIT_STATES = allOf<CircuitState>({ CLOSED: true, OPEN: true, HALF_OPEN: true })
const INSTANCE_STATUSES = allOf<InstanceStatus>({
  ONBEKEND: true,
  GEREED: true,
  AFWIJKEND: true,
  NIET_GEREED: true,
  ONBEREIKBAAR: true,
})

/**
 * The gateway's own metrics, beside every service's GraphQL metrics: each fetch to each subgraph
 * instance (labels `subgraph` and `gemeente`, empty for the regional subgraphs), the circuit and
 * schema state of each gemeente, and callers refused for their rate limit.
 */
export class GatewayMetrics {
  private readonly fetches: Counter<'subgraph' | 'gemeente' | 'outcome'>
  private readonly duration: Histogram<'subgraph' | 'gemeente'>
  private readonly rateLimited: Counter<'caller'>
  private readonly joinedFetches: Counter<'subgraph' | 'gemeente'>
  private readonly entityCache: Counter<'subgraph' | 'result'>
  private readonly singleFetch: Counter<'result'>
  private readonly sentAhead: Counter<'result'>
  private readonly joinedRequests: Counter

  constructor(registry: Registry, instances: GemeenteRegistry) {
    const registers = [registry]
    this.fetches = new Counter({
      name: 'gateway_subgraph_fetches_total',
      help: 'Fetches from the gateway to subgraph instances, by subgraph, gemeente (empty for the regional subgraphs) and outcome.',
      labelNames: ['subgraph', 'gemeente', 'outcome'],
      registers,
    })
    this.duration = new Histogram({
      name: 'gateway_subgraph_fetch_duration_seconds',
      help: 'Duration of the fetches the gateway sent to subgraph instances, by subgraph and gemeente.',
      labelNames: ['subgraph', 'gemeente'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    })
    this.rateLimited = new Counter({
      name: 'gateway_rate_limited_requests_total',
      help: 'Requests refused with RATE_LIMITED, by caller kind (signed_in, anonymous).',
      labelNames: ['caller'],
      registers,
    })
    this.joinedFetches = new Counter({
      name: 'gateway_subgraph_fetches_joined_total',
      help: 'Fetches not sent because an identical one was in flight (R30), by subgraph and gemeente.',
      labelNames: ['subgraph', 'gemeente'],
      registers,
    })
    this.entityCache = new Counter({
      name: 'gateway_entity_cache_total',
      help: 'Regional entities looked up in the gateway cache (R28), by subgraph and result (hit, miss).',
      labelNames: ['subgraph', 'result'],
      registers,
    })
    this.singleFetch = new Counter({
      name: 'gateway_single_fetch_requests_total',
      help: 'Queries planned as one fetch that asks what the client asked (R34), or one fetch and cached regional entities (R36), by result: direct (answered from the fetch and the cache) or shaped (an answer that does not fit, an entity not cached, or a failed fetch, shaped by Apollo Gateway).',
      labelNames: ['result'],
      registers,
    })
    this.sentAhead = new Counter({
      name: 'gateway_fetches_sent_ahead_total',
      help: "Entity fetches sent before the first fetch of their query answered (R38), by result: used (their answer was taken: they asked for the objects the first fetch's answer named) or unused (it was not; the request sent or needed another).",
      labelNames: ['result'],
      registers,
    })
    this.joinedRequests = new Counter({
      name: 'gateway_requests_joined_total',
      help: 'Requests answered by the execution of an identical request in flight (R35) instead of their own.',
      registers,
    })
    new Gauge({
      name: 'gateway_gemeente_circuit_state',
      help: "State of each gemeente's circuit breaker: 1 for the state it is in (CLOSED, OPEN, HALF_OPEN), 0 for the others.",
      labelNames: ['gemeente', 'state'],
      registers,
      collect() {
        for (const instance of instances.all()) {
          for (const state of CIRCUIT_STATES)
            this.set({ gemeente: instance.code, state }, instance.circuit === state ? 1 : 0)
        }
      },
    })
    new Gauge({
      name: 'gateway_gemeente_status',
      help: "What the gateway knows of each gemeente's instance: 1 for its status (ONBEKEND, GEREED, AFWIJKEND, NIET_GEREED, ONBEREIKBAAR), 0 for the others.",
      labelNames: ['gemeente', 'status'],
      registers,
      collect() {
        for (const instance of instances.all()) {
          for (const status of INSTANCE_STATUSES)
            this.set({ gemeente: instance.code, status }, instance.status === status ? 1 : 0)
        }
      },
    })
  }

  /**
   * Sends one fetch to one subgraph instance, timed and counted, in a span that names the
   * subgraph and the gemeente; the trace travels with the fetch (shared/observability/tracing).
   */
  fetch(
    target: FetchTarget,
    operationName: string | undefined,
    send: () => Promise<GatewayGraphQLResponse>,
  ): Promise<GatewayGraphQLResponse> {
    const labels = { subgraph: target.subgraph, gemeente: target.gemeente ?? '' }
    const attributes = {
      subgraph: target.subgraph,
      ...(target.gemeente ? { gemeente: target.gemeente } : {}),
      ...(operationName ? { 'graphql.operation.name': operationName } : {}),
    }
    const name = target.gemeente ? `fetch ${target.subgraph} ${target.gemeente}` : `fetch ${target.subgraph}`
    return inSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const end = this.duration.startTimer(labels)
      try {
        const response = await send()
        end()
        const outcome = response.errors?.length ? 'error' : 'ok'
        this.fetches.inc({ ...labels, outcome })
        span?.setAttribute('outcome', outcome)
        return response
      } catch (err) {
        end()
        const outcome = failureOutcome(err)
        this.fetches.inc({ ...labels, outcome })
        span?.setAttribute('outcome', outcome)
        span?.setStatus({ code: SpanStatusCode.ERROR, message: outcome })
        throw err
      }
    })
  }

  /** A request that joined an identical fetch in flight instead of sending its own. */
  joined(target: FetchTarget) {
    this.joinedFetches.inc({ subgraph: target.subgraph, gemeente: target.gemeente ?? '' })
  }

  /** Entities answered from the cache (`hit`) or fetched (`miss`). */
  cached(subgraph: string, result: 'hit' | 'miss', count: number) {
    if (count > 0) this.entityCache.inc({ subgraph, result }, count)
  }

  /** A request that joined the execution of an identical one in flight (R35). */
  joinedRequest() {
    this.joinedRequests.inc()
  }

  /** A query on the single-fetch path (R34), and how its answer went back. */
  singleFetched(result: SingleFetchResult) {
    this.singleFetch.inc({ result })
  }

  /** An entity fetch sent ahead (R38), and whether its answer was the one needed. */
  fetchedAhead(result: AheadResult) {
    this.sentAhead.inc({ result })
  }

  /** A fetch for a gemeente that was answered without being sent. */
  notSent(gemeente: string, outcome: 'excluded' | 'circuit_open' | 'skipped') {
    this.fetches.inc({ subgraph: 'gemeente', gemeente, outcome })
  }

  /** Counts a refusal of the rate limiter; other errors pass uncounted. */
  countRefusal(signedIn: boolean, err: unknown) {
    if ((err as { extensions?: { code?: unknown } })?.extensions?.code === ErrorCode.RATE_LIMITED)
      this.rateLimited.inc({ caller: signedIn ? 'signed_in' : 'anonymous' })
  }
}

function failureOutcome(err: unknown): FetchOutcome {
  const transport = transportFailure(err)
  if (transport === 'TIMEOUT') return 'timeout'
  if (transport === 'UNREACHABLE') return 'unreachable'
  return err instanceof Error && err.name === 'AbortError' ? 'aborted' : 'failed'
}
