import { buildSubgraphSchema } from '@apollo/subgraph'
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper'
import { printSchemaWithDirectives } from '@graphql-tools/utils'
import { parse, type GraphQLSchema } from 'graphql'
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql'
import { deadlineExceeded } from '../errors'
import { validateArguments } from '../graphql/validation'
import { wrapResolvers } from '../graphql/wrap-resolvers'
import { entityKeys, guardRepresentations } from './entity-keys'

/** The one place where the Federation version is chosen. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])'

export type ReferenceResolvers = Record<string, { __resolveReference: (...args: never[]) => unknown }>

/** The part of every subgraph's context that says whether anyone still waits for the answer. */
type Abortable = { signal?: AbortSignal } | undefined

/**
 * Stops resolving once nobody waits for the answer: the request's signal aborts when the caller
 * disconnects or the instance's execution deadline passes. Every field resolver of the schema,
 * federation's `_entities` included, checks it before it runs, so a deep query stops at the
 * next level instead of computing for seconds after the gateway gave up; work already under
 * way finishes (a database statement is cut off by its own time limit, shared/db/database.ts).
 *
 * A plain wrapper (see wrapResolvers), not a type-graphql global middleware: one synchronous
 * property read per field.
 *
 * DEADLINE_EXCEEDED rather than DEPENDENCY_UNAVAILABLE: nothing this instance depends on is
 * down, and the caller should ask for less rather than try the same again. The gateway relays
 * it as an answer, so it never counts against the gemeente's circuit breaker.
 */
export function stopResolvingWhenAborted(schema: GraphQLSchema): GraphQLSchema {
  return wrapResolvers<Abortable>(
    schema,
    () => true,
    (resolve) => (source, args, context, info) => {
      if (context?.signal?.aborted) throw deadlineExceeded()
      return resolve(source, args, context, info)
    },
  )
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql resolvers.
 *
 * type-graphql knows nothing of federation: we let it build a plain schema (skipCheck, because
 * entity stubs have no root field pointing at them), print it with its directives, add the one
 * `@link` line and hand it to `buildSubgraphSchema` with the reference resolvers merged in.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    // Every input and args object is checked against its class-validator limits before use.
    validateFn: validateArguments,
    ...options,
    skipCheck: true,
  })
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`)
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as never
  }
  const subgraph = buildSubgraphSchema({ typeDefs, resolvers })
  guardRepresentations(subgraph, entityKeys(typeDefs))
  return stopResolvingWhenAborted(subgraph)
}
