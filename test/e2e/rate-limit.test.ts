import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../gateway/gateway'
import type { RateLimitOptions } from '../../gateway/rate-limit'
import { serve, type Listening } from '../../shared/http/serve'
import { SCHEMA_DIR } from '../../scripts/supergraph'
import {
  identities,
  startTestStack,
  TEST_REDIS_URL,
  testAuthFor,
  tokenFor,
  WITH_REDIS,
  type TestStack,
} from '../harness/stack'

const REDIS_URL = TEST_REDIS_URL

const NAMEN = 'query Namen { gemeenten { code } }'

async function post(url: string, query: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  })
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: JSON.parse(await response.text()),
  }
}

const ok = expect.objectContaining({ status: 200, retryAfter: null })
const TE_VEEL = {
  status: 429,
  retryAfter: '1',
  body: {
    errors: [
      {
        message: 'Te veel verzoeken: probeer het over 1 seconde opnieuw.',
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 },
      },
    ],
  },
}
const wachtOpHetVenster = () => new Promise((resolve) => setTimeout(resolve, 1_100))

describe('the rate limit at the gateway, in memory', () => {
  let stack: TestStack
  beforeAll(async () => {
    stack = await startTestStack('rate_limit', {
      gemeenten: ['0153'],
      inwoners: 5,
      rateLimit: { signedIn: 3, anonymous: 2, windowSeconds: 1 },
    })
  })
  afterAll(() => stack?.stop())

  it('answers 429 with Retry-After once a caller has spent its budget, and again after the window', async () => {
    await wachtOpHetVenster()
    expect(await post(stack.gatewayUrl, NAMEN)).toEqual(ok)
    expect(await post(stack.gatewayUrl, NAMEN)).toEqual(ok)
    expect(await post(stack.gatewayUrl, NAMEN)).toEqual(TE_VEEL)
    // Refused before parsing: a broken query gets the same answer, not a syntax error.
    expect(await post(stack.gatewayUrl, '{ gemeenten {')).toEqual(TE_VEEL)

    await wachtOpHetVenster()
    expect(await post(stack.gatewayUrl, NAMEN)).toEqual(ok)
  })

  it('gives signed-in callers their own budget, larger than the anonymous one, per subject', async () => {
    await wachtOpHetVenster()
    const [eerste, tweede] = await Promise.all([
      tokenFor(identities.medewerker('0153')),
      tokenFor(identities.aanbieder('99990009')),
    ])
    expect(await post(stack.gatewayUrl, NAMEN)).toEqual(ok)
    expect(await post(stack.gatewayUrl, NAMEN)).toEqual(ok)
    expect(await post(stack.gatewayUrl, NAMEN)).toEqual(TE_VEEL)
    // Same address, but signed in: three each.
    for (let i = 0; i < 3; i++) expect(await post(stack.gatewayUrl, NAMEN, eerste)).toEqual(ok)
    expect(await post(stack.gatewayUrl, NAMEN, eerste)).toEqual(TE_VEEL)
    expect(await post(stack.gatewayUrl, NAMEN, tweede)).toEqual(ok)
  })

  it('counts tokens that do not verify against the address, so that forging them is not free', async () => {
    await wachtOpHetVenster()
    const vals = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXVy'
    for (let i = 0; i < 2; i++) expect((await post(stack.gatewayUrl, NAMEN, vals)).status).toBe(401)
    expect(await post(stack.gatewayUrl, NAMEN, vals)).toEqual(TE_VEEL)
    expect(await post(stack.gatewayUrl, NAMEN)).toEqual(TE_VEEL)
  })
})

describe.skipIf(!WITH_REDIS)('the rate limit at the gateway, in Redis', () => {
  const rateLimit: RateLimitOptions = {
    signedIn: 4,
    anonymous: 2,
    windowSeconds: 60,
    redisUrl: REDIS_URL,
    keyPrefix: `test-${randomUUID()}`,
  }
  let stack: TestStack
  let replica: { stop: () => Promise<void> }
  let replicaHttp: Listening
  beforeAll(async () => {
    stack = await startTestStack('rate_limit_redis', { gemeenten: ['0153'], inwoners: 5, rateLimit })
    // A second gateway replica in front of the same services, counting in the same Redis.
    replica = await createGateway({
      supergraphSdl: readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8'),
      gemeenteSdl: readFileSync(join(SCHEMA_DIR, 'gemeente.graphql'), 'utf8'),
      catalogusUrl: stack.catalogus.url,
      aanbiedersUrl: stack.aanbieders.url,
      gemeenteUrls: { '0153': stack.gemeente('0153').url },
      auth: testAuthFor('regio'),
      rateLimit,
      log: () => {},
    }).then(async (gateway) => {
      replicaHttp = await serve(gateway.server, { port: 0, context: gateway.context, routes: gateway.routes })
      return gateway
    })
  })
  afterAll(async () => {
    await replicaHttp?.stop()
    await replica?.stop()
    await stack?.stop()
  })

  it('shares one budget per caller between two gateway replicas', async () => {
    const token = await tokenFor(identities.medewerker('0153'))
    expect(await post(stack.gatewayUrl, NAMEN, token)).toEqual(ok)
    expect(await post(replicaHttp.url, NAMEN, token)).toEqual(ok)
    expect(await post(stack.gatewayUrl, NAMEN, token)).toEqual(ok)
    expect(await post(replicaHttp.url, NAMEN, token)).toEqual(ok)
    const refused = await post(replicaHttp.url, NAMEN, token)
    expect(refused).toMatchObject({
      status: 429,
      body: { errors: [{ extensions: { code: 'RATE_LIMITED' } }] },
    })
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1)
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60)
    expect((await post(stack.gatewayUrl, NAMEN, token)).status).toBe(429)
  })
})
