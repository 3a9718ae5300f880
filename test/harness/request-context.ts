import { parse, type GraphQLSchema } from 'graphql'
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface'

/**
 * A request context as Apollo Server hands one to the gateway's executor, for a query without
 * variables: a new one per call, as each request gets its own.
 */
export function requestContextFor(schema: GraphQLSchema, query: string, queryHash = 'h') {
  const document = parse(query)
  return () =>
    ({
      queryHash,
      request: { query, variables: {} },
      document,
      operation: document.definitions[0],
      schema,
      context: {},
    }) as unknown as GatewayGraphQLRequestContext
}
