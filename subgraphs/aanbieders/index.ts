import 'reflect-metadata'
import { openDatabase } from '../../shared/db/database'
import { listen } from '../../shared/http/serve'
import { stopOnSignal } from '../../shared/http/shutdown'
import { loadConfig } from './config'
import { seedAanbieders } from './seed/seed'
import { aanbiedersDatabase, createAanbiedersServer } from './server'

async function main() {
  const config = loadConfig()
  const db = await openDatabase({ ...config.database, ...aanbiedersDatabase })
  if (config.seedWhenEmpty && (await seedAanbieders(db))) console.log('aanbieders: seeded the demo registry')
  const { server, context } = await createAanbiedersServer(db, config.auth)
  const { url, stop } = await listen(server, config.port, context, config.host)
  stopOnSignal(async () => {
    await stop()
    await db.destroy()
  })
  console.log(`aanbieders ready at ${url}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
