// Measures the figures on MariaDB at 150 and at 10,000 residents per gemeente: Enschede's part
// (its raw counts, read from the summary) and the region's figures query through the gateway
// (fourteen gemeenten's counts, combined by the catalogue). Prints p50 and p95 and the ratio of
// the p50s; asserts nothing. The databases are kept (h12cijfers_<size>_*), so that a second run
// measures at once; drop them to start again.
//   npm run bench:cijfers     (BENCH_DATABASE_URL=mariadb://root@127.0.0.1:3306 BENCH_REQUESTS=100)
//
// The demo generator gives at most 600 residents per gemeente (its block of test BSNs), so a
// larger size loads that generated gemeente again and again, each copy with new ids, new
// allocation numbers and numbers that fail the elfproef in place of BSNs, until the size is
// reached; then the summary is rebuilt from all those rows (herbouwCijfers), as after an upgrade.
import 'reflect-metadata'
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm'
import { signWithRing } from '../shared/auth/identity'
import { generateKeyRing } from '../shared/auth/keys'
import { mysqlDriverUrl, openDatabase } from '../shared/db/database'
import { GEMEENTE_CODES } from '../shared/gemeenten'
import { isValidBsn } from '../shared/ijw/identifiers'
import { generateAanbieders } from '../shared/seed/aanbieders'
import { EXAMPLE_QUERIES } from '../scripts/example-queries'
import { startStack } from '../scripts/stack'
import { herbouwCijfers } from '../subgraphs/gemeente/cijfers/herbouw'
import { ruweTellingen } from '../subgraphs/gemeente/cijfers/tellingen'
import { Huishouden } from '../subgraphs/gemeente/huishouden/huishouden.entity'
import { Inwoner } from '../subgraphs/gemeente/inwoner/inwoner.entity'
import { Gespreksstap, Melding } from '../subgraphs/gemeente/melding/melding.entity'
import { PlanBehoefte } from '../subgraphs/gemeente/plan/behoefte.entity'
import { Evaluatie } from '../subgraphs/gemeente/plan/evaluatie.entity'
import { PlanVersie } from '../subgraphs/gemeente/plan/plan-versie.entity'
import { Plan } from '../subgraphs/gemeente/plan/plan.entity'
import { Resultaat } from '../subgraphs/gemeente/plan/resultaat.entity'
import { generateGemeente, type GemeenteSeed } from '../subgraphs/gemeente/seed/generate'
import { seedGemeente } from '../subgraphs/gemeente/seed/seed'
import { gemeenteDatabase } from '../subgraphs/gemeente/server'
import { Toewijzing, ToewijzingModule } from '../subgraphs/gemeente/toewijzing/toewijzing.entity'
import { createConnection } from 'mysql2/promise'

const SERVER = process.env.BENCH_DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306'
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100)
const SIZES = [150, 10_000]
const GENERATED_MAX = 600
const ENSCHEDE = '0153'

// The README's figures queries for the analyst: the existing figures and the figures to steer by.
const QUERIES = EXAMPLE_QUERIES('')
  .filter((e) => e.token === 'analist')
  .map((e) => ({ naam: /query (\w+)/.exec(e.query)![1], query: e.query }))

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g

/** Rows of one copy: every id (also inside JSON) replaced by a new one, the same throughout the copy. */
function kopie<T>(rows: T[], ids: Map<string, string>, aanpassen: (row: T) => T = (r) => r): T[] {
  const nieuw = (id: string) => ids.get(id) ?? ids.set(id, randomUUID()).get(id)!
  return rows.map((row) => aanpassen(JSON.parse(JSON.stringify(row).replace(UUID, nieuw))))
}

/** 9-digit numbers that fail the elfproef: unique per copy, and never a real BSN. */
function geenBsns(aantal: number, start: number): string[] {
  const uit: string[] = []
  for (let n = start; uit.length < aantal; n++) {
    const s = String(n).padStart(9, '0')
    if (!isValidBsn(s)) uit.push(s)
  }
  return uit
}

async function chunked<T extends ObjectLiteral>(tx: EntityManager, target: EntityTarget<T>, rows: T[]) {
  for (let i = 0; i < rows.length; i += 200) await tx.insert(target, rows.slice(i, i + 200))
}

