// `npm run bench`: the project's gateway against vanilla @apollo/gateway and a do-nothing proxy,
// every service in its own process on MariaDB, at two data sizes. Prints a table per scenario,
// the ratios, the gateway's memory, and last the line
//   bench: vs-apollo <x> vs-proxy-cpu <y> fanout-vs-limit <z> cijfers-growth <w>
// `npm run bench -- --quick`: 150 and 600 residents per gemeente, shorter windows, two rounds,
// no memory run, and at 600 only the growth scenarios side by side, through the project's
// gateway alone (< 3 minutes).
//
// Every service runs as deployed: NODE_ENV=production, its keys from files (PRODUCTION).
// Per size: the databases `<prefix>_s<size>_*` are seeded once and reused while current (same
// day, same seed and migrations); catalogus, aanbieders, fourteen gemeente instances, the
// project's gateway, a second one that records its subgraph fetches through the proxy, vanilla
// Apollo (gemeente pointed at 0153) and the proxy start as child processes. Every gateway's
// answers are checked equal before anything is timed. Each scenario is measured for a fixed
// time, in 3 rounds (quick: 2) with the gateways' order rotated, and the tables show medians:
// - under load (10 connections): the project's gateway, and vanilla Apollo on the one-gemeente
//   scenarios (vs-apollo, growth);
// - at the first size, at one connection: the project's gateway and the proxy replaying its
//   fetches. One at a time no request joins another's fetch, so both send the same fetches:
//   vs-proxy-cpu and fanout-vs-limit compare like with like.
//   These windows are twice as long, and each round ends with the CPU-bound limit measured
//   again; vs-proxy-cpu and fanout-vs-limit are medians of ratios taken within one round.
// Growth (cijfers-growth, the flat goals) is read side by side: both sizes' services stay up,
// and each round loads the growth scenarios at one size, twice at the other and once more at the
// first, after unmeasured windows at each (measureGrowth). Each size logs to
// .data/bench/logs/s<size>/. A full run ends with the memory run: 10 minutes of every scenario
// under load at the larger size, the gateway's RSS read every 15 s.
//   BENCH_DATABASE_URL (mariadb://root@127.0.0.1:3306), BENCH_DB_PREFIX (bench),
//   BENCH_DURATION_MS (4000; quick 600), BENCH_CONNECTIONS (10), BENCH_SOAK_MS (600000; quick 0)
// For diagnosis: BENCH_SIZES (say 150), BENCH_SCENARIOS (keys, comma-separated),
// BENCH_GATEWAY_NODE_ARGS and BENCH_SUBGRAPH_NODE_ARGS (node flags, say --cpu-prof).
import 'reflect-metadata'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { isDeepStrictEqual } from 'node:util'
import { build, type PluginBuild } from 'esbuild'
import { createConnection } from 'mysql2/promise'
import { Agent, request } from 'undici'
import { demoKeyDir, signWithRing, type AuthConfig, type Identity } from '../shared/auth/identity'
import { ISSUERS, gemeenteIssuer } from '../shared/auth/issuers'
import { demoKeyFile, demoKeyRing, jwksOf, trustFromKeyRing } from '../shared/auth/keys'
import { mysqlDriverUrl, openDatabase, type DatabaseOptions } from '../shared/db/database'
import { vandaag } from '../shared/domain/dates'
import { GEMEENTE_CODES } from '../shared/gemeenten'
import { generateAanbieders } from '../shared/seed/aanbieders'
import { seedAanbieders } from '../subgraphs/aanbieders/seed/seed'
import { aanbiedersDatabase } from '../subgraphs/aanbieders/server'
import { seedCatalogus } from '../subgraphs/catalogus/seed/seed'
import { catalogusDatabase } from '../subgraphs/catalogus/server'
import { seedGemeente } from '../subgraphs/gemeente/seed/seed'
import { gemeenteDatabase } from '../subgraphs/gemeente/server'

const QUICK = process.argv.includes('--quick')
/** Seeds (or checks) the databases of both sizes and stops: to prepare a run ahead of time. */
const SEED_ONLY = process.argv.includes('--seed-only')
const SIZES = process.env.BENCH_SIZES?.split(',').map(Number) ?? (QUICK ? [150, 600] : [150, 10_000])
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? (QUICK ? 600 : 4000))
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
/** Distinct requests of the one-gemeente scenario: each is recorded and checked first. */
const DISTINCT = QUICK ? 10 : 20
/**
 * Rounds of every scenario, the gateways' order rotated; a quick run, which must end within 3
 * minutes on a slow day too, takes two and the mean of their figures.
 */
const ROUNDS = QUICK ? 2 : 3
/** Times each fetch is sent alone for the CPU-bound limit of a round (the proxy's POST /limit). */
const LIMIT_ROUNDS = QUICK ? 7 : 15
const SERVER = process.env.BENCH_DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306'
const PREFIX = process.env.BENCH_DB_PREFIX ?? 'bench'
const DATA_DIR = '.data/bench'
const ENSCHEDE = '0153'
const started = performance.now()
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`
const say = (line: string) => console.log(line)

// ---------------------------------------------------------------------------------------------
// Seeding: once per size, reused while its fingerprint matches.

const SEED_SOURCES = [
  'shared/seed',
  'subgraphs/catalogus/seed',
  'subgraphs/aanbieders/seed',
  'subgraphs/gemeente/seed',
  'subgraphs/catalogus/migrations',
  'subgraphs/aanbieders/migrations',
  'subgraphs/gemeente/migrations',
]

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? filesUnder(path) : [path]
    })
}

/** What the seeded data depends on: the day (the demo is dated from it), the size, the code. */
function fingerprint(size: number): string {
  const hash = createHash('sha256').update(`${vandaag()}|${size}`)
  for (const file of SEED_SOURCES.flatMap(filesUnder)) hash.update(file).update(readFileSync(file))
  return hash.digest('hex')
}

const databaseName = (prefix: string, service: string) => `${prefix}_${service}`
const SERVICES = ['catalogus', 'aanbieders', ...GEMEENTE_CODES.map((c) => `g${c}`)]
/** What the bench's scenarios write: the gemeenten's access logs. */
const ACCESS_LOG_TABLES = ['toegangslog', 'toegangslog_deelname']

async function ensureSeeded(size: number): Promise<string> {
  const prefix = `${PREFIX}_s${size}`
  const wanted = fingerprint(size)
  const admin = await createConnection(mysqlDriverUrl(SERVER))
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${prefix}_bench\``)
    await admin.query(
      `CREATE TABLE IF NOT EXISTS \`${prefix}_bench\`.seed (fingerprint varchar(64) NOT NULL)`,
    )
    const [rows] = (await admin.query(`SELECT fingerprint FROM \`${prefix}_bench\`.seed`)) as unknown as [
      { fingerprint: string }[],
    ]
    if (rows[0]?.fingerprint === wanted) {
      // The scenarios only read, but every read of a resident is logged (NEN 7513): a day of runs
      // left the small set's Enschede with 760,000 entries (300 MB, more than MariaDB's default
      // buffer pool). Each run starts from the seeded data, so that runs compare.
      for (const code of GEMEENTE_CODES)
        for (const table of ACCESS_LOG_TABLES)
          await admin.query(`TRUNCATE TABLE \`${databaseName(prefix, `g${code}`)}\`.${table}`)
      say(`  ${size} residents per gemeente: databases ${prefix}_* are current, reused (access logs emptied)`)
      return prefix
    }
    say(`  ${size} residents per gemeente: seeding ${prefix}_* ...`)
    const t = performance.now()
    await admin.query(`DELETE FROM \`${prefix}_bench\`.seed`)
    for (const service of SERVICES) {
      await admin.query(`DROP DATABASE IF EXISTS \`${databaseName(prefix, service)}\``)
      await admin.query(
        `CREATE DATABASE \`${databaseName(prefix, service)}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      )
    }
    const open = (service: string, definition: Pick<DatabaseOptions, 'entities' | 'migrations'>) =>
      openDatabase({
        ...definition,
        url: `${SERVER}/${databaseName(prefix, service)}`,
        sqlitePath: ':memory:',
      })
    const catalogus = await open('catalogus', catalogusDatabase)
    await seedCatalogus(catalogus)
    await catalogus.destroy()
    const aanbiedersSeed = generateAanbieders()
    const aanbieders = await open('aanbieders', aanbiedersDatabase)
    await seedAanbieders(aanbieders, aanbiedersSeed)
    await aanbieders.destroy()
    for (const code of GEMEENTE_CODES) {
      const db = await open(`g${code}`, gemeenteDatabase)
      await seedGemeente(db, code, { inwoners: size }, aanbiedersSeed)
      await db.destroy()
    }
    await admin.query(`INSERT INTO \`${prefix}_bench\`.seed VALUES (?)`, [wanted])
    say(`  seeded in ${((performance.now() - t) / 1000).toFixed(0)} s`)
    return prefix
  } finally {
    await admin.end()
  }
}

