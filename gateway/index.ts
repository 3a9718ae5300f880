import { listen } from '../shared/http/serve'
import { stopOnSignal } from '../shared/http/shutdown'
import { loadConfig } from './config'
import { createGateway } from './gateway'

async function main() {
  const config = loadConfig()
  const gateway = await createGateway(config.gateway)
  const { url } = await listen(gateway.server, config.port, gateway.context, config.host)
  stopOnSignal(gateway.stop)
  console.log(`gateway ready at ${url}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
