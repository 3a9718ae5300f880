import { GraphQLError, type GraphQLFormattedError } from 'graphql'
import { unwrapResolverError } from '@apollo/server/errors'
import { createLogger, type Logger } from './log'

/**
 * Every error code a client can rely on. Codes are part of the API: add, never rename.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  GEMEENTE_UNAVAILABLE: 'GEMEENTE_UNAVAILABLE',
  DEPENDENCY_UNAVAILABLE: 'DEPENDENCY_UNAVAILABLE',
  /** An operation over a limit (extensions.limit: depth, aliases, directives, tokens or cost); HTTP 400. */
  OPERATION_LIMIT_EXCEEDED: 'OPERATION_LIMIT_EXCEEDED',
  /** A caller over its budget of requests; HTTP 429 with Retry-After. */
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The request's execution deadline passed, or its caller went away: the rest was not resolved. */
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } })
  }
}

export const badInput = (message: string, field?: string) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {})
export const unauthenticated = (message = 'Geen geldige identiteit: log opnieuw in.') =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message)
export const forbidden = (message: string) => new DomainError(ErrorCode.FORBIDDEN, message)
export const notFound = (what: string, id: string) =>
  new DomainError(ErrorCode.NOT_FOUND, `${what} ${id} bestaat niet of is niet zichtbaar voor u.`, { id })
export const conflict = (message: string, extensions: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.CONFLICT, message, extensions)
export const preconditionFailed = (message: string, extensions: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.PRECONDITION_FAILED, message, extensions)

export const dependencyUnavailable = (service: string) =>
  new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, `De dienst ${service} is tijdelijk niet bereikbaar.`, {
    service,
  })

/** Figures computed without these gemeenten: their counts are not at the catalogue (see RegioTellingen). */
export const figuresWithout = (gemeenten: string[]) =>
  new DomainError(
    ErrorCode.DEPENDENCY_UNAVAILABLE,
    `De tellingen van ${gemeenten.join(', ')} zijn nu niet beschikbaar: de cijfers zijn zonder deze gemeenten.`,
    { gemeenten },
  )

export const deadlineExceeded = () =>
  new DomainError(
    ErrorCode.DEADLINE_EXCEEDED,
    'Dit deel van het antwoord is niet berekend: de tijdslimiet van het verzoek is verstreken.',
  )

const GENERIC_MESSAGE = 'Er ging intern iets mis. Probeer het later opnieuw.'

const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode))
// Apollo Server's own request errors (parse, validation, bad variables) are safe to show as they are.
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
])

/**
 * Apollo Server `formatError`: domain errors pass, anything unexpected is logged with its
 * stack and replaced by a generic message, so that no SQL, stack or file path reaches a client.
 */
export function maskErrors(log: Logger = createLogger('graphql')) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error)
    const code = formatted.extensions?.code
    const wrapped = error instanceof GraphQLError ? error.originalError : undefined
    // A thrown Error that is not a GraphQLError is a bug or a driver failure, also when Apollo
    // wrapped it (a failing context function arrives as a GraphQLError around it, without a path).
    const isBug = (e: unknown) => e instanceof Error && !(e instanceof GraphQLError)
    const bug = isBug(original) || isBug(wrapped)
    if (code === ErrorCode.INTERNAL_SERVER_ERROR && !bug && formatted.message === GENERIC_MESSAGE) {
      return withoutStack(formatted) // already masked by the subgraph that raised it
    }
    // Anything else with a public code is deliberate: ours, Apollo's request errors, or one that
    // a subgraph vetted and the gateway relays (those arrive as plain objects).
    const deliberate =
      !bug &&
      typeof code === 'string' &&
      code !== ErrorCode.INTERNAL_SERVER_ERROR &&
      (PUBLIC_CODES.has(code) || APOLLO_REQUEST_CODES.has(code))
    if (deliberate) return withoutStack(formatted)
    if (statementTimedOut(original)) {
      const { message, extensions } = deadlineExceeded()
      return { message, path: formatted.path, locations: formatted.locations, extensions }
    }
    log.error({ err: original }, 'unexpected error, masked for the client')
    return {
      message: GENERIC_MESSAGE,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    }
  }
}

/**
 * A statement the database cut off at its time limit: MariaDB errno 1969, MySQL 3024; or one
 * that waited for a row lock longer than the same limit allows (1205, innodb_lock_wait_timeout,
 * see shared/db): another change held the row past the request's deadline.
 */
function statementTimedOut(err: unknown): boolean {
  const e = err as { errno?: unknown; driverError?: { errno?: unknown } } | undefined
  const errno = e?.driverError?.errno ?? e?.errno
  return errno === 1969 || errno === 3024 || errno === 1205
}

/** Without a stack, and without a subgraph's raw response (its URL and body) should one slip through. */
function withoutStack(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions || 'response' in formatted.extensions))
    return formatted
  const { stacktrace: _stack, response: _response, ...extensions } = formatted.extensions
  return { ...formatted, extensions }
}
