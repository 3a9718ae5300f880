// The do-nothing gateway of `npm run bench`: the floor any gateway of this graph stands on. It
// records what the project's gateway sends to the subgraphs for a client request, then answers
// that request by sending exactly those fetches again, stage by stage as they were sent, to the
// same instances, and replying with the recorded answer. No parsing, planning or merging: what it
// costs is the I/O of the fetches, which every gateway pays.
//
// Started by bench/bench.ts as a child process. BENCH_TARGETS is a JSON object from target name
// (catalogus, aanbieders, a CBS code) to the subgraph's URL.
//   GET  /recorders          {target: url}: a port per target that forwards every request to
//                            that target (any path, so that the recording gateway's polls of
//                            data versions and readiness work, and its cache and routing with
//                            them) and records each POST under its x-request-id
//   POST /answer             {requestId, body}: the client answer recorded for that request id
//   POST /                   replays the request id in x-request-id
//   GET  /limits             per replayed request, its CPU-bound limit (see `limitOf`) from the
//                            fetches' times as replayed (in parallel); then clears
//   POST /limit              {requestId, rounds}: that request's CPU-bound limit from each fetch's
//                            time alone: every fetch sent on its own, `rounds` times, median each
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'
import { GATEWAY_TOKEN_HEADER } from '../shared/auth/caller'
import { demoKeyDir, serviceTokenSource, type AuthConfig } from '../shared/auth/identity'
import { demoKeyRing, trustFromKeyRing } from '../shared/auth/keys'
import { Agent, request } from 'undici'
import { limitOf, stages, type Timed } from './replay-plan'

interface Fetch extends Timed {
  url: string
  headers: Record<string, string>
  body: string
}

// The gateway's own token lives five minutes and a full bench run is longer: a replayed fetch
// carries a fresh one, signed like the gateway's (same key, identity and audience).
const keys = await demoKeyRing(demoKeyDir(process.env.DEMO_DATA_DIR ?? '.data/bench'))
const auth: AuthConfig = {
  audience: 'twents-model-graph',
  trust: trustFromKeyRing(keys),
  maxLifetimeSeconds: { person: 3600, service: 300 },
  signer: keys.get('regio'),
}
const GATEWAY = { sub: 'gateway', naam: 'Gateway regio Twente', rol: 'GATEWAY' } as const
const tokenSources = new Map<string, () => Promise<string>>()
async function freshGatewayToken(recorded: string): Promise<string> {
  const { aud } = JSON.parse(Buffer.from(recorded.split('.')[1], 'base64url').toString('utf8')) as {
    aud: string
  }
  let source = tokenSources.get(aud)
  if (!source) tokenSources.set(aud, (source = serviceTokenSource(GATEWAY, auth, aud)))
  return source()
}

const targets = JSON.parse(process.env.BENCH_TARGETS ?? '{}') as Record<string, string>
const recorded = new Map<string, Fetch[]>()
const stagesOf = new Map<string, Fetch[][]>()
const answers = new Map<string, string>()
let limits: number[] = []

// Hop-by-hop and length headers are the transport's, not the request's.
const SKIP = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding'])

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

// Kept-alive connections through undici's dispatcher, as the project's gateway sends its fetches:
// the floor should not carry `fetch`'s own cost (several times a dispatch's CPU per fetch).
const agent = new Agent({ keepAliveTimeout: 60_000 })

async function send(f: Pick<Fetch, 'url' | 'headers' | 'body'>, refresh = false) {
  const recordedToken = f.headers[GATEWAY_TOKEN_HEADER]
  const headers =
    refresh && recordedToken
      ? { ...f.headers, [GATEWAY_TOKEN_HEADER]: await freshGatewayToken(recordedToken) }
      : f.headers
  const once = () => request(f.url, { dispatcher: agent, method: 'POST', headers, body: f.body })
  // A kept-alive connection the instance closed as it was reused fails before any answer: sent
  // again once, as any client would.
  const { statusCode, headers: answered, body } = await once().catch(once)
  return { status: statusCode, headers: answered, text: await body.text() }
}

async function record(req: IncomingMessage, res: ServerResponse, target: string) {
  const url = new URL(req.url ?? '/', targets[target]).href
  const body = req.method === 'GET' ? null : await readBody(req)
  if (body === null) return forward(res, url)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers))
    if (!SKIP.has(name) && typeof value === 'string') headers[name] = value
  const start = performance.now()
  const { status, headers: answered, text } = await send({ url, headers, body })
  const end = performance.now()
  const id = headers['x-request-id']
  if (id) recorded.set(id, [...(recorded.get(id) ?? []), { url, headers, body, start, end }])
  res.writeHead(status, headersOf(answered)).end(text)
}

