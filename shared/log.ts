import pino, { type DestinationStream, type Logger } from 'pino'
import { trace } from '@opentelemetry/api'

export type { Logger }

/**
 * Fields that can hold who a resident is. A log line never carries them, at any depth of
 * whatever object is logged: the value is replaced before the line is written.
 */
const PERSONAL_FIELDS = new Set([
  'bsn',
  'naam',
  'voornamen',
  'achternaam',
  'geboortedatum',
  'adres',
  'straat',
  'huisnummer',
  'postcode',
  'woonplaats',
  'authorization',
  // A failed statement's bound values (TypeORM's QueryFailedError) are a resident's data.
  'parameters',
])
const HIDDEN = '[verborgen]'

/**
 * A BSN is nine digits; so is nothing else this graph logs (AGB codes have eight, CBS codes
 * four). A driver's error message can quote a value it refused: it is scrubbed as well.
 */
const NINE_DIGITS = /(?<!\d)\d{9}(?!\d)/g
export const scrub = (text: string) => text.replace(NINE_DIGITS, '[bsn]')

/** Every string scrubbed and every personal field hidden, however deep; errors as plain objects. */
function clean(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value)
  if (depth > 6 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1))
  const source = value instanceof Error ? pino.stdSerializers.err(value) : value
  return Object.fromEntries(
    Object.entries(source).map(([k, v]) => [k, PERSONAL_FIELDS.has(k) ? HIDDEN : clean(v, depth + 1)]),
  )
}

export interface LoggerOptions {
  gemeente?: string
  level?: string
  /** Where lines go; standard output when absent. Tests pass a stream to read them back. */
  destination?: DestinationStream
}

function rootOptions(level: string): pino.LoggerOptions {
  return {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      // A statement's text or a driver's detail can quote a value: every line is cleaned whole.
      log: (object) => clean(object) as Record<string, unknown>,
    },
    // Errors are already plain objects by then (see clean), with their own type kept.
    serializers: { err: (err: unknown) => err },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>,
        )
      },
    },
    // The trace a line belongs to, so that logs and traces of one request can be joined.
    mixin() {
      const span = trace.getActiveSpan()
      return span ? { traceId: span.spanContext().traceId } : {}
    },
  }
}

const defaultLevel = () => process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info')

let shared: Logger | null = null
/**
 * One root logger per process (the demo runs seventeen services in one), so that every line
 * goes through one stream; in development on a terminal it is printed readably.
 */
function root(): Logger {
  if (shared) return shared
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production' && !process.env.VITEST
  shared = pretty
    ? pino({
        ...rootOptions(defaultLevel()),
        transport: {
          target: 'pino-pretty',
          options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
        },
      })
    : pino(rootOptions(defaultLevel()))
  return shared
}

/**
 * Sends every logger made from now on to `destination` at `level`: for tests that read the
 * lines back, and for tools that log elsewhere than standard output.
 */
export function redirectLogs(destination: DestinationStream, level = 'info') {
  shared = pino(rootOptions(level), destination)
}

/** The logger of one service: every line names the service, and the gemeente where there is one. */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  const bindings = { service, ...(options.gemeente ? { gemeente: options.gemeente } : {}) }
  if (options.destination) {
    return pino(rootOptions(options.level ?? 'info'), options.destination).child(bindings)
  }
  const logger = root().child(bindings)
  if (options.level) logger.level = options.level
  return logger
}
