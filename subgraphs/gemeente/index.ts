import 'reflect-metadata'
import '../../shared/observability/start-tracing'
import { loadAuth } from '../../shared/auth/identity'
import { gemeenteIssuer } from '../../shared/auth/issuers'
import { openDatabaseWithRetry } from '../../shared/db/database'
import { serve } from '../../shared/http/serve'
import { runMain, stopOnSignal } from '../../shared/http/shutdown'
import { createLogger } from '../../shared/log'
import { loadConfig } from './config'
import { seedGemeente } from './seed/seed'
import { createGemeenteServer, gemeenteDatabase } from './server'

const log = createLogger('gemeente', { gemeente: process.env.GEMEENTE_CODE })

async function main() {
  const config = loadConfig()
  const db = await openDatabaseWithRetry({ ...config.database, ...gemeenteDatabase }, log)
  if (config.seed && (await seedGemeente(db, config.gemeente.code, config.seed))) {
    log.info({ inwoners: config.seed.inwoners }, 'seeded synthetic residents')
  }
  const auth = await loadAuth(config.auth, {
    issuer: gemeenteIssuer(config.gemeente.code),
    signs: true,
    self: gemeenteIssuer(config.gemeente.code),
  })
  const { server, context, bezorger, routes } = await createGemeenteServer({ ...config, auth, db })
  const { url, stop } = await serve(server, {
    port: config.port,
    host: config.host,
    context,
    routes,
    ...config.http,
  })
  bezorger.start()
  stopOnSignal(async () => {
    // Requests in flight first (they may add to the outbox), then one last delivery round.
    await stop()
    await bezorger.stop()
    await bezorger.bezorg().catch(() => 0)
    await db.destroy()
  }, log)
  log.info({ url, naam: config.gemeente.naam }, 'ready')
}

runMain(main, log)
