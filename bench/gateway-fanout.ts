// Measures the gateway's routing over fourteen gemeente instances, in one process on this
// machine: latency per query kind (sequential and with concurrent clients), throughput, and
// memory. Prints figures; asserts nothing. Bounded: a fixed number of requests per scenario.
//   npm run bench            (BENCH_REQUESTS=300 BENCH_CONCURRENCY=8 to change the load)
import 'reflect-metadata'
import { performance } from 'node:perf_hooks'
import { signWithRing } from '../shared/auth/identity'
import { generateKeyRing } from '../shared/auth/keys'
import { GEMEENTE_CODES } from '../shared/gemeenten'
import { Toewijzing } from '../subgraphs/gemeente/toewijzing/toewijzing.entity'
import { startStack } from '../scripts/stack'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const keys = await generateKeyRing()

const stack = await startStack({
  database: { kind: 'sqlite', dir: ':memory:' },
  seed: { inwoners: 150 },
  keys,
})
const counts = new Map<string, number>()
for (const code of GEMEENTE_CODES) {
  for (const t of await stack.gemeente(code).db.getRepository(Toewijzing).find()) {
    counts.set(t.aanbiederAgbCode, (counts.get(t.aanbiederAgbCode) ?? 0) + 1)
  }
}
const [agb] = [...counts].sort((a, b) => b[1] - a[1])[0]
const tokens = {
  medewerker: await signWithRing(
    { sub: 'b', naam: 'Bench', rol: 'TOEGANGSMEDEWERKER', gemeente: '0153' },
    keys,
    stack.auth,
  ),
  aanbieder: await signWithRing(
    { sub: 'b', naam: 'Bench', rol: 'AANBIEDER', agbCode: agb },
    keys,
    stack.auth,
  ),
}

const scenarios = [
  {
    name: 'regional view: catalogue + 14 gemeenten (_entities split 14 ways)',
    token: undefined,
    query: 'query Regio { gemeenten { code naam ondersteuningsbehoeften { code bron } } }',
  },
  {
    name: `provider portal: fan-out to 14 gemeenten, ${counts.get(agb)} allocations concatenated`,
    token: tokens.aanbieder,
    query: `query Portaal { aanbieder(agbCode: "${agb}") { naam toewijzingen { gemeente { naam } toewijzingNummer inwoner { voornamen } } } }`,
  },
  {
    name: 'one gemeente: 20 plans, deep, with providers from the registry',
    token: tokens.medewerker,
    query: `query Plannen { plannen(gemeenteCode: "0153", eerste: 20) { edges { node { huishouden { naam } behoeften { naam resultaten { omschrijving } } toewijzingen { aanbieder { naam } modules { naam } } } } } }`,
  },
]

async function send(s: (typeof scenarios)[number]) {
  const started = performance.now()
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(s.token ? { authorization: `Bearer ${s.token}` } : {}),
    },
    body: JSON.stringify({ query: s.query }),
  })
  const body = (await response.json()) as { errors?: unknown[] }
  if (body.errors) throw new Error(`${s.name}: ${JSON.stringify(body.errors)}`)
  return performance.now() - started
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
const fmt = (ms: number) => `${ms.toFixed(1)} ms`

console.log(
  `gateway benchmark: ${REQUESTS} requests per scenario, in-memory SQLite, 14 gemeenten x 150 residents\n`,
)
for (const s of scenarios) {
  for (let i = 0; i < 20; i++) await send(s) // warm-up: plans cached, loaders and JIT warm
  const sequential: number[] = []
  for (let i = 0; i < REQUESTS; i++) sequential.push(await send(s))
  sequential.sort((a, b) => a - b)
  const concurrent: number[] = []
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++
        concurrent.push(await send(s))
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  concurrent.sort((a, b) => a - b)
  console.log(s.name)
  console.log(
    `  sequential:     p50 ${fmt(pct(sequential, 50))}  p95 ${fmt(pct(sequential, 95))}  p99 ${fmt(pct(sequential, 99))}`,
  )
  console.log(
    `  ${CONCURRENCY} concurrent:   p50 ${fmt(pct(concurrent, 50))}  p95 ${fmt(pct(concurrent, 95))}  throughput ${(REQUESTS / seconds).toFixed(0)} req/s`,
  )
}
const memory = process.memoryUsage()
console.log(
  `\nmemory of the whole stack (gateway + 16 subgraph instances in this process): rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
)
await stack.stop()
