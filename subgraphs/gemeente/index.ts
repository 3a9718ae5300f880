import 'reflect-metadata'
import { loadAuth } from '../../shared/auth/identity'
import { gemeenteIssuer } from '../../shared/auth/issuers'
import { openDatabase } from '../../shared/db/database'
import { serve } from '../../shared/http/serve'
import { stopOnSignal } from '../../shared/http/shutdown'
import { loadConfig } from './config'
import { seedGemeente } from './seed/seed'
import { createGemeenteServer, gemeenteDatabase } from './server'

async function main() {
  const config = loadConfig()
  const db = await openDatabase({ ...config.database, ...gemeenteDatabase })
  if (config.seed && (await seedGemeente(db, config.gemeente.code, config.seed))) {
    console.log(`gemeente ${config.gemeente.code}: seeded ${config.seed.inwoners} synthetic residents`)
  }
  const auth = await loadAuth(config.auth, gemeenteIssuer(config.gemeente.code))
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
    await bezorger.stop()
    await stop()
    await db.destroy()
  })
  console.log(`gemeente ${config.gemeente.code} (${config.gemeente.naam}) ready at ${url}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
