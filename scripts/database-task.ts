// `npm run migrate -- <service>` and `npm run seed -- <service>`: the same database settings as
// the service itself (DATABASE_URL or SQLITE_PATH, and GEMEENTE_CODE for a gemeente), run once
// and exit, so that an operator can migrate before a rollout or fill a demo database on purpose.
//   npm run migrate -- gemeente          (with GEMEENTE_CODE=0153 DATABASE_URL=mysql://…)
//   npm run seed -- catalogus
//   npm run cijfers:herbouw              (a gemeente: recounts its figures' summary from its rows)
import 'reflect-metadata'
import { openDatabase, type DatabaseOptions } from '../shared/db/database'
import { seedAanbieders } from '../subgraphs/aanbieders/seed/seed'
import { aanbiedersDatabase } from '../subgraphs/aanbieders/server'
import { loadConfig as aanbiedersConfig } from '../subgraphs/aanbieders/config'
import { seedCatalogus } from '../subgraphs/catalogus/seed/seed'
import { catalogusDatabase } from '../subgraphs/catalogus/server'
import { loadConfig as catalogusConfig } from '../subgraphs/catalogus/config'
import { herbouwCijfers } from '../subgraphs/gemeente/cijfers/herbouw'
import { seedGemeente } from '../subgraphs/gemeente/seed/seed'
import { gemeenteDatabase } from '../subgraphs/gemeente/server'
import { loadConfig as gemeenteConfig } from '../subgraphs/gemeente/config'

const [task, service] = process.argv.slice(2)
const SERVICES = {
  catalogus: () => ({
    database: { ...catalogusConfig().database, ...catalogusDatabase },
    seed: seedCatalogus,
  }),
  aanbieders: () => ({
    database: { ...aanbiedersConfig().database, ...aanbiedersDatabase },
    seed: (db: Parameters<typeof seedAanbieders>[0]) => seedAanbieders(db),
  }),
  gemeente: () => {
    const config = gemeenteConfig()
    return {
      database: { ...config.database, ...gemeenteDatabase },
      seed: (db: Parameters<typeof seedGemeente>[0]) =>
        seedGemeente(db, config.gemeente.code, { inwoners: config.seedInwoners }),
    }
  },
} satisfies Record<string, () => { database: DatabaseOptions; seed: (db: never) => Promise<boolean> }>

if (task === 'herbouw') {
  // After an upgrade that brought the summary table, or whenever it is in doubt: one transaction.
  const config = gemeenteConfig()
  const db = await openDatabase({ ...config.database, ...gemeenteDatabase })
  const rijen = await db.transaction((tx) => herbouwCijfers(tx, config.gemeente.code))
  console.log(`gemeente ${config.gemeente.code}: figures rebuilt, ${rijen} summary rows`)
  await db.destroy()
  process.exit(0)
}
if ((task !== 'migrate' && task !== 'seed') || !(service in SERVICES)) {
  process.stderr.write(`usage: npm run ${task ?? 'migrate'} -- <${Object.keys(SERVICES).join('|')}>\n`)
  process.exit(2)
}
const { database, seed } = SERVICES[service as keyof typeof SERVICES]()
// Opening the database runs every pending migration (shared/db/database.ts).
const db = await openDatabase(database)
if (task === 'migrate') {
  console.log(`${service}: ${db.migrations.length} migrations applied or already there`)
} else {
  console.log((await seed(db as never)) ? `${service}: seeded` : `${service}: has data already, not seeded`)
}
await db.destroy()
