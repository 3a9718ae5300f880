import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server'
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled'
import { apolloDefaultsOff } from '../graphql/apollo-defaults-off'
import type { GraphQLSchema } from 'graphql'
import { gatewayOnlyFields } from '../auth/gateway-only'
import { reportDatabaseOutages } from '../db/faults'
import { maskErrors } from '../errors'
import { SCHEMA_HASH_HEADER, schemaHash, servedSdl } from '../federation/schema-hash'
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
 * The same Apollo Server settings for every subgraph: masked errors (an outage of its database
 * reported as DEPENDENCY_UNAVAILABLE), no stack traces, the same operation limits as the
 * gateway (an instance can be reached without it), and the hash of its schema on every answer.
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
    formatError: reportDatabaseOutages(maskErrors(log), (err) =>
      log.warn({ err }, 'the database is unavailable; answered DEPENDENCY_UNAVAILABLE'),
    ),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Signals are handled once per process (shared/http/shutdown), not once per server.
    stopOnTerminationSignals: false,
    // No Apollo usage reporting here, so federated traces would only cost time on every fetch;
    // no cache hints either (shared/graphql/apollo-defaults-off.ts).
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ...apolloDefaultsOff(),
      ...(limits ? [operationLimitsPlugin<TContext>(instanceLimits(limits))] : []),
      gatewayOnlyFields<TContext>(),
      schemaHashPlugin<TContext>(),
      ...plugins,
      ...(observed?.plugins<TContext>() ?? []),
    ],
  })
  return observed ? observed.adopt(server) : server
}

/**
 * Sends the hash of the SDL this instance serves with every answer (header `x-schema-hash`),
 * so that the gateway sees a schema it did not compose on the first answer that carries it.
 */
export function schemaHashPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  let hash: string | undefined
  return {
    async serverWillStart({ schema }) {
      hash = schemaHash(await servedSdl(schema))
    },
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (hash) response.http.headers.set(SCHEMA_HASH_HEADER, hash)
        },
      }
    },
  }
}