/** Fills a gemeente database up to about `inwoners` residents (see the top of this file). */
async function vul(db: DataSource, code: string, inwoners: number, aanbieders = generateAanbieders()) {
  await seedGemeente(db, code, { inwoners: Math.min(inwoners, GENERATED_MAX) }, aanbieders)
  let aantal = await db.getRepository(Inwoner).count()
  if (aantal >= inwoners) return
  const seed: GemeenteSeed = generateGemeente(code, { inwoners: GENERATED_MAX }, aanbieders)
  while (aantal < inwoners) {
    const n = Math.round(aantal / seed.inwoners.length)
    const ids = new Map<string, string>()
    const bsns = geenBsns(seed.inwoners.length, 100_000_000 + n * 10_000)
    await db.transaction(async (tx) => {
      await chunked(tx, Huishouden, kopie(seed.huishoudens, ids))
      await chunked(
        tx,
        Inwoner,
        kopie(seed.inwoners, ids, (r) => ({ ...r, bsn: bsns.pop()! })),
      )
      await chunked(tx, Melding, kopie(seed.meldingen, ids))
      await chunked(tx, Gespreksstap, kopie(seed.gespreksstappen, ids))
      await chunked(tx, Plan, kopie(seed.plannen, ids))
      await chunked(tx, PlanVersie, kopie(seed.planVersies, ids))
      await chunked(tx, PlanBehoefte, kopie(seed.behoeften, ids))
      await chunked(tx, Resultaat, kopie(seed.resultaten, ids))
      await chunked(tx, Evaluatie, kopie(seed.evaluaties, ids))
      const nummer = (r: Toewijzing) => ({ ...r, toewijzingNummer: r.toewijzingNummer + n * 100_000 })
      await chunked(tx, Toewijzing, kopie(seed.toewijzingen, ids, nummer))
      await chunked(tx, ToewijzingModule, kopie(seed.toewijzingModules, ids))
    })
    aantal += seed.inwoners.length
  }
  await db.transaction((tx) => herbouwCijfers(tx, code))
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
const fmt = (ms: number) => `${ms.toFixed(1)} ms`

async function meet(n: number, run: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await run() // warm-up: plans cached, pools and JIT warm
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const started = performance.now()
    await run()
    times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)
}

const uitkomsten: {
  size: number
  inwoners: number
  rijen: number
  deel: number[]
  regio: Record<string, number[]>
}[] = []
for (const size of SIZES) {
  const prefix = `h12cijfers_${size}`
  const started = performance.now()
  const admin = await createConnection(mysqlDriverUrl(SERVER))
  for (const code of GEMEENTE_CODES) {
    const name = `${prefix}_g${code}`
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    )
    const db = await openDatabase({ url: `${SERVER}/${name}`, sqlitePath: '', ...gemeenteDatabase })
    await vul(db, code, size)
    await db.destroy()
  }
  await admin.end()
  console.log(
    `${size} residents per gemeente: databases ready in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  )

  const keys = await generateKeyRing()
  const stack = await startStack({
    database: { kind: 'mysql', serverUrl: SERVER, prefix, fresh: false },
    seed: { inwoners: Math.min(size, GENERATED_MAX) },
    keys,
  })
  try {
    const enschede = stack.gemeente(ENSCHEDE).db
    const inwoners = await enschede.getRepository(Inwoner).count()
    const rijen = (await ruweTellingen(enschede, ENSCHEDE)).length
    const deel = await meet(REQUESTS * 2, () => ruweTellingen(enschede, ENSCHEDE))
    const token = await signWithRing({ sub: 'bench', naam: 'Bench', rol: 'ANALIST' }, keys, stack.auth)
    const regio: Record<string, number[]> = {}
    for (const { naam, query } of QUERIES)
      regio[naam] = await meet(REQUESTS, async () => {
        const response = await fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }),
        })
        const body = (await response.json()) as { errors?: unknown[] }
        if (body.errors) throw new Error(`${naam}: ${JSON.stringify(body.errors)}`)
      })
    uitkomsten.push({ size, inwoners, rijen, deel, regio })
  } finally {
    await stack.stop()
  }
}

console.log(
  `\nfigures on MariaDB, 14 gemeenten; ${REQUESTS * 2} reads of Enschede's part, ${REQUESTS} of each regional query`,
)
for (const u of uitkomsten) {
  console.log(`${u.size} per gemeente (Enschede: ${u.inwoners} residents, ${u.rijen} summary rows)`)
  console.log(`  Enschede's part (ruweTellingen)  p50 ${fmt(pct(u.deel, 50))}  p95 ${fmt(pct(u.deel, 95))}`)
  for (const [naam, times] of Object.entries(u.regio))
    console.log(
      `  regio.cijfers (${naam})`.padEnd(35) + `p50 ${fmt(pct(times, 50))}  p95 ${fmt(pct(times, 95))}`,
    )
}
const [klein, groot] = uitkomsten
const ratio = (a: number[], b: number[]) => (pct(b, 50) / pct(a, 50)).toFixed(2)
console.log(`p50 at ${groot.size} over p50 at ${klein.size} residents per gemeente:`)
console.log(`  Enschede's part ${ratio(klein.deel, groot.deel)}`)
for (const naam of Object.keys(klein.regio))
  console.log(`  regio.cijfers (${naam}) ${ratio(klein.regio[naam], groot.regio[naam])}`)
