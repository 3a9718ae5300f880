import '../shared/observability/start-tracing'
import { loadAuth } from '../shared/auth/identity'
import { serve } from '../shared/http/serve'
import { runMain, stopOnSignal } from '../shared/http/shutdown'
import { createLogger } from '../shared/log'
import { loadConfig } from './config'
import { createGateway } from './gateway'

const log = createLogger('gateway')

async function main() {
  const config = loadConfig()
  const auth = await loadAuth(config.auth, { issuer: 'regio', signs: true })
  const gateway = await createGateway({ ...config.gateway, auth })
  const { url, stop } = await serve(gateway.server, {
    port: config.port,
    host: config.host,
    context: gateway.context,
    routes: gateway.routes,
    maxBodyBytes: config.maxBodyBytes,
  })
  stopOnSignal(async () => {
    await stop()
    await gateway.stop()
  }, log)
  log.info({ url }, 'ready')
}

runMain(main, log)
