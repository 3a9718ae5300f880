// Measures what the operation limits and the rate limit cost the gateway's throughput: the
// README's ActievePlannen, sent by a few concurrent clients to a stack with both off and to stacks
// with both on (rate limit counted in memory, and in Redis when it answers). One run, the rounds
// interleaved so that both see the same machine. Prints figures; asserts nothing.
//   npm run bench:limits    (BENCH_REQUESTS=400 BENCH_CONCURRENCY=4 BENCH_ROUNDS=3 to change the load)
import 'reflect-metadata'
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { readFileSync } from 'node:fs'
import { Supergraph } from '@apollo/federation-internals'
import { parse } from 'graphql'
import { Redis } from 'ioredis'
import { CallerRateLimiter, type RateLimitOptions } from '../gateway/rate-limit'
import { checkOperation, countTokens, DEFAULT_LIMITS } from '../shared/graphql/limits'
import { signWithRing } from '../shared/auth/identity'
import { generateKeyRing } from '../shared/auth/keys'
import { EXAMPLE_QUERIES } from '../scripts/example-queries'
import { startStack, type StackOptions } from '../scripts/stack'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

const query = EXAMPLE_QUERIES('').find((e) => e.query.includes('query ActievePlannen'))!.query
const keys = await generateKeyRing()

/** Every request is counted, none is refused: the budget only measures the counting. */
const unrefused = (store: Partial<RateLimitOptions>): RateLimitOptions => ({
  signedIn: 1e9,
  anonymous: 1e9,
  windowSeconds: 60,
  keyPrefix: `bench-${randomUUID()}`,
  ...store,
})

async function redisAnswers() {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  try {
    await redis.connect()
    return (await redis.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    redis.disconnect()
  }
}

const variants: { name: string; options: Pick<StackOptions, 'limits' | 'rateLimit'> }[] = [
  { name: 'limits off', options: { limits: false, rateLimit: false } },
  { name: 'limits on, rate limit in memory', options: { rateLimit: unrefused({}) } },
]
if (await redisAnswers())
  variants.push({
    name: 'limits on, rate limit in Redis',
    options: { rateLimit: unrefused({ redisUrl: REDIS_URL }) },
  })
else console.log(`(Redis at ${REDIS_URL} does not answer: measuring without it)\n`)

const stacks = []
for (const variant of variants) {
  const stack = await startStack({
    gemeenten: ['0153'],
    database: { kind: 'sqlite', dir: ':memory:' },
    seed: { inwoners: 150 },
    keys,
    ...variant.options,
  })
  const token = await signWithRing(
    { sub: 'bench', naam: 'Bench', rol: 'TOEGANGSMEDEWERKER', gemeente: '0153' },
    keys,
    stack.auth,
  )
  stacks.push({ ...variant, stack, token, ms: 0, sent: 0 })
}

async function send(url: string, token: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  })
  const body = (await response.json()) as { errors?: unknown[] }
  if (!response.ok || body.errors) throw new Error(`${response.status}: ${JSON.stringify(body.errors)}`)
}

/** `count` requests by CONCURRENCY clients, each sending its next one when the last is answered. */
async function load(url: string, token: string, count: number) {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) await send(url, token)
    }),
  )
  return performance.now() - started
}

console.log(
  `gateway throughput with and without limits: README ActievePlannen (5 plans, gemeente 0153, registry, catalogue),` +
    ` ${ROUNDS} rounds x ${REQUESTS} requests, ${CONCURRENCY} concurrent clients, in-memory SQLite\n`,
)
for (const s of stacks) await load(s.stack.gatewayUrl, s.token, 50) // warm-up: plans cached, JIT warm
for (let round = 0; round < ROUNDS; round++) {
  for (const s of round % 2 ? [...stacks].reverse() : stacks) {
    s.ms += await load(s.stack.gatewayUrl, s.token, REQUESTS)
    s.sent += REQUESTS
  }
}

const baseline = stacks[0].sent / (stacks[0].ms / 1000)
for (const s of stacks) {
  const perSecond = s.sent / (s.ms / 1000)
  console.log(
    `${s.name.padEnd(34)} ${perSecond.toFixed(1).padStart(7)} requests/s   ${(s.ms / s.sent).toFixed(2)} ms per request   ratio to off ${(perSecond / baseline).toFixed(3)}`,
  )
}
for (const s of stacks) await s.stack.stop()

// The same work without the network and the rest of the request, which drown it above.
const schema = Supergraph.build(readFileSync('gateway/schema/supergraph.graphql', 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema()
const document = parse(query)
const limiter = await CallerRateLimiter.create(unrefused({}))
const identity = { sub: 'bench', naam: 'Bench', rol: 'TOEGANGSMEDEWERKER' as const, gemeente: '0153' }
const microseconds = async (times: number, work: () => unknown) => {
  for (let i = 0; i < 200; i++) await work()
  const started = performance.now()
  for (let i = 0; i < times; i++) await work()
  return ((performance.now() - started) * 1000) / times
}
const checks = await microseconds(5_000, () => {
  countTokens(query, DEFAULT_LIMITS.maxTokens)
  return checkOperation(schema, document, DEFAULT_LIMITS)
})
const counting = await microseconds(20_000, () => limiter.consume(identity, '127.0.0.1'))
await limiter.close()
console.log(
  `\nmeasured alone: limit checks ${checks.toFixed(1)} µs per operation seen for the first time or with variables (tokens, depth, aliases, directives, cost; a repeat without variables reuses the verdict),` +
    ` rate limit in memory ${counting.toFixed(1)} µs per request`,
)
