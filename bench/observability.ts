// Measures what metrics and tracing cost the gateway's throughput: the README's ActievePlannen,
// sent by a few concurrent clients, with the metrics' request-path work bypassed, with metrics,
// and with metrics and tracing (every request sampled, OTLP http/protobuf to a stand-in collector
// on this machine, batched as in production). One run, the rounds interleaved so that all see
// the same machine. Then what one scrape of /metrics costs. Prints figures; asserts nothing.
//   npm run bench:observability   (BENCH_REQUESTS=300 BENCH_CONCURRENCY=4 BENCH_ROUNDS=3)
import 'reflect-metadata'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { signWithRing } from '../shared/auth/identity'
import { generateKeyRing } from '../shared/auth/keys'
import { ServiceMetrics } from '../shared/observability/metrics'
import { startTracing, stopTracing } from '../shared/observability/tracing'
import { GatewayMetrics } from '../gateway/metrics'
import { EXAMPLE_QUERIES } from '../scripts/example-queries'
import { startStack } from '../scripts/stack'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

const query = EXAMPLE_QUERIES('').find((e) => e.query.includes('query ActievePlannen'))!.query
const keys = await generateKeyRing()

// Metrics have no switch: for the rounds without them, the request-path work (the Apollo plugin
// of every service and the gateway's per-fetch timing) is bypassed behind this flag. What is
// left is a flag check per hook, and the process metrics, which cost nothing per request.
let metricsOn = true
const plugin = ServiceMetrics.prototype.plugin
ServiceMetrics.prototype.plugin = function (this: ServiceMetrics) {
  const real = plugin.call(this)
  return {
    contextCreationDidFail: async (args) => (metricsOn ? real.contextCreationDidFail!(args) : undefined),
    requestDidStart: async (context) => (metricsOn ? real.requestDidStart!(context) : undefined),
  }
}
const fetchTimed = GatewayMetrics.prototype.fetch
GatewayMetrics.prototype.fetch = function (this: GatewayMetrics, target, operationName, send) {
  return metricsOn ? fetchTimed.call(this, target, operationName, send) : send()
}

// A stand-in OTLP collector: reads each export and answers 200, as a collector would.
let exported = 0
const collector = createServer((req, res) => {
  req.on('data', (chunk: Buffer) => (exported += chunk.length))
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end())
})
await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve))
process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`
process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf'

const build = () =>
  startStack({
    gemeenten: ['0153'],
    database: { kind: 'sqlite', dir: ':memory:' },
    seed: { inwoners: 150 },
    keys,
    limits: false,
    rateLimit: false,
  })
// One stack built without tracing (as a process without OTEL_EXPORTER_OTLP_ENDPOINT runs), one
// with it: schemas and databases are instrumented when they are built.
const plain = await build()
await startTracing()
const traced = await build()
await stopTracing()

const token = await signWithRing(
  { sub: 'bench', naam: 'Bench', rol: 'TOEGANGSMEDEWERKER', gemeente: '0153' },
  keys,
  plain.auth,
)

async function send(url: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  })
  const body = (await response.json()) as { errors?: unknown[] }
  if (!response.ok || body.errors) throw new Error(`${response.status}: ${JSON.stringify(body.errors)}`)
}

/** `count` requests by CONCURRENCY clients, each sending its next one when the last is answered. */
async function load(url: string, count: number) {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) await send(url)
    }),
  )
  return performance.now() - started
}

const variants = [
  { name: 'metrics off, tracing off', url: plain.gatewayUrl, metrics: false, tracing: false },
  { name: 'metrics on, tracing off', url: plain.gatewayUrl, metrics: true, tracing: false },
  { name: 'metrics on, tracing on (OTLP)', url: traced.gatewayUrl, metrics: true, tracing: true },
].map((v) => ({ ...v, ms: 0, sent: 0 }))

async function round(variant: (typeof variants)[number], count: number) {
  metricsOn = variant.metrics
  if (variant.tracing) await startTracing()
  const ms = await load(variant.url, count)
  // The batch of spans still queued is sent after the clock stops, as in a running service it
  // goes out in the background.
  if (variant.tracing) await stopTracing()
  return ms
}

console.log(
  `gateway throughput with and without metrics and tracing: README ActievePlannen (gemeente 0153, registry, catalogue),` +
    ` ${ROUNDS} rounds x ${REQUESTS} requests, ${CONCURRENCY} concurrent clients, in-memory SQLite, limits off\n`,
)
for (const v of variants) await round(v, 50) // warm-up: plans cached, JIT warm
for (let r = 0; r < ROUNDS; r++) {
  for (const v of r % 2 ? [...variants].reverse() : variants) {
    v.ms += await round(v, REQUESTS)
    v.sent += REQUESTS
  }
}
const baseline = variants[0].sent / (variants[0].ms / 1000)
for (const v of variants) {
  const perSecond = v.sent / (v.ms / 1000)
  console.log(
    `${v.name.padEnd(32)} ${perSecond.toFixed(1).padStart(7)} requests/s   ${(v.ms / v.sent).toFixed(2)} ms per request   ratio to off ${(perSecond / baseline).toFixed(3)}`,
  )
}
console.log(`(${(exported / 1024).toFixed(0)} KiB of spans exported with OTLP)`)

// One scrape, as Prometheus makes it every 15 s or so.
async function scrapeMs(url: string, times = 50) {
  const started = performance.now()
  let bytes = 0
  for (let i = 0; i < times; i++) bytes = (await (await fetch(new URL('/metrics', url))).text()).length
  return { ms: (performance.now() - started) / times, bytes }
}
const gatewayScrape = await scrapeMs(plain.gatewayUrl)
const instanceScrape = await scrapeMs(plain.gemeente('0153').url)
console.log(
  `\none scrape of /metrics: gateway ${gatewayScrape.ms.toFixed(2)} ms (${(gatewayScrape.bytes / 1024).toFixed(0)} KiB),` +
    ` gemeente instance ${instanceScrape.ms.toFixed(2)} ms (${(instanceScrape.bytes / 1024).toFixed(0)} KiB, with the outbox read from its database)`,
)

// The request-path work alone, without the network and the rest of the request, which drown it above.
const microseconds = async (times: number, work: () => Promise<unknown>) => {
  for (let i = 0; i < 1_000; i++) await work()
  const started = performance.now()
  for (let i = 0; i < times; i++) await work()
  return ((performance.now() - started) * 1000) / times
}
metricsOn = true
const hooks = plugin.call(new ServiceMetrics({ service: 'bench' }))
const answered = {
  operation: { operation: 'query' },
  operationName: 'ActievePlannen',
  response: { body: { kind: 'single', singleResult: { data: {} } } },
} as never
const perRequest = await microseconds(50_000, async () => {
  const listener = await hooks.requestDidStart!({} as never)
  await listener!.willSendResponse!(answered)
})
const fetchMetrics = new GatewayMetrics(new ServiceMetrics({ service: 'bench' }).registry, traced.registry)
const perFetch = await microseconds(50_000, () =>
  fetchMetrics.fetch({ subgraph: 'gemeente', gemeente: '0153' }, 'ActievePlannen__gemeente__0', async () => ({
    data: {},
  })),
)
console.log(
  `measured alone: ${perRequest.toFixed(1)} µs per GraphQL request at each service (count, time, errors), ${perFetch.toFixed(1)} µs per subgraph fetch at the gateway`,
)

await plain.stop()
await traced.stop()
collector.close()