// ---------------------------------------------------------------------------------------------
// Processes.

/**
 * A port for a service, below the range the system takes ports for outgoing connections from
 * (32768-60999 on Linux): a port the system lent us there could be taken by one of the many
 * database connections the services open before the service that was to listen on it starts.
 * Ports are handed out in turn from a random start, each checked free.
 */
let nextPort = 20_000 + Math.floor(Math.random() * 10_000)
async function freePort(): Promise<number> {
  for (;;) {
    const port = nextPort++
    if (nextPort >= 32_000) nextPort = 20_000
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
}

interface Proc {
  name: string
  child: ChildProcess
  url: string
}

const running: Proc[] = []

/**
 * Every service runs as deployed (deploy/k8s/base/settings.yaml): NODE_ENV=production, which
 * also takes graphql-js's production paths (a plain `instanceof` where development checks for a
 * second copy of graphql on every miss), and so with its keys from files, never the demo keys:
 * each issuer's public key set trusted from a file, each signing service its own private key.
 * The files are written from the bench's key ring, which signs its callers' tokens.
 */
const KEY_DIR = demoKeyDir(DATA_DIR)
const PRODUCTION = {
  NODE_ENV: 'production',
  AUTH_TRUSTED_ISSUERS: ISSUERS.map((issuer) => `${issuer}=${publicKeyFile(issuer)}`).join(','),
}
function publicKeyFile(issuer: string) {
  return join(KEY_DIR, 'public', `${issuer}.jwks.json`)
}

/** The node flags the gateway is deployed with (NODE_OPTIONS in deploy/k8s/base/gateway.yaml). */
const GATEWAY_NODE_ARGS = (() => {
  const manifest = readFileSync('deploy/k8s/base/gateway.yaml', 'utf8')
  const flags = /name: NODE_OPTIONS\s+value: (.+)/.exec(manifest)
  return flags ? flags[1].trim().split(' ') : []
})()

const ENTRIES = {
  catalogus: 'subgraphs/catalogus/index.ts',
  aanbieders: 'subgraphs/aanbieders/index.ts',
  gemeente: 'subgraphs/gemeente/index.ts',
  gateway: 'gateway/index.ts',
  apollo: 'bench/apollo-gateway.ts',
  proxy: 'bench/replay-proxy.ts',
}
type Entry = keyof typeof ENTRIES
const BUILD_DIR = join(DATA_DIR, 'build')

// Loaded by the bundles from node_modules: native code, and what is only loaded on demand
// (TypeORM's other drivers, pino's transport workers). Externals resolve from the top of
// node_modules, so a package that exists in several versions must be bundled.
const EXTERNAL = [
  'better-sqlite3',
  'pg',
  'pg-native',
  'pg-query-stream',
  'sqlite3',
  'sqlite',
  'sql.js',
  'oracledb',
  'mssql',
  'mysql',
  'mongodb',
  'redis',
  'ioredis',
  'react-native-sqlite-storage',
  'typeorm-aurora-data-api-driver',
  '@sap/hana-client',
  'hdb-pool',
  '@google-cloud/spanner',
  'pino',
  'pino-pretty',
  'thread-stream',
]

/**
 * Apollo's `createHash` takes node:crypto through `module.require`, which a bundled module's
 * wrapper lacks: bundled, Apollo Server and Gateway would hash every request's query with sha.js,
 * in JavaScript, as no service started by `npm start` does. Both of its versions here are
 * node:crypto's `createHash` when run by Node; so is the bundle's.
 */
const nodeCreateHash = {
  name: 'node-create-hash',
  setup(b: PluginBuild) {
    b.onResolve({ filter: /^@apollo\/utils\.createhash$/ }, () => ({
      path: 'createhash',
      namespace: 'node-hash',
    }))
    b.onLoad({ filter: /.*/, namespace: 'node-hash' }, () => ({
      contents: "export { createHash } from 'node:crypto'",
      loader: 'js',
    }))
  },
}

function newestSource(): number {
  return Math.max(
    ...['gateway', 'shared', 'subgraphs', 'bench', 'scripts']
      .flatMap(filesUnder)
      .concat('package-lock.json')
      .map((f) => statSync(f).mtimeMs),
  )
}

/**
 * Every service bundled with esbuild, node_modules included (as tsx compiles it, with the
 * project's tsconfig), and rebuilt only when a source changed: twenty processes that each
 * compile TypeScript and load thousands of files at start take minutes on two shared cores; a
 * bundle starts on about two thirds of the CPU.
 */
async function buildEntries() {
  const outputs = Object.keys(ENTRIES).map((name) => join(BUILD_DIR, `${name}.mjs`))
  // A readable build (BENCH_READABLE) is not the measured one: the kind is kept beside the bundles.
  const kind = process.env.BENCH_READABLE ? 'readable' : 'minified'
  const kindFile = join(BUILD_DIR, 'kind')
  const built = outputs.every((f) => existsSync(f)) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0
  const sameKind = existsSync(kindFile) && readFileSync(kindFile, 'utf8') === kind
  if (sameKind && built > newestSource()) return say('  service bundles are current, reused')
  const t = performance.now()
  await build({
    entryPoints: ENTRIES,
    outdir: BUILD_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    plugins: [nodeCreateHash],
    // Bundled CommonJS packages still call require().
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
    tsconfig: 'tsconfig.json',
    // Without comments and indentation, and in ASCII: V8 keeps each service's whole bundle as
    // its source text, and one character outside Latin-1 made that 13 MB text a 26 MiB
    // two-byte string in every process. Names are kept, for profiles and stack traces.
    // BENCH_READABLE=1 keeps the comments that name each bundled file, for profiles by package.
    minifyWhitespace: !process.env.BENCH_READABLE,
    legalComments: 'none',
    charset: 'ascii',
    keepNames: true,
    logLevel: 'error',
  })
  writeFileSync(kindFile, kind)
  say(`  services bundled in ${((performance.now() - t) / 1000).toFixed(0)} s`)
}

function start(
  name: string,
  entry: Entry,
  port: number,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Proc {
  const file = join(DATA_DIR, 'logs', `${name}.log`)
  mkdirSync(dirname(file), { recursive: true })
  const log = openSync(file, 'w')
  const child = spawn(process.execPath, [...nodeArgs, join(BUILD_DIR, `${entry}.mjs`)], {
    env: {
      ...process.env,
      ...PRODUCTION,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      DEMO_DATA_DIR: DATA_DIR,
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', log, log],
  })
  const proc = { name, child, url: `http://127.0.0.1:${port}/` }
  running.push(proc)
  return proc
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`${what} did not become ready (see ${DATA_DIR}/logs)`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

const isReady = (p: Proc) => async () => (await fetch(new URL('/health/ready', p.url))).status === 200
const knowsAllReady = (gateway: Proc) => async () => {
  const health = (await (await fetch(new URL('/health/ready', gateway.url))).json()) as {
    gemeenten?: { status: string }[]
  }
  return !!health.gemeenten?.length && health.gemeenten.every((g) => g.status === 'GEREED')
}

/** Every process stopped at once, each given 5 s to end by itself (no timer left to hold the bench's exit). */
async function stopAll() {
  await Promise.all(
    running.splice(0).map(async (p) => {
      if (p.child.exitCode !== null) return
      let timer: NodeJS.Timeout | undefined
      const exited = new Promise((r) => p.child.once('exit', r))
      p.child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5_000)))])
      clearTimeout(timer)
      if (p.child.exitCode === null) p.child.kill('SIGKILL')
    }),
  )
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void stopAll().then(() => process.exit(130)))

