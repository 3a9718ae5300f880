/**
 * Imported first by every entrypoint: starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set
 * (shared/observability/tracing.ts), before any service is built. A setting it cannot use stops
 * the process with one line naming it.
 */
import { createLogger } from '../log'
import { startTracing } from './tracing'

try {
  await startTracing()
} catch (err) {
  createLogger('process').fatal(
    { reason: err instanceof Error ? err.message : String(err) },
    'could not start',
  )
  process.exit(1)
}
