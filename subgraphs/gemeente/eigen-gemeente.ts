import type { GraphQLSchema } from 'graphql'
import { wrapResolvers } from '../../shared/graphql/wrap-resolvers'
import { vereisGemeente, type GemeenteContext } from './context'

/**
 * Every root field names its gemeente so that the gateway can route it, and an instance answers
 * only for its own. Checked here, once, for every root field that takes `gemeenteCode`, before
 * its resolver or its input validation runs: a new root field cannot forget it.
 */
export function alleenEigenGemeente(schema: GraphQLSchema): GraphQLSchema {
  const roots = [schema.getQueryType(), schema.getMutationType()]
  return wrapResolvers<GemeenteContext>(
    schema,
    (type, field) => roots.includes(type) && field.args.some((a) => a.name === 'gemeenteCode'),
    (resolve) => (source, args, context, info) => {
      vereisGemeente(context, args.gemeenteCode as string)
      return resolve(source, args, context, info)
    },
  )
}
