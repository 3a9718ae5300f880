import type { GraphQLFormattedError } from 'graphql'
import { GraphQLError } from 'graphql'
import { DomainError, ErrorCode } from '../errors'

/**
 * Driver codes that say the database cannot be reached, or the connection to it broke: on the
 * network (refused, reset, timed out, no route, no such host), in mysql2 (the server closed the
 * connection, a command after a fatal error) and from the server (shutting down, no connection
 * slot free).
 */
const GONE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
])

/**
 * What the drivers say without a code: mysql2 and TypeORM once the pool is closed, TypeORM's
 * error for a data source that is no longer connected, better-sqlite3 on a closed database.
 */
const GONE_MESSAGES =
  /Pool is closed|connection is in closed state|Connection is not established|connection is not yet established|database connection is not open/i

/**
 * Whether an error means that the database is gone (unreachable, the connection lost, the pool
 * or the embedded database closed), rather than that a statement was wrong. Looks through
 * GraphQL's originalError and TypeORM's driverError, not through an Error's cause: a failed
 * fetch to another service carries ECONNREFUSED there, and is that service's outage.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown }
    if (typeof code === 'string' && GONE_CODES.has(code)) return true
    if (typeof message === 'string' && GONE_MESSAGES.test(message)) return true
    const next = e as { originalError?: unknown; driverError?: unknown }
    e = next.driverError ?? next.originalError
  }
  return false
}

/**
 * Whether a driver error says that a connection could not be made or broke, as opposed to a
 * pool that was closed on purpose: only the former is worth trying again.
 */
export function isConnectionFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && GONE_CODES.has(code)
}

/** What a client gets when the service's own database is gone: it can try again later. */
export const databaseUnavailable = () =>
  new DomainError(
    ErrorCode.DEPENDENCY_UNAVAILABLE,
    'De database van deze dienst is tijdelijk niet bereikbaar.',
    {
      service: 'database',
    },
  )

/** Whether a formatted error, as an instance sends it, says that the instance's own database is gone. */
export const saysDatabaseUnavailable = (error: GraphQLFormattedError) =>
  error.extensions?.code === ErrorCode.DEPENDENCY_UNAVAILABLE && error.extensions?.service === 'database'

/**
 * Wraps an Apollo Server `formatError`: an error because the database is gone becomes
 * DEPENDENCY_UNAVAILABLE naming the database, instead of a masked INTERNAL_SERVER_ERROR, so
 * that a client (and the gateway) can tell an outage from a bug. Everything else goes to
 * `format` as before.
 */
export function reportDatabaseOutages(
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
  onOutage: (err: unknown) => void = () => {},
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (!isDatabaseUnavailable(error)) return format(formatted, error)
    onOutage(error instanceof GraphQLError ? (error.originalError ?? error) : error)
    const { message, extensions } = databaseUnavailable()
    return { message, path: formatted.path, locations: formatted.locations, extensions }
  }
}
