import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server'
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled'
import type { GraphQLSchema } from 'graphql'
import { sdlOnlyForGateway } from '../auth/sdl-guard'
import { maskErrors } from '../errors'
import { createLogger, type Logger } from '../log'
import type { Observed } from '../observability/service'
import { traceRootFields } from '../observability/tracing'
import {
  DEFAULT_LIMITS,
  instanceLimits,
  operationLimitsPlugin,
  type OperationLimits,
} from '../graphql/limits'

/**
 * The same Apollo Server settings for every subgraph: masked errors, no stack traces, and the
 * same operation limits as the gateway (an instance can be reached without it).
 */
export function createSubgraphServer<TContext extends BaseContext>(
  schema: GraphQLSchema,
  plugins: ApolloServerPlugin<TContext>[] = [],
  limits: OperationLimits | false = DEFAULT_LIMITS,
  log: Logger = createLogger('subgraph'),
  observed?: Observed,
): ApolloServer<TContext> {
  const server = new ApolloServer<TContext>({
    schema: traceRootFields(schema),
    formatError: maskErrors(log),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Signals are handled once per process (shared/http/shutdown), not once per server.
    stopOnTerminationSignals: false,
    // No Apollo usage reporting here, so federated traces would only cost time on every fetch.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ...(limits ? [operationLimitsPlugin<TContext>(instanceLimits(limits))] : []),
      sdlOnlyForGateway<TContext>(),
      ...plugins,
      ...(observed?.plugins<TContext>() ?? []),
    ],
  })
  return observed ? observed.adopt(server) : server
}
