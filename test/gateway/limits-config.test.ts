import { describe, expect, it } from 'vitest'
import { loadConfig as gatewayConfig } from '../../gateway/config'
import { DEFAULT_LIMITS } from '../../shared/graphql/limits'
import { loadConfig as catalogusConfig } from '../../subgraphs/catalogus/config'
import { loadConfig as gemeenteConfig } from '../../subgraphs/gemeente/config'

const GEMEENTE_URLS = '0153=http://127.0.0.1:4100/'

describe('limit settings', () => {
  it('default to DEFAULT_LIMITS and the default budgets, in memory, with suggestions outside production', () => {
    const { gateway } = gatewayConfig({ GEMEENTE_URLS })
    expect(gateway.limits).toEqual(DEFAULT_LIMITS)
    expect(gateway.rateLimit).toEqual({
      signedIn: 600,
      anonymous: 120,
      windowSeconds: 60,
      redisUrl: undefined,
    })
    expect(catalogusConfig({}).limits).toEqual(DEFAULT_LIMITS)
  })

  it('are read from the environment, the same names at the gateway and at every instance', () => {
    const env = {
      GEMEENTE_URLS,
      GEMEENTE_CODE: '0153',
      NODE_ENV: 'production',
      LIMIT_MAX_DEPTH: '8',
      LIMIT_MAX_ALIASES: '5',
      LIMIT_MAX_DIRECTIVES: '4',
      LIMIT_MAX_TOKENS: '900',
      LIMIT_MAX_COST: '7000',
      LIMIT_LIST_FACTOR: '20',
      RATE_LIMIT_PER_MINUTE: '100',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '20',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
    }
    const limits = {
      maxDepth: 8,
      maxAliases: 5,
      maxDirectives: 4,
      maxTokens: 900,
      maxCost: 7000,
      listFactor: 20,
      hideSuggestions: true,
    }
    const { gateway } = gatewayConfig(env)
    expect(gateway.limits).toEqual(limits)
    expect(gateway.rateLimit).toEqual({
      signedIn: 100,
      anonymous: 20,
      windowSeconds: 60,
      redisUrl: 'redis://127.0.0.1:6379/2',
    })
    expect(gemeenteConfig(env).limits).toEqual(limits)
  })

  it('refuse to start with a limit below 1, a budget for anonymous callers above the signed-in one, or a REDIS_URL that is not Redis', () => {
    expect(() =>
      gatewayConfig({
        GEMEENTE_URLS,
        LIMIT_MAX_DEPTH: '0',
        RATE_LIMIT_PER_MINUTE: '10',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '50',
        REDIS_URL: 'http://127.0.0.1:6379',
      }),
    ).toThrow(/LIMIT_MAX_DEPTH: .*\n.*REDIS_URL: .*|REDIS_URL: .*\n.*LIMIT_MAX_DEPTH: .*/)
    expect(() =>
      gatewayConfig({ GEMEENTE_URLS, RATE_LIMIT_PER_MINUTE: '10', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '50' }),
    ).toThrow(
      'RATE_LIMIT_ANONYMOUS_PER_MINUTE: anonymous callers get at most the budget of signed-in callers',
    )
  })

  it('refuses a circuit cool-down no longer than the fetch timeout, so that a late answer cannot decide the probe', () => {
    expect(() =>
      gatewayConfig({ GEMEENTE_URLS, FETCH_TIMEOUT_MS: '5000', CIRCUIT_RESET_MS: '5000' }),
    ).toThrow('CIRCUIT_RESET_MS: must be longer than FETCH_TIMEOUT_MS')
    expect(
      gatewayConfig({ GEMEENTE_URLS, FETCH_TIMEOUT_MS: '1000', CIRCUIT_RESET_MS: '2000' }).gateway.circuit,
    ).toEqual({
      failureThreshold: 3,
      resetMs: 2000,
    })
  })
})