const CLOCK_TICKS = 100
/** CPU seconds (user + system) a process has used, from /proc: the same for every gateway. */
function cpuSecondsOfPid(pid: number | string): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}
const cpuSeconds = (p: Proc) => cpuSecondsOfPid(p.child.pid!)
/** The local database server's process, when it runs on this machine and may be read: its CPU is part of a request's cost. */
const databasePid = readdirSync('/proc')
  .filter((d) => /^\d+$/.test(d))
  .find((d) => {
    try {
      return ['mariadbd', 'mysqld'].includes(readFileSync(`/proc/${d}/comm`, 'utf8').trim())
    } catch {
      return false
    }
  })
function databaseCpuSeconds(): number {
  if (!databasePid) return NaN
  try {
    return cpuSecondsOfPid(databasePid)
  } catch {
    return NaN
  }
}
function rssMiB(p: Proc): number {
  const status = readFileSync(`/proc/${p.child.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024
}

/** The gateway's own account of its memory (prom-client's default metrics), in MiB. */
async function memoryOf(p: Proc): Promise<string> {
  const text = await (await fetch(new URL('/metrics', p.url))).text()
  const mib = (line: string | undefined) => (line ? Number(line.split(' ').at(-1)) / 2 ** 20 : NaN)
  const metric = (name: string) => mib(text.split('\n').find((l) => l.startsWith(`${name}{`)))
  const spaces = text
    .split('\n')
    .filter((l) => l.startsWith('nodejs_heap_space_size_total_bytes{'))
    .map((l) => `${/space="(\w+)"/.exec(l)![1]} ${mib(l).toFixed(0)}`)
  return (
    `rss ${metric('process_resident_memory_bytes').toFixed(0)}, heap used ${metric('nodejs_heap_size_used_bytes').toFixed(0)} ` +
    `of ${metric('nodejs_heap_size_total_bytes').toFixed(0)} (${spaces.join(', ')}), external ${metric('nodejs_external_memory_bytes').toFixed(0)} MiB`
  )
}

/** A size's subgraphs and the project's gateway: what the growth scenarios load. */
interface Services {
  size: number
  catalogus: Proc
  aanbieders: Proc
  gemeenten: Proc[]
  project: Proc
}

/** And what the project's gateway is compared with: the recording gateway, the proxy, vanilla Apollo. */
interface Stack extends Services {
  recorder: Proc
  apollo: Proc
  proxy: Proc
}

/**
 * A size's processes: all twenty, or (`compared` false: the larger size of a quick run, loaded
 * only for growth) the subgraphs and the project's gateway, seventeen, which start sooner.
 */
async function startStackFor(size: number, prefix: string): Promise<Stack>
async function startStackFor(size: number, prefix: string, compared: false): Promise<Services>
async function startStackFor(size: number, prefix: string, compared = true): Promise<Stack | Services> {
  const t = performance.now()
  // Both sizes' services run at once (see measureGrowth): each size logs to a folder of its own.
  const named = (name: string) => `s${size}/${name}`
  const db = (service: string) => ({
    DATABASE_URL: `${SERVER}/${databaseName(prefix, service)}`,
    SEED: 'false',
  })
  // BENCH_SUBGRAPH_NODE_ARGS: node flags for the catalogue, the registry and Enschede's instance.
  const subgraphArgs = (process.env.BENCH_SUBGRAPH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const catalogus = start(named('catalogus'), 'catalogus', await freePort(), db('catalogus'), subgraphArgs)
  const aanbieders = start(
    named('aanbieders'),
    'aanbieders',
    await freePort(),
    { ...db('aanbieders'), AUTH_PUBLISHED_JWKS: publicKeyFile('register') },
    subgraphArgs,
  )
  const gemeenten: Proc[] = []
  for (const code of GEMEENTE_CODES) {
    gemeenten.push(
      start(
        named(`gemeente-${code}`),
        'gemeente',
        await freePort(),
        {
          ...db(`g${code}`),
          AUTH_SIGNING_KEY: demoKeyFile(KEY_DIR, gemeenteIssuer(code)),
          GEMEENTE_CODE: code,
          CATALOGUS_URL: catalogus.url,
          AANBIEDERS_URL: aanbieders.url,
          REGISTER_BEZORG_INTERVAL_MS: '3600000',
        },
        code === ENSCHEDE ? subgraphArgs : [],
      ),
    )
  }
  const targets: Record<string, string> = { catalogus: catalogus.url, aanbieders: aanbieders.url }
  GEMEENTE_CODES.forEach((code, i) => (targets[code] = gemeenten[i].url))
  const gatewayEnv = (urls: Record<string, string>) => ({
    AUTH_SIGNING_KEY: demoKeyFile(KEY_DIR, 'regio'),
    CATALOGUS_URL: urls.catalogus,
    AANBIEDERS_URL: urls.aanbieders,
    GEMEENTE_URLS: GEMEENTE_CODES.map((code) => `${code}=${urls[code]}`).join(','),
    // The bench is one caller sending thousands of requests a minute.
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000',
    // A loaded two-core machine answers slowly at first; a timeout would only fail the bench.
    FETCH_TIMEOUT_MS: '30000',
    CIRCUIT_RESET_MS: '60000',
  })
  // Both of the project's gateways run as deployed (deploy/k8s/base/gateway.yaml): a V8 heap
  // sized to what the gateway holds. BENCH_GATEWAY_NODE_ARGS: more node flags for the measured
  // one, say `--cpu-prof` to profile it.
  const project = start(named('gateway'), 'gateway', await freePort(), gatewayEnv(targets), [
    ...GATEWAY_NODE_ARGS,
    ...(process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ])
  const ready = async (processes: Proc[], gateways: Proc[], others = 0) => {
    for (const p of [...processes, ...gateways]) await until(p.name, isReady(p))
    // And the gateways know every instance ready (R9), which they learn in their next readiness
    // round after the instance is: until then they would answer for it GEMEENTE_UNAVAILABLE.
    for (const p of gateways) await until(`${p.name}'s gemeenten`, knowsAllReady(p))
    say(
      `  ${size} residents per gemeente: ${processes.length + gateways.length + others} processes ready in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    )
  }
  const services = { size, catalogus, aanbieders, gemeenten, project }
  if (!compared) {
    await ready([catalogus, aanbieders, ...gemeenten], [project])
    return services
  }
  const proxy = start(named('proxy'), 'proxy', await freePort(), { BENCH_TARGETS: JSON.stringify(targets) })
  await until('proxy', async () => (await fetch(new URL('/recorders', proxy.url))).ok)
  const recording = (await (await fetch(new URL('/recorders', proxy.url))).json()) as Record<string, string>
  const recorder = start(
    named('gateway-recording'),
    'gateway',
    await freePort(),
    gatewayEnv(recording),
    GATEWAY_NODE_ARGS,
  )
  const apollo = start(named('apollo'), 'apollo', await freePort(), {
    BENCH_GEMEENTE: ENSCHEDE,
    CATALOGUS_URL: catalogus.url,
    AANBIEDERS_URL: aanbieders.url,
    GEMEENTE_URL: targets[ENSCHEDE],
  })
  await until('proxy', async () => (await fetch(new URL('/limits', proxy.url))).ok)
  await until('apollo', async () => (await post(apollo, { query: '{ __typename }' })).status === 200)
  // And the proxy and vanilla Apollo, ready above.
  await ready([catalogus, aanbieders, ...gemeenten], [project, recorder], 2)
  return { ...services, recorder, apollo, proxy }
}

// ---------------------------------------------------------------------------------------------
// Requests.

interface Body {
  query: string
  variables?: Record<string, unknown>
}

/**
 * The load's client: kept-alive connections through undici's dispatcher, whose cost per request
 * is a fraction of `fetch`'s (about 0.06-0.16 ms CPU against 0.3-0.5 ms here), so that a latency
 * measures the gateway and not the client that asks.
 */
const client = new Agent({ keepAliveTimeout: 60_000 })

/** A gateway's answer, read whole. */
interface Answer {
  status: number
  text: () => Promise<string>
  json: () => Promise<unknown>
}

async function post(p: Proc, body: Body, headers: Record<string, string> = {}): Promise<Answer> {
  const { statusCode, body: stream } = await request(p.url, {
    dispatcher: client,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const text = await stream.text()
  return { status: statusCode, text: async () => text, json: async () => JSON.parse(text) as unknown }
}

/**
 * Summed over every subgraph so far: the statements their databases were sent
 * (`db_statements_total`) and the GraphQL requests they answered (`graphql_requests_total`, every
 * operation and outcome: the gateways' fetches, probes and schema checks alike).
 */
async function subgraphCounts(stack: Services): Promise<{ statements: number; requests: number }> {
  const counts = await Promise.all(
    [stack.catalogus, stack.aanbieders, ...stack.gemeenten].map(async (p) => {
      const lines = (await (await fetch(new URL('/metrics', p.url))).text()).split('\n')
      const sum = (name: string) =>
        lines.filter((l) => l.startsWith(name)).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0)
      return { statements: sum('db_statements_total'), requests: sum('graphql_requests_total{') }
    }),
  )
  return {
    statements: counts.reduce((n, c) => n + c.statements, 0),
    requests: counts.reduce((n, c) => n + c.requests, 0),
  }
}

interface Request {
  body: Body
  token: string
  /** The proxy's key for this request: the x-request-id it was recorded under. */
  recorded?: string
}

interface Scenario {
  key: string
  title: string
  requests: Request[]
  /** Loaded with CONNECTIONS connections: the project's gateway, and vanilla Apollo where it can answer. */
  loaded: readonly ('project' | 'apollo')[]
  /**
   * Also sent one at a time through the project's gateway and the proxy that replays its fetches:
   * at one connection both send the same fetches (no request joins another), so their CPU and
   * p50 compare the gateway with the floor under it.
   */
  replayed: boolean
  /** Also measured side by side at both sizes (measureGrowth): what cijfers-growth and the flat goals read. */
  growth: boolean
}

/** Who served a sample: a gateway under load, or (`@1`) at one connection. */
type Served = 'project' | 'apollo' | 'project@1' | 'proxy@1'

interface Sample {
  rps: number
  p50: number
  p95: number
  cpuMs: number
  /** CPU of every subgraph process per request, and of this process (the load's client). */
  subgraphCpuMs: number
  clientCpuMs: number
  databaseCpuMs: number
  sql: number
  /** GraphQL requests the subgraphs answered per request (see subgraphCounts). */
  subgraphRequests: number
  limit?: number
  /** Requests answered with an error or not at all; left out of the figures above. */
  failures: number
  firstFailure: string
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN
/** The middle value; of an even count the mean of the middle two (of two rounds: their mean, not the larger). */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : sorted.length ? (sorted[mid - 1] + sorted[mid]) / 2 : NaN
}

async function load(
  stack: Services,
  p: Proc,
  scenario: Scenario,
  proxy: boolean,
  connections: number,
): Promise<Sample> {
  const headersOf = (r: Request): Record<string, string> => ({
    authorization: `Bearer ${r.token}`,
    ...(proxy ? { 'x-request-id': r.recorded! } : {}),
  })
  let next = 0
  let failures = 0
  let firstFailure = ''
  const run = async (until: number, latencies: number[] | null) => {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          const r = scenario.requests[next++ % scenario.requests.length]
          const t = performance.now()
          const response = await post(p, r.body, headersOf(r)).catch(() => null)
          const text = response ? await response.text() : ''
          // Counted and shown, not fatal: on a loaded machine a gateway may fail a request, and
          // that is a finding; a run that stops at the first one shows nothing.
          if (response?.status !== 200 || text.includes('"errors"')) {
            if (latencies) failures++
            if (!firstFailure) firstFailure = `${response?.status ?? 'no answer'} ${text.slice(0, 200)}`
            continue
          }
          latencies?.push(performance.now() - t)
        }
      }),
    )
  }
  // One connection does a tenth of the requests in a window: twice as long a window, so that its
  // CPU per request, which vs-proxy-cpu reads, is not a count of a few hundred requests.
  const window = connections === 1 ? 2 * DURATION_MS : DURATION_MS
  await run(performance.now() + window / 4, null)
  if (proxy) await fetch(new URL('/limits', p.url))
  const latencies: number[] = []
  const cpu0 = cpuSeconds(p)
  const subgraphs = [stack.catalogus, stack.aanbieders, ...stack.gemeenten]
  const sub0 = subgraphs.reduce((sum, s) => sum + cpuSeconds(s), 0)
  const own0 = process.cpuUsage()
  const db0 = databaseCpuSeconds()
  const counts0 = await subgraphCounts(stack)
  const t0 = performance.now()
  await run(t0 + window, latencies)
  const seconds = (performance.now() - t0) / 1000
  const cpu = cpuSeconds(p) - cpu0
  const sub = subgraphs.reduce((sum, s) => sum + cpuSeconds(s), 0) - sub0
  const own = process.cpuUsage(own0)
  const database = databaseCpuSeconds() - db0
  const counts = await subgraphCounts(stack)
  latencies.sort((a, b) => a - b)
  const n = latencies.length
  const limits = proxy ? ((await (await fetch(new URL('/limits', p.url))).json()) as number[]) : []
  return {
    rps: n / seconds,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    cpuMs: (cpu * 1000) / n,
    subgraphCpuMs: (sub * 1000) / n,
    clientCpuMs: (own.user + own.system) / 1000 / n,
    databaseCpuMs: (database * 1000) / n,
    sql: (counts.statements - counts0.statements) / n,
    subgraphRequests: (counts.requests - counts0.requests) / n,
    limit: proxy ? median(limits) : undefined,
    failures,
    firstFailure,
  }
}

/** Canonical JSON: key order does not make two answers differ. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value

/** Per scenario, the fetches the project's gateway sends for one request (of the last recorded). */
const fetchShapes = new Map<string, string>()

/** Where only the project's gateway runs: each request of the scenario answered, without errors. */
async function answersCleanly(services: Services, scenario: Scenario) {
  for (const r of scenario.requests) {
    const answer = await post(services.project, r.body, { authorization: `Bearer ${r.token}` })
    const text = await answer.text()
    if (answer.status !== 200 || (JSON.parse(text) as { errors?: unknown }).errors)
      throw new Error(
        `${scenario.key}: the project's gateway answered ${answer.status} ${text.slice(0, 500)}`,
      )
  }
}

/**
 * Records each request once through the recording gateway (its fetches go through the proxy),
 * hands the proxy the answer, and checks that every gateway the scenario measures answers the
 * same, without errors.
 */
async function recordAndCheck(stack: Stack, scenario: Scenario) {
  // Every instance's first answers come from cold code, a gateway's first request for a provider
  // or a catalogue entry fetches what later ones find in the entity cache (R28), its first request
  // of a query is planned by Apollo and its second shows what a step sent ahead asks (R38): the
  // recording is of every request as the measured gateway, warm, sends it, so each goes twice first.
  for (let warm = 0; warm < 2; warm++)
    for (const r of scenario.requests)
      for (const p of [stack.recorder, stack.project])
        await (await post(p, r.body, { authorization: `Bearer ${r.token}` })).text()
  for (const [i, r] of scenario.requests.entries()) {
    r.recorded = `bench-${stack.size}-${scenario.key}-${i}`
    const auth = { authorization: `Bearer ${r.token}` }
    const recorded = await post(stack.recorder, r.body, { ...auth, 'x-request-id': r.recorded })
    const text = await recorded.text()
    const reference = JSON.parse(text) as { errors?: unknown }
    if (recorded.status !== 200 || reference.errors)
      throw new Error(
        `${scenario.key}: the project's gateway answered ${recorded.status} ${text.slice(0, 500)}`,
      )
    const stored = await fetch(new URL('/answer', stack.proxy.url), {
      method: 'POST',
      body: JSON.stringify({ requestId: r.recorded, body: text }),
    })
    if (!stored.ok) throw new Error(`${scenario.key}: ${await stored.text()}`)
    const shape = (await stored.json()) as { fetches: number; stages: number }
    fetchShapes.set(`${stack.size}:${scenario.key}`, `${shape.fetches} fetches in ${shape.stages} stages`)
    const compared = [...scenario.loaded, ...(scenario.replayed ? (['proxy'] as const) : [])]
    for (const name of compared) {
      const p = stack[name]
      const answer = await post(p, r.body, name === 'proxy' ? { ...auth, 'x-request-id': r.recorded } : auth)
      const body = (await answer.json()) as unknown
      if (!isDeepStrictEqual(canonical(body), canonical(reference)))
        throw new Error(
          `${scenario.key}: ${name} answers differently from the project's gateway:\n` +
            `${JSON.stringify(body).slice(0, 400)}\n${JSON.stringify(reference).slice(0, 400)}`,
        )
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios.

const keys = await demoKeyRing(KEY_DIR)
// The public halves, for the services' AUTH_TRUSTED_ISSUERS (PRODUCTION): written once per run.
mkdirSync(join(KEY_DIR, 'public'), { recursive: true })
for (const [issuer, key] of keys) writeFileSync(publicKeyFile(issuer), JSON.stringify(jwksOf(key)))
const auth: AuthConfig = {
  audience: 'twents-model-graph',
  trust: trustFromKeyRing(keys),
  maxLifetimeSeconds: { person: 3600, service: 300 },
}
const tokenFor = (identity: Identity) => signWithRing(identity, keys, auth)

const PLANNEN = /* GraphQL */ `
  query Plannen($eerste: Int!) {
    plannen(gemeenteCode: "0153", eerste: $eerste) {
      edges {
        node {
          huishouden {
            naam
          }
          behoeften {
            naam
            resultaten {
              omschrijving
            }
          }
          toewijzingen {
            aanbieder {
              naam
            }
            modules {
              naam
            }
          }
        }
      }
    }
  }
`
const REGIO = /* GraphQL */ `
  query Regio {
    gemeenten {
      code
      naam
      ondersteuningsbehoeften {
        code
        bron
      }
    }
  }
`
const CIJFERS = /* GraphQL */ `
  query RegioCijfers {
    regio {
      cijfers(periode: { van: "2024-01", tot: "2026-12" }) {
        gemeenten
        actievePlannen {
          ondersteuningsbehoefte
          niveau
          aantal
        }
        toewijzingen {
          agbCode
          aantal
          budgetCent
        }
        resultaten {
          ondersteuningsbehoefte
          beoordeeld
          aandeelBehaald
        }
      }
    }
  }
`
// Growth compares the same answer over more data, so both scenarios ask a page that both sizes
// fill: at 150 residents the prefixes below match 6 to 27 residents of Enschede, and the busiest
// provider holds 1 to 16 allocations per gemeente. Pages of 20 compared 0 to 7 rows (and their
// NEN 7513 entries) at 150 with 20 at 10,000.
const PORTAAL = /* GraphQL */ `
  query Portaal($agb: ID!) {
    aanbieder(agbCode: $agb) {
      naam
      toewijzingenPerGemeente(eerste: 5) {
        gemeente {
          naam
        }
        toewijzingen {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              toewijzingNummer
              ingangsdatum
              inwoner {
                voornamen
              }
            }
          }
        }
      }
    }
  }
`
const ZOEK = /* GraphQL */ `
  query Zoek($zoek: String!) {
    inwoners(gemeenteCode: "0153", zoek: $zoek, eerste: 5) {
      totalCount
      edges {
        node {
          achternaam
          voornamen
          geboortedatum
        }
      }
    }
  }
`

/** The provider with the most allocations in the region: the fullest portal. */
async function busiestProvider(prefix: string): Promise<string> {
  const admin = await createConnection(mysqlDriverUrl(SERVER))
  const counts = new Map<string, number>()
  for (const code of GEMEENTE_CODES) {
    const [rows] = (await admin.query(
      `SELECT aanbiederAgbCode AS agb, COUNT(*) AS n FROM \`${databaseName(prefix, `g${code}`)}\`.toewijzing GROUP BY aanbiederAgbCode`,
    )) as unknown as [{ agb: string; n: number }[]]
    for (const r of rows) counts.set(r.agb, (counts.get(r.agb) ?? 0) + Number(r.n))
  }
  await admin.end()
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]
}

async function scenarios(prefix: string): Promise<Scenario[]> {
  const medewerker = await tokenFor({
    sub: 'bench',
    naam: 'Bench',
    rol: 'TOEGANGSMEDEWERKER',
    gemeente: ENSCHEDE,
  })
  const analist = await tokenFor({ sub: 'bench-analist', naam: 'Bench', rol: 'ANALIST' })
  const agb = await busiestProvider(prefix)
  const aanbieder = await tokenFor({ sub: 'bench-aanbieder', naam: 'Bench', rol: 'AANBIEDER', agbCode: agb })
  const withApollo = { loaded: ['project', 'apollo'], replayed: true, growth: false } as const
  const routed = { loaded: ['project'], replayed: true } as const
  return [
    {
      key: 'enschede-identical',
      title: 'one gemeente (Enschede): 20 plans, deep, with providers; identical requests',
      requests: [{ body: { query: PLANNEN, variables: { eerste: 20 } }, token: medewerker }],
      ...withApollo,
    },
    {
      key: 'enschede-distinct',
      title: `one gemeente (Enschede): the same query for 11 to ${10 + DISTINCT} plans; ${DISTINCT} distinct requests`,
      requests: Array.from({ length: DISTINCT }, (_, i) => ({
        body: { query: PLANNEN, variables: { eerste: 11 + i } },
        token: medewerker,
      })),
      ...withApollo,
    },
    {
      key: 'regio-14',
      title: 'fourteen gemeenten: the catalogue and every gemeente’s support needs (_entities 14 ways)',
      requests: [{ body: { query: REGIO }, token: medewerker }],
      ...routed,
      growth: false,
    },
    {
      key: 'cijfers',
      title: 'regio.cijfers: figures over fourteen gemeenten',
      requests: [{ body: { query: CIJFERS }, token: analist }],
      ...routed,
      growth: true,
    },
    {
      key: 'portaal',
      title: `provider portal: ${agb}'s first page (5) in every gemeente`,
      requests: [{ body: { query: PORTAAL, variables: { agb } }, token: aanbieder }],
      ...routed,
      growth: true,
    },
    {
      key: 'zoeken',
      title: 'name search in Enschede: 5 surname prefixes, a page of 5',
      requests: ['viss', 'kamp', 'de b', 'jans', 'scho'].map((zoek) => ({
        body: { query: ZOEK, variables: { zoek } },
        token: medewerker,
      })),
      loaded: ['project'],
      replayed: false,
      growth: true,
    },
  ]
}

// ---------------------------------------------------------------------------------------------
// The run.

type Results = Map<string, Map<Served, Sample[]>>

/**
 * Per round: every scenario under load (CONNECTIONS connections) through the project's gateway
 * and vanilla Apollo, then, when `replay`, one at a time through the project's gateway and the
 * proxy. Each round starts with another gateway, so that none always runs first.
 */
async function measure(
  stack: Stack,
  list: Scenario[],
  replay: boolean,
): Promise<{ results: Results; rss: number[] }> {
  const results: Results = new Map(list.map((s) => [s.key, new Map()]))
  const rss: number[] = []
  const rotate = <T>(items: readonly T[], round: number) =>
    items.map((_, i) => items[(i + round) % items.length])
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of list) {
      const runs: [Served, Proc, boolean, number][] = rotate(s.loaded, round).map((name) => [
        name,
        stack[name],
        false,
        CONNECTIONS,
      ])
      if (replay && s.replayed)
        runs.push(
          ...rotate(
            [
              ['project@1', stack.project, false, 1],
              ['proxy@1', stack.proxy, true, 1],
            ] as [Served, Proc, boolean, number][],
            round,
          ),
        )
      for (const [served, p, proxy, connections] of runs) {
        const sample = await load(stack, p, s, proxy, connections)
        const byGateway = results.get(s.key)!
        byGateway.set(served, [...(byGateway.get(served) ?? []), sample])
        if (served === 'project') rss.push(rssMiB(stack.project))
      }
      // The limit in each round, right after the one-connection runs it is compared with: the
      // machine's pace drifts between rounds, and a ratio of figures taken minutes apart carries it.
      if (replay && s.replayed) {
        const response = await fetch(new URL('/limit', stack.proxy.url), {
          method: 'POST',
          body: JSON.stringify({ requestId: s.requests[0].recorded, rounds: LIMIT_ROUNDS }),
        })
        if (!response.ok) throw new Error(`${s.key}: the proxy's limit: ${await response.text()}`)
        const { limit, parts } = (await response.json()) as { limit: number; parts: number[][] }
        const key = `${stack.size}:${s.key}`
        const rounds = isolatedLimits.get(key) ?? []
        isolatedLimits.set(key, [...rounds, { limit, parts }])
      }
    }
    say(`  round ${round + 1} of ${ROUNDS} done (${elapsed()})`)
  }
  return { results, rss }
}

/**
 * The growth scenarios with both sizes' stacks up, side by side: each round loads a scenario at
 * one size, twice at the other, and once more at the first (ABBA, the smaller size first in every
 * other round), so that a drift of the machine's pace within a round falls on both sizes alike.
 * One size after the other, the second ran 14-30 % slower whichever size it was (the provider
 * portal: 1.27 for 150 then 10,000, 1/1.14 the other way round), and a growth ratio carried it.
 * Per scenario and size, the samples in order, two per round.
 */
async function measureGrowth(
  sizes: { stack: Services; list: Scenario[] }[],
): Promise<Map<string, Sample[][]>> {
  const growth = new Map<string, Sample[][]>()
  const keys = sizes[0].list.filter((s) => s.growth).map((s) => s.key)
  const loadAt = (i: number, key: string) => {
    const { stack, list } = sizes[i]
    return load(
      stack,
      stack.project,
      list.find((s) => s.key === key)!,
      false,
      CONNECTIONS,
    )
  }
  // Warm first, each size alike. Two stacks on the same data (150 and 150), the one started later
  // measured 19-35 % slower on the fourteen-instance scenarios after one window of load each, and
  // 0.83-1.09 of the other after six: an instance that has had a few hundred requests still runs
  // code V8 has not yet optimised.
  for (let w = 0; w < GROWTH_WARMUP; w++)
    for (const i of sizes.keys()) for (const key of keys) await loadAt(i, key)
  for (let round = 0; round < GROWTH_ROUNDS; round++) {
    for (const key of keys) {
      const perSize = growth.get(key) ?? sizes.map(() => [] as Sample[])
      growth.set(key, perSize)
      const order = round % 2 === 0 ? [0, 1, 1, 0] : [1, 0, 0, 1]
      for (const i of order) perSize[i].push(await loadAt(i, key))
    }
    say(`  growth, round ${round + 1} of ${GROWTH_ROUNDS} done (${elapsed()})`)
  }
  return growth
}

/**
 * Rounds of the growth scenarios side by side, and unmeasured windows of each before them: fewer
 * in a quick run, which must end within 3 minutes; there the larger size, started for this only,
 * is less warm than the smaller, and its growth reads high. Without the two windows a quick run
 * read 1.40-1.85 over 150 against 600; with them 0.99-1.31 (about 9 s more).
 */
const GROWTH_ROUNDS = QUICK ? 2 : ROUNDS
const GROWTH_WARMUP = QUICK ? 2 : 3

/** Per size and scenario, per round: the CPU-bound limit from each fetch's time alone (the proxy's POST /limit). */
const isolatedLimits = new Map<string, { limit: number; parts: number[][] }[]>()

/** The round with the median limit. */
const medianLimit = (rounds: { limit: number; parts: number[][] }[]) =>
  [...rounds].sort((a, b) => a.limit - b.limit)[Math.floor(rounds.length / 2)]

/** Per round a over b, as measured side by side in that round; the median of those. */
const pairedRatio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]))

