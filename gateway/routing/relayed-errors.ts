import { GraphQLError, type GraphQLFormattedError } from 'graphql'

/**
 * A subgraph that refuses a fetch with a GraphQL answer and a non-2xx status (401, 403, 400, a
 * 503 when its database is gone) said why: its errors, already masked by the subgraph. They are
 * relayed as they are, never the subgraph's URL or raw body, and never as "unavailable": the
 * service answered. Implements R25.
 */
export class RelayedErrors extends GraphQLError {
  constructor(
    readonly status: number,
    readonly errors: GraphQLFormattedError[],
  ) {
    super(errors[0].message, { extensions: { ...errors[0].extensions } })
  }
}

/** The errors of a GraphQL answer body, or null when the body is not one. */
export function graphqlErrorsOf(body: unknown): GraphQLFormattedError[] | null {
  const errors = (body as { errors?: unknown } | null)?.errors
  if (!Array.isArray(errors) || errors.length === 0) return null
  return errors.every((e) => typeof (e as { message?: unknown })?.message === 'string')
    ? (errors as GraphQLFormattedError[])
    : null
}
