import { HeaderMap } from '@apollo/server'
import { Redis } from 'ioredis'
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible'
import type { Identity } from '../shared/auth/identity'
import { createLogger } from '../shared/log'
import { DomainError, ErrorCode } from '../shared/errors'

/** How many requests one caller may make at the gateway. */
export interface RateLimitOptions {
  /** Requests per window for a signed-in caller, counted per token subject. */
  signedIn: number
  /** Requests per window for callers without a token, counted per client address. */
  anonymous: number
  /** The window in whole seconds; 60 by default. */
  windowSeconds?: number
  /** Redis for counters that several gateway replicas share; in this process's memory without it. */
  redisUrl?: string
  /** Prefix of the Redis keys, so that two deployments on one Redis keep apart budgets. */
  keyPrefix?: string
  log?: (line: string) => void
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { signedIn: 600, anonymous: 120, windowSeconds: 60 }

/** The refusal of a caller over its budget: HTTP 429 and when to try again. */
export function rateLimited(retryAfterSeconds: number) {
  return new DomainError(
    ErrorCode.RATE_LIMITED,
    `Te veel verzoeken: probeer het over ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'seconde' : 'seconden'} opnieuw.`,
    {
      retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  )
}

/**
 * Who a caller is for the budget. The subject is unique per issuer, and the trust list lets
 * only one issuer assert a role for a gemeente or provider, so role plus organisation stands for
 * the issuer. Without a token, the client address: behind a proxy that is the proxy's, which
 * is why forwarded headers (easily forged) are not used and anonymous budgets are per host.
 */
export function callerKey(identity: Identity | null, address: string | undefined): string {
  if (!identity) return `adres:${network(address)}`
  const organisation = identity.gemeente ?? identity.agbCode ?? ''
  return `${identity.rol}:${organisation}:${identity.sub}`
}

/**
 * The address an anonymous caller is counted by. One IPv6 subscriber holds a whole /64 and can
 * change address within it at will, so an IPv6 caller is its /64; IPv4 (also as ::ffff:a.b.c.d)
 * is the address itself.
 */
export function network(address: string | undefined): string {
  if (!address) return 'onbekend'
  if (!address.includes(':') || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return address
  const [head, tail = ''] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

/** Counts requests per caller, in memory or in Redis, and refuses those over their budget. */
export class CallerRateLimiter {
  private constructor(
    private readonly signedIn: RateLimiterAbstract,
    private readonly anonymous: RateLimiterAbstract,
    private readonly redis: Redis | null,
  ) {}

  static async create(options: RateLimitOptions): Promise<CallerRateLimiter> {
    const duration = options.windowSeconds ?? 60
    const prefix = options.keyPrefix ?? 'twents-gateway'
    const memory = (points: number, name: string) =>
      new RateLimiterMemory({ points, duration, keyPrefix: `${prefix}:${name}` })
    if (!options.redisUrl) {
      return new CallerRateLimiter(
        memory(options.signedIn, 'aangemeld'),
        memory(options.anonymous, 'anoniem'),
        null,
      )
    }
    const log = options.log ?? ((line: string) => createLogger('gateway').warn(line))
    // No offline queue: while Redis is unreachable a count fails at once and the in-memory
    // insurance limiter answers, so a Redis outage neither blocks requests nor lifts the limit.
    const redis = new Redis(options.redisUrl, {
      enableOfflineQueue: false,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    })
    redis.on('error', (err) => log(`Redis for rate limits: ${err.message}`))
    await redis
      .connect()
      .catch((err) => log(`Redis for rate limits not reachable, counting in memory: ${err.message}`))
    const shared = (points: number, name: string) =>
      new RateLimiterRedis({
        storeClient: redis,
        points,
        duration,
        keyPrefix: `${prefix}:${name}`,
        insuranceLimiter: memory(points, name),
      })
    return new CallerRateLimiter(
      shared(options.signedIn, 'aangemeld'),
      shared(options.anonymous, 'anoniem'),
      redis,
    )
  }

  /** Counts one request of this caller; throws RATE_LIMITED (HTTP 429) once its budget is spent. */
  async consume(identity: Identity | null, address: string | undefined): Promise<void> {
    const limiter = identity ? this.signedIn : this.anonymous
    try {
      await limiter.consume(callerKey(identity, address))
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes)
        throw rateLimited(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)))
      throw refusal
    }
  }

  async close(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect())
  }
}
