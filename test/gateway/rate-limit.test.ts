import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { GraphQLError } from 'graphql'
import { CallerRateLimiter, callerKey, type RateLimitOptions } from '../../gateway/rate-limit'
import { identities, TEST_REDIS_URL, WITH_REDIS } from '../harness/stack'

/** The Redis that the machine runs (CI and developers alike); tests use their own key prefix. */
const REDIS_URL = TEST_REDIS_URL

const open: CallerRateLimiter[] = []
async function limiter(options: RateLimitOptions) {
  const made = await CallerRateLimiter.create({ log: () => {}, ...options })
  open.push(made)
  return made
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()))
})

/** What a refusal carries to the client, or 'toegelaten' when the request may go on. */
async function outcome(attempt: Promise<void>) {
  try {
    await attempt
    return 'toegelaten'
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err
    const { http, ...extensions } = err.extensions as {
      http: { status: number; headers: Map<string, string> }
    }
    return {
      message: err.message,
      extensions,
      status: http.status,
      headers: Object.fromEntries(http.headers),
    }
  }
}

const medewerker = identities.medewerker('0153')

describe('the rate limit per caller, in memory', () => {
  it('refuses a signed-in caller over its budget with 429 and Retry-After, and lets it in again after the window', async () => {
    const limits = await limiter({ signedIn: 3, anonymous: 1, windowSeconds: 1 })
    for (let i = 0; i < 3; i++)
      expect(await outcome(limits.consume(medewerker, '10.0.0.1'))).toBe('toegelaten')

    expect(await outcome(limits.consume(medewerker, '10.0.0.1'))).toEqual({
      message: 'Te veel verzoeken: probeer het over 1 seconde opnieuw.',
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 },
      status: 429,
      headers: { 'retry-after': '1' },
    })

    await new Promise((resolve) => setTimeout(resolve, 1_100))
    expect(await outcome(limits.consume(medewerker, '10.0.0.1'))).toBe('toegelaten')
  })

  it('keeps separate budgets for anonymous callers, per address, and for each signed-in caller', async () => {
    const limits = await limiter({ signedIn: 2, anonymous: 1, windowSeconds: 60 })
    expect(await outcome(limits.consume(null, '10.0.0.1'))).toBe('toegelaten')
    expect(await outcome(limits.consume(null, '10.0.0.1'))).toMatchObject({ status: 429 })

    // Another address, and a signed-in caller from the spent address, still have their budget.
    expect(await outcome(limits.consume(null, '10.0.0.2'))).toBe('toegelaten')
    expect(await outcome(limits.consume(medewerker, '10.0.0.1'))).toBe('toegelaten')
    expect(await outcome(limits.consume(medewerker, '10.0.0.1'))).toBe('toegelaten')
    expect(await outcome(limits.consume(medewerker, '10.0.0.1'))).toMatchObject({ status: 429 })
    expect(await outcome(limits.consume(identities.medewerker('0147'), '10.0.0.1'))).toBe('toegelaten')
  })

  it('counts a caller by subject and organisation, and an anonymous one by address', () => {
    expect(callerKey(medewerker, '10.0.0.1')).toBe('TOEGANGSMEDEWERKER:0153:test-0153')
    expect(callerKey(identities.aanbieder('99990009'), '10.0.0.1')).toBe('AANBIEDER:99990009:test-99990009')
    expect(callerKey(null, '::ffff:10.0.0.1')).toBe('adres:::ffff:10.0.0.1')
  })

  it('counts an anonymous IPv6 caller by its /64, which one subscriber holds whole', () => {
    expect(callerKey(null, '2001:db8:1:2:aaaa::1')).toBe('adres:2001:db8:1:2::/64')
    expect(callerKey(null, '2001:0db8:0001:0002:ffff:1:2:3')).toBe('adres:2001:db8:1:2::/64')
    expect(callerKey(null, '2001:db8::1')).toBe('adres:2001:db8:0:0::/64')
    expect(callerKey(null, '::1')).toBe('adres:0:0:0:0::/64')
    expect(callerKey(null, '10.0.0.1')).toBe('adres:10.0.0.1')
  })

  it('still limits, in memory, when Redis cannot be reached', async () => {
    const limits = await limiter({
      signedIn: 1,
      anonymous: 1,
      windowSeconds: 60,
      redisUrl: 'redis://127.0.0.1:1',
    })
    expect(await outcome(limits.consume(null, '10.0.0.1'))).toBe('toegelaten')
    expect(await outcome(limits.consume(null, '10.0.0.1'))).toMatchObject({ status: 429 })
  })
})

describe.skipIf(!WITH_REDIS)('the rate limit per caller, in Redis', () => {
  it('shares one budget between two gateway replicas', async () => {
    const options = {
      signedIn: 3,
      anonymous: 1,
      windowSeconds: 60,
      redisUrl: REDIS_URL,
      keyPrefix: `test-${randomUUID()}`,
    }
    const [eerste, tweede] = [await limiter(options), await limiter(options)]

    expect(await outcome(eerste.consume(medewerker, '10.0.0.1'))).toBe('toegelaten')
    expect(await outcome(tweede.consume(medewerker, '10.0.0.1'))).toBe('toegelaten')
    expect(await outcome(eerste.consume(medewerker, '10.0.0.1'))).toBe('toegelaten')
    expect(await outcome(tweede.consume(medewerker, '10.0.0.1'))).toMatchObject({
      status: 429,
      extensions: { code: 'RATE_LIMITED' },
    })
    expect(await outcome(eerste.consume(medewerker, '10.0.0.1'))).toMatchObject({ status: 429 })

    // A separate store of its own would have let this through: the count really is shared.
    const alleen = await limiter({ ...options, redisUrl: undefined })
    expect(await outcome(alleen.consume(medewerker, '10.0.0.1'))).toBe('toegelaten')
  })

  it('recovers after the window in Redis too', async () => {
    const options = {
      signedIn: 1,
      anonymous: 1,
      windowSeconds: 1,
      redisUrl: REDIS_URL,
      keyPrefix: `test-${randomUUID()}`,
    }
    const limits = await limiter(options)
    expect(await outcome(limits.consume(null, '10.0.0.1'))).toBe('toegelaten')
    expect(await outcome(limits.consume(null, '10.0.0.1'))).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1' },
    })
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    expect(await outcome(limits.consume(null, '10.0.0.1'))).toBe('toegelaten')
  })
})
