import 'reflect-metadata'
import { openDatabase } from '../../shared/db/database'
import { listen } from '../../shared/http/serve'
import { stopOnSignal } from '../../shared/http/shutdown'
import { loadConfig } from './config'
import { seedCatalogus } from './seed/seed'
import { catalogusDatabase, createCatalogusServer } from './server'

async function main() {
  const config = loadConfig()
  const db = await openDatabase({ ...config.database, ...catalogusDatabase })
  if (config.seedWhenEmpty && (await seedCatalogus(db)))
    console.log('catalogus: seeded the example catalogue')
  const { server, context } = await createCatalogusServer(db, config.auth)
  const { url, stop } = await listen(server, config.port, context, config.host)
  stopOnSignal(async () => {
    await stop()
    await db.destroy()
  })
  console.log(`catalogus ready at ${url}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
