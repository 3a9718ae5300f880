import 'reflect-metadata'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createConnection } from 'mysql2/promise'
import type { DataSource } from 'typeorm'
import type { AuthConfig, ServiceRole } from '../shared/auth/identity'
import { gemeenteIssuer } from '../shared/auth/issuers'
import { jwksOf, trustFromKeyRing, type SigningKey } from '../shared/auth/keys'
import { mysqlDriverUrl, openDatabase, type DatabaseOptions } from '../shared/db/database'
import { SqlCounter } from '../shared/db/sql-counter'
import { GEMEENTE_CODES, gemeenteInfo } from '../shared/gemeenten'
import { MAX_BODY_BYTES, serve, type Listening, type Routes } from '../shared/http/serve'
import { generateAanbieders } from '../shared/seed/aanbieders'
import { createGateway, type GatewayOptions } from '../gateway/gateway'
import type { OperationLimits } from '../shared/graphql/limits'
import { seedAanbieders } from '../subgraphs/aanbieders/seed/seed'
import { aanbiedersDatabase, createAanbiedersServer } from '../subgraphs/aanbieders/server'
import { seedCatalogus } from '../subgraphs/catalogus/seed/seed'
import { catalogusDatabase, createCatalogusServer } from '../subgraphs/catalogus/server'
import { seedGemeente } from '../subgraphs/gemeente/seed/seed'
import { createGemeenteServer, gemeenteDatabase } from '../subgraphs/gemeente/server'
import type { RegisterBezorger } from '../subgraphs/gemeente/register/bezorger'
import { SCHEMA_DIR } from './supergraph'

/**
 * Where the stack keeps its databases: embedded SQLite (files in a folder, or in memory), or
 * one MySQL/MariaDB server with a database per service, as in production.
 */
export type StackDatabase =
  | { kind: 'sqlite'; dir: string | ':memory:' }
  | { kind: 'mysql'; serverUrl: string; prefix: string; fresh: boolean }

// A service's database on a shared server: `<prefix>_catalogus`, `<prefix>_aanbieders`,
// `<prefix>_g0141` … `<prefix>_g1774` (the README's names for the MySQL demo).
const serverDatabaseName = (prefix: string, service: string) =>
  `${prefix}_${service.replace(/^gemeente-/, 'g')}`

export interface StackOptions {
  gemeenten?: readonly string[]
  database: StackDatabase
  seed: { inwoners: number; aanbieders?: number }
  /** One key per issuer: each service signs with its own and trusts every issuer's public key. */
  keys: ReadonlyMap<string, SigningKey>
  audience?: string
  /** Fixed ports for the demo; 0 (the default) for ephemeral ports in tests. */
  ports?: { gateway: number; catalogus: number; aanbieders: number; gemeente: (code: string) => number }
  fetchTimeoutMs?: number
  /** Deliver each gemeente's outbox to the registry this often; without it, only on `bezorger.bezorg()`. */
  bezorgIntervalMs?: number
  /** Operation limits at the gateway and every instance; the defaults when absent, none when false. */
  limits?: OperationLimits | false
  /** Requests per caller at the gateway; the defaults when absent, none when false. */
  rateLimit?: GatewayOptions['rateLimit']
  log?: (line: string) => void
  /** Routes the gateway serves beside its own (the demo's start page). */
  gatewayRoutes?: Routes
}

export interface Service {
  url: string
  db: DataSource
  sql: SqlCounter
}

export interface GemeenteService extends Service {
  running: boolean
  bezorger: RegisterBezorger
}

/**
 * Starts the whole federation in one process: catalogus, aanbieders, one gemeente instance
 * per gemeente (each with its own database) and the gateway. The demo and the tests use it;
 * production runs each service on its own (see the README).
 */
