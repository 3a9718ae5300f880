import { setMaxListeners } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server'
import { ErrorCode } from '../errors'
import { withIncomingTrace } from '../observability/tracing'

/** What a service's context function gets for one request. */
export interface RequestArgs {
  req: IncomingMessage
  /**
   * Aborts when nobody waits for the answer any more: the client went away, or the execution
   * deadline passed. Resolvers, database calls and the gateway's fetches stop on it. It travels
   * in each service's context, not in an AsyncLocalStorage: that would put promise hooks on every
   * promise of every request (only tracing, when it runs, installs them).
   */
  signal: AbortSignal
}

export interface RouteAnswer {
  status: number
  /** Sent as JSON; a string or Buffer is sent as it is, with the content type the headers name. */
  body: unknown
  headers?: Record<string, string>
}

/**
 * A plain HTTP endpoint beside GraphQL, keyed `METHOD /path` (say `GET /.well-known/jwks.json`);
 * a key ending in `/*` (say `GET /assets/*`) takes every path under that prefix.
 */
export type Routes = Record<string, (req: IncomingMessage) => RouteAnswer | Promise<RouteAnswer>>

export interface ServeOptions<TContext extends BaseContext> {
  port: number
  host?: string
  context: (args: RequestArgs) => Promise<TContext>
  routes?: Routes
  /** Larger request bodies are refused (HTTP 413) before anything is parsed. */
  maxBodyBytes?: number
  /** Execution deadline of one GraphQL request; its `signal` aborts then. */
  executionTimeoutMs?: number
  /** How long `stop()` waits for requests in flight before closing their connections. */
  drainMs?: number
}

export interface Listening {
  url: string
  stop: () => Promise<void>
}

/**
 * Body limits: clients send operations, not data, and a quarter MiB holds every operation this
 * graph documents; a subgraph also takes the gateway's entity fetches, whose representations
 * grow with the lists a query asks for.
 */
export const MAX_BODY_BYTES = { gateway: 256 * 1024, instance: 1024 * 1024 }

/**
 * How long a kept-alive connection waits for its next request. Node's default, 5 s, has the
 * gateway open a new connection to a gemeente's instance after every pause of a few seconds (in
 * production a TLS handshake in front of the next fetch), and lets a proxy in front of a service
 * that keeps its upstream connections longer (nginx's default is 60 s) send a request on one Node
 * is closing, which the proxy answers with a 502. Longer than both: the client side closes first
 * (undici reads `Keep-Alive: timeout=65` and leaves itself a margin).
 */
export const KEEP_ALIVE_MS = 65_000

/** GraphQL is served at `/` and `/graphql`; every other path is one of the routes or 404. */
const GRAPHQL_PATHS = new Set(['/', '/graphql'])

/**
 * Serves an Apollo Server on Node's own HTTP server, through Apollo's integration API
 * (`executeHTTPGraphQLRequest`), so that the service decides what a request may cost before
 * Apollo sees it: a body limit, a deadline and a signal per request, and plain endpoints
 * (keys, health) beside GraphQL. Port 0 takes any free port.
 */
