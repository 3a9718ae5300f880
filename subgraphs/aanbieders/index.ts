import 'reflect-metadata'
import '../../shared/observability/start-tracing'
import { loadAuth } from '../../shared/auth/identity'
import { openDatabaseWithRetry } from '../../shared/db/database'
import { serve } from '../../shared/http/serve'
import { runMain, stopOnSignal } from '../../shared/http/shutdown'
import { createLogger } from '../../shared/log'
import { loadConfig } from './config'
import { seedAanbieders } from './seed/seed'
import { aanbiedersDatabase, createAanbiedersServer } from './server'

const log = createLogger('aanbieders')

async function main() {
  const config = loadConfig()
  const db = await openDatabaseWithRetry({ ...config.database, ...aanbiedersDatabase }, log)
  if (config.seedWhenEmpty && (await seedAanbieders(db))) log.info('seeded the demo registry')
  const auth = await loadAuth(config.auth, { issuer: 'register', signs: false, self: 'aanbieders' })
  const { server, context, routes } = await createAanbiedersServer(db, auth, config.limits)
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