/** The larger size's p50 over the smaller's, per round of the growth scenarios side by side (the sum of each size's two windows). */
const growthRatios = (growth: Map<string, Sample[][]>, key: string) => {
  const [small, large] = growth.get(key) ?? []
  if (!small || !large) return []
  const perRound = (samples: Sample[]) =>
    Array.from({ length: samples.length / 2 }, (_, r) => samples[2 * r].p50 + samples[2 * r + 1].p50)
  const [a, b] = [perRound(large), perRound(small)]
  return a.map((x, i) => x / b[i])
}
const growthOf = (growth: Map<string, Sample[][]>, key: string) => {
  const ratios = growthRatios(growth, key)
  return ratios.length ? median(ratios) : NaN
}

/**
 * The memory goal: CONNECTIONS connections through the project's gateway for `ms`, every
 * scenario's requests in turn, the gateway's RSS read every 15 s. Flat: the last minute's
 * highest RSS against the first minute's.
 */
async function soak(stack: Services, list: Scenario[], ms: number) {
  const requests = list.flatMap((s) => s.requests)
  const readings: { at: number; rss: number }[] = []
  const t0 = performance.now()
  const timer = setInterval(
    () => readings.push({ at: performance.now() - t0, rss: rssMiB(stack.project) }),
    15_000,
  )
  let answered = 0
  let failures = 0
  let next = 0
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() - t0 < ms) {
        const r = requests[next++ % requests.length]
        const response = await post(stack.project, r.body, { authorization: `Bearer ${r.token}` }).catch(
          () => null,
        )
        const text = response ? await response.text() : ''
        if (response?.status === 200 && !text.includes('"errors"')) answered++
        else failures++
      }
    }),
  )
  clearInterval(timer)
  const minute = (from: number, to: number) =>
    Math.max(...readings.filter((r) => r.at >= from && r.at <= to).map((r) => r.rss))
  const first = minute(0, 60_000)
  const last = minute(ms - 60_000, ms)
  const max = Math.max(...readings.map((r) => r.rss))
  say(
    `\nsoak: ${(ms / 60_000).toFixed(0)} minutes at ${stack.size} residents per gemeente, ${CONNECTIONS} connections, ` +
      `every scenario in turn: ${answered} requests (${(answered / (ms / 1000)).toFixed(0)}/s), ${failures} failed`,
  )
  say(`  gateway RSS every 15 s: ${readings.map((r) => r.rss.toFixed(0)).join(', ')} MiB`)
  say(
    `  gateway RSS: first minute max ${first.toFixed(0)}, last minute max ${last.toFixed(0)}, ` +
      `max ${max.toFixed(0)} MiB (goal <= 250, flat)`,
  )
  say(`  gateway memory after the soak: ${await memoryOf(stack.project)}`)
  return { first, last, max }
}

