import { buildSubgraphSchema } from '@apollo/subgraph'
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper'
import { printSchemaWithDirectives } from '@graphql-tools/utils'
import { parse, type GraphQLSchema } from 'graphql'
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql'

/** The one place where the Federation version is chosen. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])'

export type ReferenceResolvers = Record<string, { __resolveReference: (...args: never[]) => unknown }>

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
  const schema = await buildSchema({ ...options, skipCheck: true })
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`)
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as never
  }
  return buildSubgraphSchema({ typeDefs, resolvers })
}
