import type { MiddlewareFn } from 'type-graphql'
import { vereisGemeente, type GemeenteContext } from './context'

/**
 * Every root field names its gemeente so that the gateway can route it, and an instance answers
 * only for its own. Checked here, once, for every root field that takes `gemeenteCode`, before
 * its resolver or its input validation runs: a new root field cannot forget it.
 */
export const alleenEigenGemeente: MiddlewareFn<GemeenteContext> = ({ info, args, context }, next) => {
  const isRoot =
    info.parentType === info.schema.getQueryType() || info.parentType === info.schema.getMutationType()
  if (isRoot && 'gemeenteCode' in args) vereisGemeente(context, args.gemeenteCode as string)
  return next()
}