const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits)
const med = (samples: Sample[], key: keyof Sample) => median(samples.map((s) => s[key] as number))

const LABELS: Record<Served, string> = {
  project: 'project',
  apollo: 'apollo',
  'project@1': 'project 1',
  'proxy@1': 'proxy 1',
}

function table(size: number, results: Results, titles: Map<string, string>) {
  say(
    `\n${size} residents per gemeente (${CONNECTIONS} connections; "1": one connection; medians of ${ROUNDS} rounds)`,
  )
  say(
    "  cpu: the gateway's CPU per request; sub: all subgraph processes'; client: this process's; db: MariaDB's;" +
      ' sub/req: GraphQL requests the subgraphs answered per request',
  )
  for (const [key, byGateway] of results) {
    const shape = fetchShapes.get(`${size}:${key}`)
    say(`  ${titles.get(key)}${shape ? ` (${shape})` : ''}`)
    say(
      `    ${'gateway'.padEnd(11)}${'req/s'.padStart(7)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'cpu ms'.padStart(9)}` +
        `${'sub'.padStart(8)}${'client'.padStart(8)}${'db'.padStart(7)}${'sql/req'.padStart(9)}${'sub/req'.padStart(9)}`,
    )
    for (const [served, samples] of byGateway) {
      const failed = samples.reduce((n, x) => n + x.failures, 0)
      if (failed)
        say(
          `    ${LABELS[served]}: ${failed} requests failed over ${ROUNDS} rounds, e.g. ${samples.find((x) => x.failures)!.firstFailure}`,
        )
      say(
        `    ${LABELS[served].padEnd(11)}${fmt(med(samples, 'rps'), 0).padStart(7)}${fmt(med(samples, 'p50')).padStart(9)}` +
          `${fmt(med(samples, 'p95')).padStart(9)}${fmt(med(samples, 'cpuMs'), 2).padStart(9)}${fmt(med(samples, 'subgraphCpuMs'), 2).padStart(8)}` +
          `${fmt(med(samples, 'clientCpuMs'), 2).padStart(8)}${fmt(med(samples, 'databaseCpuMs'), 2).padStart(7)}${fmt(med(samples, 'sql')).padStart(9)}${fmt(med(samples, 'subgraphRequests')).padStart(9)}`,
      )
    }
    const replayed = byGateway.get('proxy@1')
    if (replayed)
      say(
        `    limit from the fetches' times as the proxy replays them in parallel: ${fmt(med(replayed, 'limit'))} ms`,
      )
    const rounds = isolatedLimits.get(`${size}:${key}`)
    const isolated = rounds && medianLimit(rounds)
    if (isolated)
      say(
        `    CPU-bound limit (per stage max(slowest, sum / 2) of each fetch's time alone): ${fmt(isolated.limit)} ms; ` +
          `stages ${isolated.parts.map((stage) => `[${stage.map((t) => t.toFixed(1)).join(' ')}]`).join(' ')}`,
      )
  }
}

