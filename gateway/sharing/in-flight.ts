import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { transportFailure } from '../routing/circuit-breaker'

/** Marks the copy of a shared fetch's transport failure that a joined request gets (see joinedFailure). */
export const JOINED = Symbol('joined')

/**
 * A joined request's copy of the fetch's transport failure: it reads the same (a timeout stays a
 * timeout, R20-R22) but does not count against the gemeente's circuit again (R23): one fetch
 * failed, not one per request that waited for it.
 */
function joinedFailure(err: unknown): unknown {
  if (!(err instanceof Error) || !transportFailure(err)) return err
  const copy = new Error(err.message, { cause: err.cause }) as Error & { [JOINED]?: true }
  copy.name = err.name
  copy[JOINED] = true
  return copy
}

export const isJoinedFailure = (err: unknown) => !!(err as { [JOINED]?: true } | null)?.[JOINED]

interface Flight {
  /** The request ids of the requests that joined (not the one that sent it). */
  joined: string[]
  /** Requests still waiting; at 0 the fetch is aborted (R24 for all of them). */
  waiting: number
  controller: AbortController
  answer: Promise<GatewayGraphQLResponse>
  /** The answer as JSON, once, for each joined request to parse its own copy. */
  snapshot?: string
  /** Whether the joined requests may use the answer (for a gemeente: their reads are logged, R31). */
  released?: Promise<boolean>
  /** Stop listening to the waiting requests' signals once the answer is in. */
  unlisten: (() => void)[]
}

/**
 * Whether the requests that joined a fetch may have its answer: `requestIds` are theirs. For a
 * regional subgraph always; for a gemeente only once the instance has logged a read for each.
 */
export type Release = (response: GatewayGraphQLResponse, requestIds: string[]) => Promise<boolean>

/** Most requests one fetch answers; more start a new fetch (bounds the header that names them). */
const MAX_JOINED = 100

/** Sends a fetch that stops when `signal` aborts. */
export type Send = (signal: AbortSignal | undefined) => Promise<GatewayGraphQLResponse>

/**
 * De-duplication of identical fetches in flight (R30): while a fetch with a key is out, a request
 * that would send the same one waits for its answer instead. The key says what "identical" is
 * (the data source builds it: target, query, variables and, unless the answer is the same for
 * everyone, the caller and purpose). Each request gets its own copy of the answer (the gateway
 * merges into answers in place). The fetch is aborted only when every request waiting for it has
 * gone away. When `release` refuses, each joined request sends its own fetch.
 */
export class InFlightFetches {
  private readonly flights = new Map<string, Flight>()

  constructor(private readonly onJoin: () => void = () => {}) {}

  /**
   * `caller`: the signal of the request asking; the fetch itself is sent under one that aborts
   * only when every request waiting for it has gone.
   */
  async run(
    key: string,
    requestId: string,
    send: Send,
    release: Release,
    caller?: AbortSignal,
  ): Promise<GatewayGraphQLResponse> {
    const flight = this.flights.get(key)
    if (flight && flight.joined.length < MAX_JOINED) return this.join(flight, requestId, send, caller)

    const controller = new AbortController()
    const started: Flight = { joined: [], waiting: 0, controller, answer: undefined!, unlisten: [] }
    this.wait(started, caller)
    const landed = () => {
      // A full flight is replaced under its key by the next one (MAX_JOINED): that one stays.
      if (this.flights.get(key) === started) this.flights.delete(key)
      for (const unlisten of started.unlisten) unlisten()
    }
    started.answer = send(controller.signal).then(
      (response) => {
        landed()
        if (started.joined.length) {
          started.snapshot = JSON.stringify({ data: response.data, errors: response.errors })
          started.released = release(response, started.joined).catch(() => false)
        }
        return response
      },
      (err: unknown) => {
        landed()
        throw err
      },
    )
    this.flights.set(key, started)
    return started.answer
  }

  private async join(
    flight: Flight,
    requestId: string,
    send: Send,
    caller: AbortSignal | undefined,
  ): Promise<GatewayGraphQLResponse> {
    flight.joined.push(requestId)
    this.wait(flight, caller)
    this.onJoin()
    let response: GatewayGraphQLResponse
    try {
      response = await flight.answer
    } catch (err) {
      throw joinedFailure(err)
    }
    if (!(await flight.released)) return send(caller)
    const copy = JSON.parse(flight.snapshot!) as GatewayGraphQLResponse
    return { ...copy, http: response.http }
  }

  /** Counts a request as waiting for `flight` until its caller goes away. */
  private wait(flight: Flight, caller: AbortSignal | undefined) {
    flight.waiting += 1
    if (!caller) return
    const gone = () => {
      flight.waiting -= 1
      if (flight.waiting === 0) flight.controller.abort(caller.reason)
    }
    // A request already gone (its client left while it was planned) waits for nothing.
    if (caller.aborted) return gone()
    caller.addEventListener('abort', gone, { once: true })
    flight.unlisten.push(() => caller.removeEventListener('abort', gone))
  }
}
