import { buildSubgraphSchema } from '@apollo/subgraph'
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper'
import { printSchemaWithDirectives } from '@graphql-tools/utils'
import { parse, type GraphQLSchema } from 'graphql'
import { buildSchema, createResolversMap, type BuildSchemaOptions, type MiddlewareFn } from 'type-graphql'
import { deadlineExceeded } from '../errors'
import { valideerArgumenten } from '../graphql/validation'
import { entityKeys, guardRepresentations } from './entity-keys'

/** The one place where the Federation version is chosen. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])'

export type ReferenceResolvers = Record<string, { __resolveReference: (...args: never[]) => unknown }>

/** The part of every subgraph's context that says whether anyone still waits for the answer. */
type Abortable = { signal?: AbortSignal }

/**
 * Stops resolving once nobody waits for the answer: the request's signal aborts when the caller
 * disconnects or the instance's execution deadline passes. Every field and reference resolver
 * checks it before it runs, so a deep query stops at the next level instead of computing for
 * seconds after the gateway gave up; work already under way finishes (a database statement is
 * cut off by its own time limit, see shared/db/database.ts).
 *
 * DEADLINE_EXCEEDED rather than DEPENDENCY_UNAVAILABLE: nothing this instance depends on is
 * down, and the caller should ask for less rather than try the same again. The gateway relays
 * it as an answer, so it never counts against the gemeente's circuit breaker.
 */
export const stopWhenAborted: MiddlewareFn<Abortable> = ({ context }, next) => {
  if (context?.signal?.aborted) throw deadlineExceeded()
  return next()
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
    validateFn: valideerArgumenten,
    ...options,
    // First, so that no other middleware (such as an access log entry) runs for a dropped request.
    globalMiddlewares: [stopWhenAborted, ...(options.globalMiddlewares ?? [])],
    skipCheck: true,
  })
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`)
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>
  for (const [typeName, { __resolveReference }] of Object.entries(referenceResolvers)) {
    // Reference resolvers are federation's, not type-graphql's: the middleware does not see them.
    // Thrown synchronously, it fails the whole `_entities` fetch with one error, not one per entity.
    const checked = (...args: never[]) => {
      if ((args[1] as Abortable | undefined)?.signal?.aborted) throw deadlineExceeded()
      return __resolveReference(...args)
    }
    resolvers[typeName] = { ...(resolvers[typeName] as object), __resolveReference: checked } as never
  }
  const subgraph = buildSubgraphSchema({ typeDefs, resolvers })
  guardRepresentations(subgraph, entityKeys(typeDefs))
  return subgraph
}