function growthTable(sizes: { stack: Services }[], growth: Map<string, Sample[][]>) {
  say(
    `growth side by side (${CONNECTIONS} connections; in each round a scenario at one size, twice at the other, once more at the first; medians of ${GROWTH_ROUNDS} rounds)`,
  )
  say(
    `    ${'scenario'.padEnd(11)}${sizes.map((x) => `p50 ${x.stack.size}`.padStart(12)).join('')}` +
      `${sizes.map((x) => `sql ${x.stack.size}`.padStart(11)).join('')}   ratio of p50 per round`,
  )
  for (const [key, perSize] of growth) {
    say(
      `    ${key.padEnd(11)}${perSize.map((x) => fmt(med(x, 'p50')).padStart(12)).join('')}` +
        `${perSize.map((x) => fmt(med(x, 'sql')).padStart(11)).join('')}   ` +
        growthRatios(growth, key)
          .map((r) => r.toFixed(2))
          .join(' '),
    )
  }
  say('')
}

const ratio = (a: number, b: number) => (a / b).toFixed(2)
/** BENCH_SOAK_MS: the memory run's length; 10 minutes in a full run, none in a quick one. */
const SOAK_MS = Number(process.env.BENCH_SOAK_MS ?? (QUICK ? 0 : 600_000))