export async function startStack(options: StackOptions) {
  const codes = options.gemeenten ?? GEMEENTE_CODES
  const log = options.log ?? (() => {})
  const listening: Listening[] = []
  const aanbiedersSeed = generateAanbieders(options.seed.aanbieders)
  const auth: AuthConfig = {
    audience: options.audience ?? 'twents-model-graph',
    trust: trustFromKeyRing(options.keys),
    maxLifetimeSeconds: { person: 3600, service: 300 },
  }
  // An instance stops working on an answer shortly before the gateway gives up waiting for it.
  const instanceHttp = {
    executionTimeoutMs: Math.max(100, (options.fetchTimeoutMs ?? 5_000) - 500),
    maxBodyBytes: MAX_BODY_BYTES.instance,
  }
  /** Each service as production runs it: see loadAuth's ServiceRole. */
  const authFor = ({ issuer, signs, self }: ServiceRole): AuthConfig => {
    const key = issuer ? options.keys.get(issuer) : undefined
    return { ...auth, self, signer: signs ? key : undefined, published: key && jwksOf(key) }
  }

  async function database(name: string, definition: Pick<DatabaseOptions, 'entities' | 'migrations'>) {
    const sql = new SqlCounter()
    const db = options.database
    if (db.kind === 'sqlite') {
      const sqlitePath = db.dir === ':memory:' ? ':memory:' : join(db.dir, `${name}.sqlite`)
      return { db: await openDatabase({ ...definition, sqlitePath, sqlCounter: sql }), sql }
    }
    const schema = serverDatabaseName(db.prefix, name)
    const admin = await createConnection(mysqlDriverUrl(db.serverUrl))
    if (db.fresh) await admin.query(`DROP DATABASE IF EXISTS \`${schema}\``)
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${schema}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    )
    await admin.end()
    return {
      db: await openDatabase({
        ...definition,
        url: `${db.serverUrl}/${schema}`,
        sqlitePath: ':memory:',
        sqlCounter: sql,
        statementTimeoutMs: instanceHttp.executionTimeoutMs,
      }),
      sql,
    }
  }

  const catalogusDb = await database('catalogus', catalogusDatabase)
  await seedCatalogus(catalogusDb.db)
  const catalogus = await createCatalogusServer(
    catalogusDb.db,
    authFor({ issuer: null, signs: false, self: 'catalogus' }),
    options.limits,
  )
  const catalogusHttp = await serve(catalogus.server, {
    port: options.ports?.catalogus ?? 0,
    ...catalogus,
    ...instanceHttp,
  })
  listening.push(catalogusHttp)

  const aanbiedersDb = await database('aanbieders', aanbiedersDatabase)
  await seedAanbieders(aanbiedersDb.db, aanbiedersSeed)
  const registerAuth = authFor({ issuer: 'register', signs: false, self: 'aanbieders' })
  let aanbieders = await createAanbiedersServer(aanbiedersDb.db, registerAuth, options.limits)
  let aanbiedersHttp: Listening | null = await serve(aanbieders.server, {
    port: options.ports?.aanbieders ?? 0,
    ...aanbieders,
    ...instanceHttp,
  })
  const aanbiedersUrl = aanbiedersHttp.url

  const gemeenten = new Map<string, GemeenteService & { http: Listening | null; port: number }>()
  async function startGemeente(code: string, db: DataSource, port: number) {
    const { server, context, bezorger, routes } = await createGemeenteServer({
      gemeente: gemeenteInfo(code),
      db,
      auth: authFor({ issuer: gemeenteIssuer(code), signs: true, self: gemeenteIssuer(code) }),
      catalogusUrl: catalogusHttp.url,
      aanbiedersUrl,
      bezorgIntervalMs: options.bezorgIntervalMs ?? 60_000,
      limits: options.limits,
    })
    if (options.bezorgIntervalMs) bezorger.start()
    return { http: await serve(server, { port, context, routes, ...instanceHttp }), bezorger }
  }
  // One after another: on two cores, parallel start-ups only contend for the CPU.
  for (const code of codes) {
    const { db, sql } = await database(`gemeente-${code}`, gemeenteDatabase)
    await seedGemeente(db, code, { inwoners: options.seed.inwoners }, aanbiedersSeed)
    const { http, bezorger } = await startGemeente(code, db, options.ports?.gemeente(code) ?? 0)
    gemeenten.set(code, {
      url: http.url,
      db,
      sql,
      http,
      bezorger,
      running: true,
      port: Number(new URL(http.url).port),
    })
    log(`gemeente ${code} (${gemeenteInfo(code).naam}) at ${http.url}`)
  }

  const gateway = await createGateway({
    supergraphSdl: readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8'),
    gemeenteSdl: readFileSync(join(SCHEMA_DIR, 'gemeente.graphql'), 'utf8'),
    catalogusUrl: catalogusHttp.url,
    aanbiedersUrl,
    gemeenteUrls: Object.fromEntries([...gemeenten].map(([code, g]) => [code, g.url])),
    auth: authFor({ issuer: 'regio', signs: true }),
    fetchTimeoutMs: options.fetchTimeoutMs,
    limits: options.limits,
    rateLimit: options.rateLimit,
    log,
  })
  const gatewayHttp = await serve(gateway.server, {
    port: options.ports?.gateway ?? 0,
    context: gateway.context,
    routes: { ...gateway.routes, ...options.gatewayRoutes },
  })
  log(`gateway at ${gatewayHttp.url}`)

  return {
    gatewayUrl: gatewayHttp.url,
    /** The token settings every service shares (without a signing key). */
    auth,
    registry: gateway.registry,
    aanbiedersSeed,
    catalogus: { url: catalogusHttp.url, ...catalogusDb } satisfies Service,
    aanbieders: { url: aanbiedersUrl, ...aanbiedersDb } satisfies Service,
    /** Stops the registry's server, as when OZJT's host goes down; its database stays. */
    async stopAanbieders() {
      await aanbiedersHttp?.stop()
      aanbiedersHttp = null
    },
    async restartAanbieders() {
      aanbieders = await createAanbiedersServer(aanbiedersDb.db, registerAuth, options.limits)
      aanbiedersHttp = await serve(aanbieders.server, {
        port: Number(new URL(aanbiedersUrl).port),
        ...aanbieders,
        ...instanceHttp,
      })
    },
    gemeente(code: string): GemeenteService {
      const g = gemeenten.get(code)
      if (!g) throw new Error(`gemeente ${code} is not part of this stack`)
      return g
    },
    /** Stops one gemeente's server, as when its host goes down; its database stays. */
    async stopGemeente(code: string) {
      const g = gemeenten.get(code)!
      await g.bezorger.stop()
      await g.http?.stop()
      Object.assign(g, { http: null, running: false })
    },
    /** Starts it again on the same port, as a gemeente whose host is back. */
    async restartGemeente(code: string) {
      const g = gemeenten.get(code)!
      const { http, bezorger } = await startGemeente(code, g.db, g.port)
      Object.assign(g, { http, bezorger, running: true })
    },
    async stop() {
      await gatewayHttp.stop()
      await gateway.stop()
      for (const g of gemeenten.values()) await g.bezorger.stop()
      for (const g of gemeenten.values()) await g.http?.stop()
      await aanbiedersHttp?.stop()
      for (const l of listening) await l.stop()
      for (const g of gemeenten.values()) await g.db.destroy()
      await catalogusDb.db.destroy()
      await aanbiedersDb.db.destroy()
    },
  }
}

export type Stack = Awaited<ReturnType<typeof startStack>>