async function replay(req: IncomingMessage, res: ServerResponse) {
  await readBody(req)
  const id = String(req.headers['x-request-id'] ?? '')
  const plan = stagesOf.get(id)
  const answer = answers.get(id)
  if (!plan || answer === undefined) return reply(res, 404, `nothing recorded for ${id}`)
  const times: number[][] = []
  for (const stage of plan) {
    times.push(
      await Promise.all(
        stage.map(async (f) => {
          const started = performance.now()
          const { status } = await send(f, true)
          if (status !== 200) throw new Error(`${f.url}: ${status}`)
          return performance.now() - started
        }),
      ),
    )
  }
  limits.push(limitOf(times))
  res.writeHead(200, { 'content-type': 'application/json' }).end(answer)
}

/**
 * The CPU-bound limit of a recorded request from what each of its fetches takes alone: parts sent
 * in parallel on two cores wait for each other, so their times as replayed count that wait twice
 * in `sum / 2`. Each fetch is sent on its own, `rounds` times, and its median time counts.
 */
async function isolatedLimit(id: string, rounds: number): Promise<{ limit: number; parts: number[][] }> {
  const plan = stagesOf.get(id)
  if (!plan) throw new Error(`nothing recorded for ${id}`)
  const times = plan.map((stage) => stage.map((): number[] => []))
  for (let round = 0; round < rounds; round++)
    for (const [s, stage] of plan.entries())
      for (const [f, fetch] of stage.entries()) {
        const started = performance.now()
        const { status } = await send(fetch, true)
        if (status !== 200) throw new Error(`${fetch.url}: ${status}`)
        times[s][f].push(performance.now() - started)
      }
  const parts = times.map((stage) =>
    stage.map((samples) => samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]),
  )
  return { limit: limitOf(parts), parts }
}

/** Every header of a target's answer the gateway reads (schema hash, data version, access log reference). */
function headersOf(answered: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(answered))
    if (!SKIP.has(name) && name !== 'content-encoding' && typeof value === 'string') headers[name] = value
  return headers
}

async function forward(res: ServerResponse, url: string) {
  const { statusCode, headers, body } = await request(url, { dispatcher: agent })
  res.writeHead(statusCode, headersOf(headers)).end(await body.text())
}

function reply(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/plain' }).end(body)
}

const server = createServer((req, res) => {
  const path = req.url ?? '/'
  const handle = async () => {
    if (req.method === 'GET' && path === '/recorders')
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(recorders))
    if (req.method === 'POST' && path === '/answer') {
      const { requestId, body } = JSON.parse(await readBody(req)) as { requestId: string; body: string }
      const fetches = recorded.get(requestId)
      if (!fetches) return reply(res, 404, `no fetches recorded for ${requestId}`)
      stagesOf.set(requestId, stages(fetches))
      answers.set(requestId, body)
      return res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ fetches: fetches.length, stages: stagesOf.get(requestId)!.length }))
    }
    if (req.method === 'GET' && path === '/limits') {
      const out = limits
      limits = []
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out))
    }
    if (req.method === 'POST' && path === '/limit') {
      const { requestId, rounds } = JSON.parse(await readBody(req)) as { requestId: string; rounds: number }
      const out = await isolatedLimit(requestId, rounds)
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out))
    }
    if (req.method === 'POST' && path === '/') return replay(req, res)
    return reply(res, 404, 'not found')
  }
  handle().catch((err: Error) => reply(res, 502, err.message))
})
server.keepAliveTimeout = 60_000
const recorders: Record<string, string> = {}
for (const target of Object.keys(targets)) {
  const recorder = createServer((req, res) => {
    record(req, res, target).catch((err: Error) => reply(res, 502, err.message))
  })
  recorder.keepAliveTimeout = 60_000
  await new Promise<void>((listening) => recorder.listen(0, '127.0.0.1', listening))
  recorders[target] =
    `http://127.0.0.1:${(recorder.address() as { port: number }).port}${new URL(targets[target]).pathname}`
}
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address()
  console.log(`ready ${typeof address === 'object' && address ? address.port : ''}`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
