import 'reflect-metadata'
import { loadAuth } from '../../shared/auth/identity'
import { openDatabase } from '../../shared/db/database'
import { serve } from '../../shared/http/serve'
import { stopOnSignal } from '../../shared/http/shutdown'
import { loadConfig } from './config'
import { seedCatalogus } from './seed/seed'
import { catalogusDatabase, createCatalogusServer } from './server'

async function main() {
  const config = loadConfig()
  const db = await openDatabase({ ...config.database, ...catalogusDatabase })
  if (config.seedWhenEmpty && (await seedCatalogus(db)))
    console.log('catalogus: seeded the example catalogue')
  const auth = await loadAuth(config.auth, null)
  const { server, context, routes } = await createCatalogusServer(db, auth, config.limits)
  const { url, stop } = await serve(server, {
    port: config.port,
    host: config.host,
    context,
    routes,
    ...config.http,
  })
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
