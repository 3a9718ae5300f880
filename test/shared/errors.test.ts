import type { Logger } from '../../shared/log'
import { describe, expect, it } from 'vitest'
import { GraphQLError, locatedError, type GraphQLFormattedError } from 'graphql'
import { maskErrors, notFound } from '../../shared/errors'

/** A logger that keeps the errors it is given, to see what was logged. */
const loggingInto = (into: unknown[]) =>
  ({ error: ({ err }: { err: unknown }) => void into.push(err) }) as unknown as Logger

const GENERIC = 'Er ging intern iets mis. Probeer het later opnieuw.'
const SQL = "SELECT * FROM inwoner WHERE bsn = '999990019'"

/** What Apollo Server hands formatError: the error as JSON, a default code, and (in development) the stack. */
function formattedByApollo(error: GraphQLError): GraphQLFormattedError {
  return {
    ...error.toJSON(),
    extensions: {
      ...error.extensions,
      code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR',
      stacktrace: error.stack?.split('\n'),
    },
  }
}

function masker() {
  const logged: unknown[] = []
  return { logged, format: maskErrors(loggingInto(logged)) }
}

describe('maskErrors', () => {
  it('passes a domain error that a resolver threw unchanged, without the stacktrace', () => {
    const { logged, format } = masker()
    const error = locatedError(notFound('Plan', 'p1'), undefined, ['plan'])

    expect(format(formattedByApollo(error), error)).toEqual({
      message: 'Plan p1 bestaat niet of is niet zichtbaar voor u.',
      path: ['plan'],
      extensions: { id: 'p1', code: 'NOT_FOUND' },
    })
    expect(logged).toEqual([])
  })

  it('passes an error with a public code that the gateway relays from a subgraph as a plain object', () => {
    const { logged, format } = masker()
    const relayed = {
      message: 'Gemeente 0141 is niet bereikbaar: de dienst is niet bereikbaar.',
      path: ['almelo'],
      extensions: { code: 'GEMEENTE_UNAVAILABLE', gemeente: '0141' },
    }

    expect(format(relayed, relayed)).toEqual(relayed)
    expect(logged).toEqual([])
  })

  it('masks a relayed plain-object error whose code is not public', () => {
    const { format } = masker()
    const relayed = { message: SQL, path: ['inwoner'], extensions: { code: 'ER_PARSE_ERROR' } }

    expect(format(relayed, relayed)).toEqual({
      message: GENERIC,
      path: ['inwoner'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    })
  })

  it('masks an unexpected Error thrown by a resolver, logs it, and lets no SQL reach the client', () => {
    const { logged, format } = masker()
    const bug = new Error(SQL)
    const error = locatedError(bug, undefined, ['plan'])

    const output = format(formattedByApollo(error), error)
    expect(output).toEqual({
      message: GENERIC,
      path: ['plan'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    })
    expect(JSON.stringify(output)).not.toMatch(/SELECT|inwoner|bsn/)
    expect(logged).toEqual([bug])
  })

  it('masks an unexpected Error that Apollo wrapped without a path, as it does when building the context fails', () => {
    const { logged, format } = masker()
    const bug = new Error(SQL)
    // What Apollo Server builds for a context function that throws (ensureGraphQLError).
    const error = new GraphQLError(`Context creation failed: ${bug.message}`, { originalError: bug })

    const output = format(formattedByApollo(error), error)
    expect(output).toEqual({ message: GENERIC, extensions: { code: 'INTERNAL_SERVER_ERROR' } })
    expect(JSON.stringify(output)).not.toMatch(/SELECT|inwoner|bsn/)
    expect(logged).toHaveLength(1)
  })
})
