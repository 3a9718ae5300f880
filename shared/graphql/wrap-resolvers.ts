import {
  defaultFieldResolver,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql'

/**
 * Puts `wrap` around the resolver of every field that `select` picks, in place. This is how
 * checks that concern some fields only (root fields, types with personal data) run on exactly
 * those: type-graphql's global middlewares run asynchronously on every field of every row,
 * scalars included, and made a list of 20,000 rows of 5 fields take 1.3 s instead of 70 ms.
 */
export function wrapResolvers<TContext>(
  schema: GraphQLSchema,
  select: (type: GraphQLObjectType, field: GraphQLField<unknown, TContext>) => boolean,
  wrap: (
    resolve: GraphQLFieldResolver<unknown, TContext>,
    type: GraphQLObjectType,
  ) => GraphQLFieldResolver<unknown, TContext>,
): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, TContext>[]) {
      if (select(type, field)) field.resolve = wrap(field.resolve ?? defaultFieldResolver, type)
    }
  }
  return schema
}
