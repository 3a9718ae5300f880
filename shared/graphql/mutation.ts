import type { GraphQLResolveInfo } from 'graphql'
import { createMethodMiddlewareDecorator } from 'type-graphql'
import type { DataSource } from 'typeorm'
import type { Identity } from '../auth/identity'
import { runMutation, type MutationSteps } from '../db/mutation'

/** What a resolver gives its context's runner: the steps, without caller and operation. */
export type MutationPlan<T, P> = Omit<MutationSteps<T, P>, 'caller' | 'operation'>

/** A subgraph context's mutation runner: the caller from the context, the name from the resolver. */
export type MutationRunner = <T, P = undefined>(
  info: Pick<GraphQLResolveInfo, 'fieldName'>,
  plan: MutationPlan<T, P>,
) => Promise<T>

export function mutationRunner(db: DataSource, caller: Identity | null): MutationRunner {
  return (info, plan) => runMutation(db, { operation: info.fieldName, caller, ...plan })
}

/**
 * Who may call a root field, checked before its arguments are used: `@Toegestaan((ctx) =>
 * ctx.toegang.vereisMedewerker())`. The check throws its own UNAUTHENTICATED or FORBIDDEN.
 */
export const Toegestaan = <TContext extends object>(check: (context: TContext) => unknown) =>
  createMethodMiddlewareDecorator<TContext>(({ context }, next) => {
    check(context)
    return next()
  })
