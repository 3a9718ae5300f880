import CircuitBreaker from 'opossum'
import { isJoinedFailure } from '../sharing/in-flight'

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN'

/** When the gateway stops sending fetches to a gemeente that keeps failing, and for how long. */
export interface CircuitOptions {
  /** Timeouts or refused connections in a row after which the gemeente's circuit opens. */
  failureThreshold: number
  /** How long an open circuit answers at once before it lets one probe fetch through. */
  resetMs: number
}

export const DEFAULT_CIRCUIT: CircuitOptions = { failureThreshold: 3, resetMs: 10_000 }

/** Answered instead of a fetch while a circuit is open, or while its half-open probe is out. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError'
}

/**
 * How a fetch failed in transport, or null when the instance answered (even with an error).
 * Implements what counts against a circuit in R23, and what does not in R24.
 *
 * Only these count against a circuit: an instance that answers with an error, a 4xx or its own
 * deadline error is alive, and a caller who sends a query an instance refuses must not be able
 * to cut the gemeente off for everyone. An AbortError (the caller went away) is not the
 * instance's fault either; the fetch time limit ends as a TimeoutError.
 */
export function transportFailure(err: unknown): 'TIMEOUT' | 'UNREACHABLE' | null {
  if (!(err instanceof Error)) return null
  if (err.name === 'TimeoutError') return 'TIMEOUT'
  if (err.name === 'AbortError') return null
  const cause = (err as { cause?: { code?: unknown } }).cause
  const text = `${err.message} ${typeof cause?.code === 'string' ? cause.code : ''}`
  return /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|fetch failed|socket/i.test(text)
    ? 'UNREACHABLE'
    : null
}

/**
 * A fetch that ended without telling anything about the instance: its caller went away
 * (AbortError), or it is a joined request's copy of a failure already counted for the request it
 * joined (R30). Neither counts as a failure nor as an answer.
 */
const tellsNothing = (err: unknown) =>
  isJoinedFailure(err) || (err instanceof Error && err.name === 'AbortError')

/**
 * The circuit breaker of one gemeente's instance, on opossum. Implements R23.
 *
 * opossum keeps the state machine: while OPEN every fetch is answered at once with
 * CircuitOpenError; after `resetMs` it turns HALF_OPEN and lets exactly one probe through (the
 * others keep failing fast rather than queueing behind it); the probe's success closes the
 * circuit, its failure, or an end that tells nothing, opens it again for another `resetMs`.
 *
 * What opens it is counted here: `failureThreshold` transport failures in a row. opossum's own
 * rule, a failure percentage over a rolling window, opens a busy gemeente that has just become
 * slow only once its timeouts outweigh the window's earlier successes, and every caller in
 * between waits a full fetch timeout; so that rule is switched off (no rate exceeds 100%).
 */
export class Circuit {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>
  private failuresInRow = 0

  constructor(options: CircuitOptions, onChange: (state: CircuitState, failures: number) => void = () => {}) {
    this.breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
      // The fetcher has its own time limit (FETCH_TIMEOUT_MS) and aborts the request itself.
      timeout: false,
      resetTimeout: options.resetMs,
      errorThresholdPercentage: 100,
      // An answer, even an error, shows the instance alive: opossum counts a filtered error as a
      // success, which resets the count and closes a half-open circuit. So a fetch that tells
      // nothing (see tellsNothing) must not pass this filter: it is a failure to opossum, which
      // changes nothing while the circuit is closed (its own rate rule is off, below) and opens
      // a half-open one again, since a probe whose caller left did not show the instance alive;
      // here it is not counted.
      errorFilter: (err: unknown) => transportFailure(err) === null && !tellsNothing(err),
      enableSnapshots: false,
    })
    this.breaker.on('success', () => (this.failuresInRow = 0))
    this.breaker.on('failure', (err: unknown) => {
      if (tellsNothing(err)) return
      this.failuresInRow += 1
      if (this.failuresInRow >= options.failureThreshold) this.breaker.open()
    })
    this.breaker.on('open', () => onChange('OPEN', this.failuresInRow))
    this.breaker.on('halfOpen', () => onChange('HALF_OPEN', this.failuresInRow))
    this.breaker.on('close', () => {
      this.failuresInRow = 0
      onChange('CLOSED', 0)
    })
  }

  get state(): CircuitState {
    if (this.breaker.opened) return 'OPEN'
    return this.breaker.halfOpen ? 'HALF_OPEN' : 'CLOSED'
  }

  /** Runs `work` unless the circuit is open; its transport failures count against the circuit. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(work)) as T
    } catch (err) {
      if ((err as { code?: string }).code === 'EOPENBREAKER') {
        throw new CircuitOpenError('the circuit is open')
      }
      throw err
    }
  }

  /** Stops the breaker's timers. */
  shutdown() {
    this.breaker.shutdown()
  }
}
