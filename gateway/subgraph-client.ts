import { Agent, Pool, request, type Dispatcher } from 'undici'

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

  /**
   * Sends `body` (JSON text) with `headers`; answers status, headers and the parsed JSON body.
   * `caller`: the signal of the request(s) the fetch serves, which stops it when they are gone.
   */
  async post(body: string, headers: Record<string, string>, caller?: AbortSignal): Promise<SubgraphAnswer> {
    return this.send('POST', this.path, body, headers, caller)
  }

  /** A plain request to another path of the same instance (the access log's notice, R31). */
  send(
    method: Dispatcher.HttpMethod,
    path: string,
    body: string | null,
    headers: Record<string, string>,
    caller?: AbortSignal,
  ): Promise<SubgraphAnswer> {
    // Straight on the pool's dispatch: the answer's bytes are collected as they come, with no
    // Readable stream or AbortController per fetch; undici's controller aborts the request.
    return new Promise<SubgraphAnswer>((resolve, reject) => {
      if (caller?.aborted) return reject(caller.reason)
      let controller: Dispatcher.DispatchController | null = null
      let settled = false
      let status = 0
      let raw: Dispatcher.ResponseData['headers'] = {}
      let chunks: Buffer[] = []
      const settle = (error: unknown, answer?: SubgraphAnswer) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        caller?.removeEventListener('abort', callerGone)
        if (answer) resolve(answer)
        else reject(error)
      }
      const stop = (reason: Error) => {
        settle(reason)
        controller?.abort(reason)
      }
      const timer = setTimeout(
        () => stop(new DOMException('the fetch took too long', 'TimeoutError')),
        this.timeoutMs,
      )
      const callerGone = () => stop(caller!.reason as Error)
      caller?.addEventListener('abort', callerGone, { once: true })
      try {
        this.pool.dispatch(
          { method, path, body, headers },
          {
            onRequestStart: (started) => {
              controller = started
              // Ended while it waited for a connection: it is not sent after all.
              if (settled) started.abort(new DOMException('the fetch ended before it was sent', 'AbortError'))
              chunks = []
            },
            onResponseStart: (_, statusCode, answerHeaders) => {
              status = statusCode
              raw = answerHeaders
            },
            onResponseData: (_, chunk) => void chunks.push(chunk),
            onResponseEnd: () => {
              const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8')
              const headers = new AnswerHeaders(raw)
              // A body that is not JSON is an answer, not a transport failure.
              const json = /json/.test(headers.get('content-type') ?? '') && text
              try {
                settle(null, { status, headers, body: json ? (JSON.parse(text) as unknown) : text })
              } catch (err) {
                settle(err)
              }
            },
            onResponseError: (_, err) => settle(new TypeError('fetch failed', { cause: err })),
          },
        )
      } catch (err) {
        settle(new TypeError('fetch failed', { cause: err }))
      }
    })
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
