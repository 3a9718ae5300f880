import { Agent, Pool, request, type Dispatcher } from 'undici'
import { currentRequestSignal } from '../shared/http/serve'

/** The headers of an answer, read the way the gateway reads them (`get`, case-insensitive). */
class AnswerHeaders {
  constructor(private readonly raw: Dispatcher.ResponseData['headers']) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()]
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
  }
  has(name: string) {
    return this.raw[name.toLowerCase()] !== undefined
  }
}

/** What the gateway keeps of a subgraph's answer: its status, headers and parsed body. */
export interface SubgraphAnswer {
  status: number
  headers: AnswerHeaders
  body: unknown
}

/**
 * The gateway's HTTP client for one subgraph instance: an undici Pool with keep-alive
 * connections, a request written straight from the GraphQL body (no Request or Headers objects
 * per fetch), and one timer per fetch. Implements R21 (every fetch ends at `timeoutMs`: a
 * TimeoutError, "geen antwoord binnen de tijdslimiet") and R24 (it ends as soon as the request it
 * serves is gone: an AbortError, which counts neither against the circuit nor in R22).
 *
 * A transport failure is thrown as `fetch failed` with undici's error as its cause, as Node's
 * fetch does, so that the circuit breaker (R23) reads it the same way.
 */
export class SubgraphClient {
  private readonly pool: Pool
  private readonly path: string

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    const parsed = new URL(url)
    this.path = `${parsed.pathname}${parsed.search}`
    this.pool = new Pool(parsed.origin, {
      connections: 64,
      keepAliveTimeout: 30_000,
      // A gateway request never waits for a connection longer than its fetch may take.
      connectTimeout: Math.min(timeoutMs, 10_000),
    })
  }

  /** Sends `body` (JSON text) with `headers`; answers status, headers and the parsed JSON body. */
  async post(body: string, headers: Record<string, string>): Promise<SubgraphAnswer> {
    return this.send('POST', this.path, body, headers)
  }

  /** A plain request to another path of the same instance (the access log's notice, R31). */
  async send(
    method: Dispatcher.HttpMethod,
    path: string,
    body: string | null,
    headers: Record<string, string>,
  ): Promise<SubgraphAnswer> {
    const controller = new AbortController()
    const timer = setTimeout(
      () => controller.abort(new DOMException('the fetch took too long', 'TimeoutError')),
      this.timeoutMs,
    )
    const caller = currentRequestSignal()
    const callerGone = () => controller.abort(caller!.reason)
    if (caller?.aborted) callerGone()
    caller?.addEventListener('abort', callerGone, { once: true })
    let status: number, answerHeaders: AnswerHeaders, text: string
    try {
      const response = await this.pool.request({ method, path, body, headers, signal: controller.signal })
      status = response.statusCode
      answerHeaders = new AnswerHeaders(response.headers)
      text = await response.body.text()
    } catch (err) {
      if (controller.signal.aborted) throw controller.signal.reason
      throw new TypeError('fetch failed', { cause: err })
    } finally {
      clearTimeout(timer)
      caller?.removeEventListener('abort', callerGone)
    }
    // A body that is not JSON is an answer, not a transport failure: parsed outside the try.
    const json = /json/.test(answerHeaders.get('content-type') ?? '') && text
    return { status, headers: answerHeaders, body: json ? (JSON.parse(text) as unknown) : text }
  }

  close() {
    return this.pool.close()
  }
}

/**
 * The connections of the gateway's polls (each instance's readiness, the regional subgraphs' data
 * versions): kept alive like the fetches' pools, so that a poll every second or two costs a request
 * and not a connection.
 */
const polls = new Agent({ connections: 2, keepAliveTimeout: 30_000 })

/**
 * A poll: GET `url`, its status and JSON body ({} when the body is not JSON). Ends at `timeoutMs`
 * with a TimeoutError; a transport failure is thrown as `fetch failed` with undici's error as its
 * cause, as Node's fetch does. Through undici's `request`, which costs a fraction of `fetch` (no
 * Request, Response or web stream per poll): the gateway polls all the time.
 */
export async function pollJson(url: URL, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const signal = AbortSignal.timeout(timeoutMs)
  let status: number, text: string
  try {
    const response = await request(url, { method: 'GET', dispatcher: polls, signal })
    status = response.statusCode
    text = await response.body.text()
  } catch (err) {
    if (signal.aborted) throw signal.reason
    throw new TypeError('fetch failed', { cause: err })
  }
  try {
    return { status, body: JSON.parse(text) as unknown }
  } catch {
    return { status, body: {} }
  }
}
