import { expect } from 'vitest'
import 'reflect-metadata'
import { connect } from 'node:net'
import { signToken, signWithRing, type AuthConfig, type Identity } from '../../shared/auth/identity'
import { generateKeyRing, trustFromKeyRing } from '../../shared/auth/keys'
import { createConnection } from 'mysql2/promise'
import { mysqlDriverUrl } from '../../shared/db/database'
import { startStack, type StackDatabase, type StackOptions } from '../../scripts/stack'

/**
 * The database every test level runs on: the embedded one by default, MySQL or MariaDB when
 * TEST_DATABASE_URL names a server (mysql://root@127.0.0.1:3306 or mariadb://...).
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined

/** A fresh key per issuer for each test file: no private key is committed. */
export const TEST_KEYS = await generateKeyRing()

/** Trusts every test issuer; signs nothing itself (services get their own key in the stack). */
export const TEST_AUTH: AuthConfig = {
  audience: 'twents-model-graph',
  trust: trustFromKeyRing(TEST_KEYS),
  maxLifetimeSeconds: { person: 3600, service: 300 },
}

/** The token of an identity, signed by the issuer that speaks for it. */
export const tokenFor = (identity: Identity) => signWithRing(identity, TEST_KEYS, TEST_AUTH)

/** The gateway's own token as it sends it to one service (`gemeente-0153`, `catalogus`, …). */
export const gatewayTokenFor = (audience: string) =>
  signToken({ sub: 'gateway', naam: 'Gateway', rol: 'GATEWAY' }, TEST_KEYS.get('regio')!, {
    ...TEST_AUTH,
    audience,
  })

/** The same settings with an issuer's own key, for a service built by hand in a test. */
export const testAuthFor = (issuer: string): AuthConfig => ({ ...TEST_AUTH, signer: TEST_KEYS.get(issuer) })

/** A fresh database on the test server for one test file, or undefined for in-memory SQLite. */
export async function frisseTestdatabase(name: string): Promise<string | undefined> {
  if (!TEST_DATABASE_URL) return undefined
  const schema = `twents_test_${name}`
  const admin = await createConnection(mysqlDriverUrl(TEST_DATABASE_URL))
  await admin.query(`DROP DATABASE IF EXISTS \`${schema}\``)
  await admin.query(`CREATE DATABASE \`${schema}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  await admin.end()
  return `${TEST_DATABASE_URL}/${schema}`
}

export function stackDatabase(name: string): StackDatabase {
  return TEST_DATABASE_URL
    ? { kind: 'mysql', serverUrl: TEST_DATABASE_URL, prefix: `twents_test_${name}`, fresh: true }
    : { kind: 'sqlite', dir: ':memory:' }
}

export const identities = {
  medewerker: (gemeente: string): Identity => ({
    sub: `test-${gemeente}`,
    naam: `Toegangsmedewerker ${gemeente}`,
    rol: 'TOEGANGSMEDEWERKER',
    gemeente,
  }),
  aanbieder: (agbCode: string): Identity => ({
    sub: `test-${agbCode}`,
    naam: `Aanbieder ${agbCode}`,
    rol: 'AANBIEDER',
    agbCode,
  }),
  analist: (): Identity => ({ sub: 'test-analist', naam: 'Analist', rol: 'ANALIST' }),
}

export interface GraphQLResponseBody {
  data?: Record<string, any> | null
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[]
}

/**
 * Starts the whole federation on ephemeral ports (see scripts/stack.ts) and returns it with a
 * `query` that goes through the gateway as a front-end would.
 */
export async function startTestStack(
  name: string,
  options: Pick<StackOptions, 'limits' | 'rateLimit'> & { gemeenten?: string[]; inwoners?: number } = {},
) {
  const stack = await startStack({
    limits: options.limits,
    rateLimit: options.rateLimit,
    gemeenten: options.gemeenten,
    database: stackDatabase(name),
    seed: { inwoners: options.inwoners ?? 30 },
    keys: TEST_KEYS,
    fetchTimeoutMs: 5_000,
  })
  async function query(
    source: string,
    options: {
      variables?: Record<string, unknown>
      as?: Identity | null
      token?: string
      /** The purpose stated in x-doel. */
      doel?: string
    } = {},
  ): Promise<{ status: number; body: GraphQLResponseBody; text: string }> {
    const token = options.token ?? (options.as ? await tokenFor(options.as) : undefined)
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.doel ? { 'x-doel': options.doel } : {}),
      },
      body: JSON.stringify({ query: source, variables: options.variables }),
    })
    const text = await response.text()
    return { status: response.status, body: JSON.parse(text) as GraphQLResponseBody, text }
  }
  /** The data of an operation that must succeed; its errors, if any, fail the test with their text. */
  async function data(
    source: string,
    variables: Record<string, unknown>,
    as: Identity,
  ): Promise<Record<string, any>> {
    const { body } = await query(source, { variables, as })
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    return body.data!
  }
  return { ...stack, query, data }
}

export type TestStack = Awaited<ReturnType<typeof startTestStack>>

/** The Redis the shared-budget tests use: TEST_REDIS_URL, or the local server. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * Whether the Redis tests run: always in CI (which starts Redis, so a missing one fails them),
 * elsewhere only when a Redis answers, so that `npm test` on a machine with only Node passes.
 */
export const WITH_REDIS =
  !!process.env.CI ||
  !!process.env.TEST_REDIS_URL ||
  (await new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(TEST_REDIS_URL)
    const socket = connect({ host: hostname, port: Number(port || 6379) })
    socket.setTimeout(500)
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => (socket.destroy(), resolve(false)))
  }))
