import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server'
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled'
import type { GraphQLSchema } from 'graphql'
import { maskErrors } from '../errors'

/** The same Apollo Server settings for every subgraph: masked errors, no stack traces. */
export function createSubgraphServer<TContext extends BaseContext>(
  schema: GraphQLSchema,
  plugins: ApolloServerPlugin<TContext>[] = [],
): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    schema,
    formatError: maskErrors(),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Signals are handled once per process (shared/http/shutdown), not once per server.
    stopOnTerminationSignals: false,
    // No Apollo usage reporting here, so federated traces would only cost time on every fetch.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...plugins],
  })
}
