import { createLogger, type Logger } from '../log'
import { stopTracing } from '../observability/tracing'

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits: the service stops accepting, requests in
 * flight finish within their deadline, background work is flushed and connections close.
 */
export function stopOnSignal(stop: () => Promise<void>, log: Logger = createLogger('process')) {
  let stopping = false
  const handler = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'stopping: no new requests, finishing those in flight')
    // The last spans leave before the process does.
    const stopped = stop().finally(stopTracing)
    stopped.then(
      () => {
        log.info('stopped')
        process.exit(0)
      },
      (err: unknown) => {
        log.error({ err }, 'could not stop cleanly')
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
}

/**
 * Runs a service's `main`. A failure to start is one clear line (the reason, naming the setting
 * where there is one), not a driver's stack; the stack is there at LOG_LEVEL=debug.
 */
export function runMain(main: () => Promise<void>, log: Logger) {
  main().catch((err: unknown) => {
    log.fatal({ reason: err instanceof Error ? err.message : String(err) }, 'could not start')
    log.debug({ err }, 'start-up failure')
    process.exitCode = 1
    // A moment for the log line to leave the process, then stop whatever start-up had opened.
    setTimeout(() => process.exit(1), 200)
  })
}
