import 'reflect-metadata'
import '../../shared/observability/start-tracing'
import { loadAuth } from '../../shared/auth/identity'
import { openDatabaseWithRetry } from '../../shared/db/database'
import { serve } from '../../shared/http/serve'
import { runMain, stopOnSignal } from '../../shared/http/shutdown'
import { createLogger } from '../../shared/log'
import { loadConfig } from './config'
import { seedCatalogus } from './seed/seed'
import { catalogusDatabase, createCatalogusServer } from './server'

const log = createLogger('catalogus')

async function main() {
  const config = loadConfig()
  const db = await openDatabaseWithRetry({ ...config.database, ...catalogusDatabase }, log)
  if (config.seedWhenEmpty && (await seedCatalogus(db))) log.info('seeded the example catalogue')
  const auth = await loadAuth(config.auth, { issuer: null, signs: false, self: 'catalogus' })
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
  }, log)
  log.info({ url }, 'ready')
}

runMain(main, log)
