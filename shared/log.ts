import pino, { type DestinationStream, type Logger } from 'pino'
import { trace } from '@opentelemetry/api'

export type { Logger }

/**
 * Fields that can hold who a resident is. A log line never carries them, whatever object is
 * logged: pino replaces the value before the line is written.
 */
const PERSONAL_FIELDS = [
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
]
const REDACT = [...PERSONAL_FIELDS, ...PERSONAL_FIELDS.map((f) => `*.${f}`)]

/**
 * A BSN is nine digits; so is nothing else this graph logs (AGB codes have eight, CBS codes
 * four). A driver's error message can quote a value it refused: it is scrubbed as well.
 */
const NINE_DIGITS = /(?<!\d)\d{9}(?!\d)/g
export const scrub = (text: string) => text.replace(NINE_DIGITS, '[bsn]')

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value)
  if (depth > 5 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1))
  if (value instanceof Error) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]))
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
      // Every string in a line, however deep: a statement's text or a driver's detail can quote one.
      log: (object) => scrubDeep(object) as Record<string, unknown>,
    },
    redact: { paths: REDACT, censor: '[verborgen]' },
    serializers: {
      err: (err: unknown) => {
        const out = pino.stdSerializers.err(err as Error)
        return { ...out, message: scrub(out.message ?? ''), stack: out.stack && scrub(out.stack) }
      },
    },
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