export async function serve<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: ServeOptions<TContext>,
): Promise<Listening> {
  await server.start()
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES.gateway
  const inFlight = new Set<ServerResponse>()

  const http = createServer((req, res) => {
    inFlight.add(res)
    res.on('close', () => inFlight.delete(res))
    handle(req, res).catch(() => {
      if (!res.headersSent)
        answer(res, 500, graphqlError('Er ging intern iets mis.', 'INTERNAL_SERVER_ERROR'))
      else res.destroy()
    })
  })
  // A request whose headers trickle in is not allowed to hold a socket for long.
  http.headersTimeout = 10_000
  http.requestTimeout = 60_000
  http.keepAliveTimeout = KEEP_ALIVE_MS

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const route = options.routes && findRoute(options.routes, `${req.method} ${url.pathname}`)
    if (route) {
      const result = await route(req)
      return answer(res, result.status, result.body, result.headers)
    }
    if (!GRAPHQL_PATHS.has(url.pathname)) return answer(res, 404, { error: 'not found' })

    const body = await readBody(req, maxBodyBytes)
    if (body.tooLarge) {
      res.setHeader('connection', 'close')
      return answer(
        res,
        413,
        graphqlError(`Het verzoek is groter dan ${maxBodyBytes} bytes.`, ErrorCode.PAYLOAD_TOO_LARGE, {
          maxBytes: maxBodyBytes,
        }),
      )
    }
    let parsed: unknown = body.text
    if (/^application\/(graphql-response\+)?json/i.test(req.headers['content-type'] ?? '') && body.text) {
      try {
        parsed = JSON.parse(body.text)
      } catch {
        return answer(res, 400, graphqlError('De inhoud is geen geldige JSON.', 'BAD_REQUEST'))
      }
    }

    const signal = requestSignal(res, options.executionTimeoutMs)
    // A request that waited in the listen queue (the process was stopped or too busy) may have
    // been given up by its client already. The end of its socket is read one turn of the event
    // loop after the request (libuv reads a socket once per turn): after two turns, skip it.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve))
    if (signal.aborted || req.socket.destroyed || req.socket.readableEnded) return void res.destroy()
    const headers = new HeaderMap()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
    }
    const result = await withIncomingTrace(server, req, () =>
      server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsed },
        context: () => options.context({ req, signal }),
      }),
    )
    for (const [name, value] of result.headers) res.setHeader(name, value)
    res.statusCode = result.status ?? 200
    if (result.body.kind === 'complete') return void endWith(res, result.body.string)
    for await (const chunk of result.body.asyncIterator) res.write(chunk)
    res.end()
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port, options.host ?? '127.0.0.1', () => resolve())
  })
  const { port } = http.address() as AddressInfo
  const host =
    options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1'

  let stopping: Promise<void> | null = null
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    stop() {
      stopping ??= (async () => {
        // Stop accepting, let requests in flight finish within the deadline, then close the rest.
        const closed = new Promise<void>((resolve) => http.close(() => resolve()))
        http.closeIdleConnections()
        const deadline = Date.now() + (options.drainMs ?? 10_000)
        while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
        http.closeAllConnections()
        await closed
        await server.stop()
      })()
      return stopping
    },
  }
}

/** The exact route, else the longest `/*` prefix route that holds the path. */
export function findRoute(routes: Routes, key: string): Routes[string] | undefined {
  if (routes[key]) return routes[key]
  let best: string | undefined
  for (const candidate of Object.keys(routes)) {
    if (!candidate.endsWith('/*')) continue
    const prefix = candidate.slice(0, -1)
    if (key.startsWith(prefix) && key.length > prefix.length && (!best || candidate.length > best.length))
      best = candidate
  }
  return best ? routes[best] : undefined
}

function requestSignal(res: ServerResponse, timeoutMs: number | undefined): AbortSignal {
  const controller = new AbortController()
  // One timer, cleared with the response: the deadline ends a request, not a time after it.
  const deadline = timeoutMs
    ? setTimeout(
        () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
        timeoutMs,
      ).unref()
    : undefined
  res.once('close', () => {
    clearTimeout(deadline)
    if (!res.writableFinished) controller.abort(new DOMException('the client went away', 'AbortError'))
  })
  // Each fetch of a gateway request listens on it while it runs: a fan-out to 14 gemeenten is more than 10.
  setMaxListeners(100, controller.signal)
  return controller.signal
}

/** A request's body as text, or `tooLarge` (the rest unread) beyond `max` bytes. */
export async function readBody(
  req: IncomingMessage,
  max: number,
): Promise<{ text: string; tooLarge: boolean }> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > max) {
    req.resume()
    return { text: '', tooLarge: true }
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > max) {
      req.resume()
      return { text: '', tooLarge: true }
    }
    chunks.push(chunk)
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: false }
}

function graphqlError(message: string, code: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { ...extensions, code } }] }
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.statusCode = status
  res.setHeader('content-type', 'application/json; charset=utf-8')
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  // A string or Buffer is sent as it is (the Prometheus text of /metrics, a page's files), anything else as JSON.
  if (Buffer.isBuffer(body)) res.end(body)
  else endWith(res, typeof body === 'string' ? body : JSON.stringify(body))
}

/**
 * Ends a response with `text`, encoded once. Given the string itself, Node measures it first
 * (which copies the `JSON + '\n'` Apollo builds into one flat string), then puts the head in
 * front of it (a second copy) and encodes that (a third): each answer's size in garbage, three
 * times over. A buffer is written beside the head as it is.
 */
function endWith(res: ServerResponse, text: string) {
  res.end(Buffer.from(text, 'utf8'))
}
