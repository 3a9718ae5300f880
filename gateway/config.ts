import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { authConfigSchema, type AuthSettings } from '../shared/auth/identity'
import { limitsConfigFrom, limitsConfigSchema, parseConfig, port } from '../shared/config'
import { pairList } from '../shared/pair-list'
import { isGemeenteCode } from '../shared/gemeenten'
import { DEFAULT_RATE_LIMIT } from './rate-limit'
import { DEFAULT_ENTITY_CACHE } from './sharing/entity-cache'
import { DEFAULT_READINESS_INTERVAL_MS } from './registry'
import { MAX_BODY_BYTES } from '../shared/http/serve'
import { DEFAULT_CIRCUIT } from './routing/circuit-breaker'

/** `0153=http://host:4153/,0141=http://...`: where each gemeente hosts its subgraph. */
const gemeenteUrls = pairList(
  '<CBS code>=<url> for a Twentse gemeente',
  (code, url) => isGemeenteCode(code) && z.url().safeParse(url).success,
)

const schema = z
  .object({
    PORT: port(4000),
    HOST: z.string().default('127.0.0.1'),
    CATALOGUS_URL: z.url().default('http://127.0.0.1:4001/'),
    AANBIEDERS_URL: z.url().default('http://127.0.0.1:4002/'),
    GEMEENTE_URLS: gemeenteUrls,
    SUPERGRAPH_PATH: z.string().default('gateway/schema/supergraph.graphql'),
    GEMEENTE_SDL_PATH: z.string().default('gateway/schema/gemeente.graphql'),
    FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(MAX_BODY_BYTES.gateway),
    CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().min(1).default(DEFAULT_CIRCUIT.failureThreshold),
    CIRCUIT_RESET_MS: z.coerce.number().int().min(100).default(DEFAULT_CIRCUIT.resetMs),
    SCHEMA_CHECK_INTERVAL_MS: z.coerce.number().int().min(0).default(30000),
    READINESS_INTERVAL_MS: z.coerce.number().int().min(100).default(DEFAULT_READINESS_INTERVAL_MS),
    ...authConfigSchema,
    ...limitsConfigSchema,
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMIT.signedIn),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMIT.anonymous),
    /** redis://host:6379/0: counters and cached regional entities that every gateway replica shares. */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    ENTITY_CACHE_TTL_MS: z.coerce.number().int().min(0).default(DEFAULT_ENTITY_CACHE.ttlMs),
    ENTITY_CACHE_VERSION_POLL_MS: z.coerce
      .number()
      .int()
      .min(100)
      .default(DEFAULT_ENTITY_CACHE.versionPollMs),
  })
  .refine((c) => c.RATE_LIMIT_ANONYMOUS_PER_MINUTE <= c.RATE_LIMIT_PER_MINUTE, {
    path: ['RATE_LIMIT_ANONYMOUS_PER_MINUTE'],
    message: 'anonymous callers get at most the budget of signed-in callers',
  })
  // A late answer to a fetch sent before the circuit opened must not decide the half-open probe.
  .refine((c) => c.CIRCUIT_RESET_MS > c.FETCH_TIMEOUT_MS, {
    path: ['CIRCUIT_RESET_MS'],
    message: 'must be longer than FETCH_TIMEOUT_MS',
  })

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const c = parseConfig(schema, env)
  return {
    port: c.PORT,
    host: c.HOST,
    maxBodyBytes: c.MAX_BODY_BYTES,
    gateway: {
      supergraphSdl: readFileSync(c.SUPERGRAPH_PATH, 'utf8'),
      gemeenteSdl: readFileSync(c.GEMEENTE_SDL_PATH, 'utf8'),
      catalogusUrl: c.CATALOGUS_URL,
      aanbiedersUrl: c.AANBIEDERS_URL,
      gemeenteUrls: c.GEMEENTE_URLS,
      fetchTimeoutMs: c.FETCH_TIMEOUT_MS,
      circuit: { failureThreshold: c.CIRCUIT_FAILURE_THRESHOLD, resetMs: c.CIRCUIT_RESET_MS },
      schemaCheckIntervalMs: c.SCHEMA_CHECK_INTERVAL_MS,
      readinessIntervalMs: c.READINESS_INTERVAL_MS,
      limits: limitsConfigFrom(c),
      rateLimit: {
        signedIn: c.RATE_LIMIT_PER_MINUTE,
        anonymous: c.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
        windowSeconds: 60,
        redisUrl: c.REDIS_URL,
      },
      // A TTL of 0 switches the cache of regional entities off.
      entityCache:
        c.ENTITY_CACHE_TTL_MS === 0
          ? (false as const)
          : {
              ttlMs: c.ENTITY_CACHE_TTL_MS,
              versionPollMs: c.ENTITY_CACHE_VERSION_POLL_MS,
              redisUrl: c.REDIS_URL,
            },
    },
    /** Token settings; `loadAuth(settings, 'regio')` turns them into keys at start-up. */
    auth: c as AuthSettings,
  }
}