try {
  say(
    `bench: ${QUICK ? 'quick, ' : ''}sizes ${SIZES.join(' and ')} residents per gemeente, MariaDB at ${SERVER}, services as deployed (NODE_ENV=production)`,
  )
  if (SEED_ONLY) {
    for (const size of SIZES) await ensureSeeded(size)
    process.exit(0)
  }
  await buildEntries()
  const bySize = new Map<number, Results>()
  const titles = new Map<string, string>()
  const rssAll: number[] = []
  let soaked: Awaited<ReturnType<typeof soak>> | null = null
  const only = process.env.BENCH_SCENARIOS?.split(',')
  // Every size's stack stays up until the end, for the growth scenarios side by side.
  const measured: { stack: Services; list: Scenario[] }[] = []
  let growth = new Map<string, Sample[][]>()
  try {
    // Every size seeded first, then all their processes started at once: a start is CPU-bound
    // and ends with polls and waits, which the other size's starts fill.
    const prefixes: string[] = []
    for (const size of SIZES) prefixes.push(await ensureSeeded(size))
    // The first size is measured whole; in a quick run the larger one only for growth (below),
    // on its subgraphs and the project's gateway alone.
    const growthOnly = (i: number) => i > 0 && QUICK
    const stacks = await Promise.all(
      SIZES.map((size, i) =>
        growthOnly(i) ? startStackFor(size, prefixes[i], false) : startStackFor(size, prefixes[i]),
      ),
    )
    const lists: Scenario[][] = []
    for (const [i, prefix] of prefixes.entries()) {
      const all = (await scenarios(prefix)).filter((s) => !only || only.includes(s.key))
      for (const s of all) titles.set(s.key, s.title)
      lists.push(growthOnly(i) ? all.filter((s) => s.growth) : all)
    }
    // Every answer checked before anything is timed, the sizes side by side: much of it is cold
    // start (7.3 s for the first Enschede query through three gateways on a slow day), and in
    // quick runs it took about 13 s, against about 19 s one size after the other.
    await Promise.all(
      stacks.map(async (stack, i) => {
        for (const s of lists[i])
          await (growthOnly(i) ? answersCleanly(stack, s) : recordAndCheck(stack as Stack, s))
      }),
    )
    say(
      `  answers checked, ${lists.map((l, i) => `${l.length} scenarios at ${SIZES[i]}`).join(' and ')}: identical ` +
        `across gateways${QUICK && SIZES.length > 1 ? `; at ${SIZES.slice(1).join(', ')} the project's gateway alone, without errors` : ''} (${elapsed()})`,
    )
    for (const [i, size] of SIZES.entries()) {
      if (growthOnly(i)) {
        // A window of load each, unmeasured: all a quick run has time for (see GROWTH_WARMUP).
        for (const s of lists[i]) await load(stacks[i], stacks[i].project, s, false, CONNECTIONS)
        measured.push({ stack: stacks[i], list: lists[i] })
        continue
      }
      const stack = stacks[i] as Stack
      const all = lists[i]
      measured.push({ stack, list: all })
      const { results, rss } = await measure(stack, all, i === 0)
      bySize.set(size, results)
      rssAll.push(...rss)
      table(size, results, titles)
      say(`  gateway RSS under load: ${rss.map((r) => r.toFixed(0)).join(', ')} MiB`)
      say(`  gateway memory after the load: ${await memoryOf(stack.project)}`)
      say('')
    }
    // The first two sizes: growth is the second over the first.
    const pair = measured.slice(0, 2)
    if (pair.length === 2) {
      growth = await measureGrowth(pair)
      growthTable(pair, growth)
    }
    // Last: ten minutes of writes to the access log would make the larger size's log the longer.
    const last = measured.at(-1)!
    if (SOAK_MS > 0) soaked = await soak(last.stack, last.list, SOAK_MS)
    // With BENCH_GATEWAY_NODE_ARGS=--heapsnapshot-signal=SIGUSR2: a heap snapshot of the last
    // size's gateway at the end (after the memory run, when there is one).
    if (process.env.BENCH_GATEWAY_NODE_ARGS?.includes('--heapsnapshot-signal=SIGUSR2')) {
      last.stack.project.child.kill('SIGUSR2')
      await new Promise((r) => setTimeout(r, 20_000))
    }
    say('')
  } finally {
    await stopAll()
  }
  const [small, large] = SIZES
  const s = bySize.get(small)!
  const get = (r: Results, key: string, served: Served, field: keyof Sample) => {
    const samples = r.get(key)?.get(served)
    return samples ? med(samples, field) : NaN
  }

  const vsApollo =
    get(s, 'enschede-identical', 'project', 'rps') / get(s, 'enschede-identical', 'apollo', 'rps')
  const replayedKeys = [...s.keys()].filter((key) => s.get(key)!.has('proxy@1'))
  const perRound = (key: string, served: Served, field: keyof Sample) =>
    (s.get(key)?.get(served) ?? []).map((sample) => sample[field] as number)
  // Ratios of figures taken side by side in one round, then the median over rounds.
  const cpuRatios = replayedKeys.map(
    (key) =>
      [key, pairedRatio(perRound(key, 'project@1', 'cpuMs'), perRound(key, 'proxy@1', 'cpuMs'))] as const,
  )
  const vsProxyCpu = Math.max(...cpuRatios.map(([, r]) => r))
  const fanoutLimits = (isolatedLimits.get(`${small}:regio-14`) ?? []).map((r) => r.limit)
  const fanout = fanoutLimits.length
    ? pairedRatio(perRound('regio-14', 'project@1', 'p50'), fanoutLimits)
    : NaN
  const cijfersGrowth = growthOf(growth, 'cijfers')

  say(`ratios (at ${small} residents per gemeente unless said):`)
  say(`  project / vanilla Apollo, req/s, one gemeente, identical:  ${ratio(vsApollo, 1)}  (goal >= 4)`)
  say(
    `  project / vanilla Apollo, req/s, one gemeente, distinct:   ${ratio(get(s, 'enschede-distinct', 'project', 'rps'), get(s, 'enschede-distinct', 'apollo', 'rps'))}`,
  )
  for (const [key, r] of cpuRatios)
    say(`  gateway CPU per request at one connection, project / proxy, ${key.padEnd(19)} ${r.toFixed(2)}`)
  say(`  vs-proxy-cpu is the largest of these (goal <= 1.3)`)
  say(
    `  14-gemeente p50 / CPU-bound limit of its fetches, one connection: ${fanout.toFixed(2)}  (goal <= 1.2)`,
  )
  // The floor's own distance to the limit: what the client's hop and the replayed I/O add.
  if (fanoutLimits.length)
    say(
      `    the do-nothing proxy's p50 / the same limit, one connection:   ${pairedRatio(perRound('regio-14', 'proxy@1', 'p50'), fanoutLimits).toFixed(2)}`,
    )
  for (const key of ['cijfers', 'portaal', 'zoeken']) {
    const [sql0, sql1] = growth.get(key)?.map((samples) => med(samples, 'sql')) ?? []
    say(
      `  ${key} p50 at ${large} / at ${small}: ${growthOf(growth, key).toFixed(2).padEnd(6)}` +
        `SQL statements per request ${fmt(sql0)} -> ${fmt(sql1)}`,
    )
  }
  say(`  gateway RSS under load: max ${Math.max(...rssAll).toFixed(0)} MiB (goal <= 250)`)
  if (soaked)
    say(
      `  gateway RSS over ${(SOAK_MS / 60_000).toFixed(0)} minutes: ${soaked.first.toFixed(0)} -> ${soaked.last.toFixed(0)} MiB, max ${soaked.max.toFixed(0)} (goal <= 250, flat)`,
    )
  say(`  took ${elapsed()}`)
  say(
    `bench: vs-apollo ${vsApollo.toFixed(2)} vs-proxy-cpu ${vsProxyCpu.toFixed(2)} fanout-vs-limit ${fanout.toFixed(2)} cijfers-growth ${cijfersGrowth.toFixed(2)}`,
  )
} catch (err) {
  await stopAll()
  console.error(err)
  process.exit(1)
}
