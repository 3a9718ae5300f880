import type { DataSource } from 'typeorm'
import { callerOf, type Caller } from '../../shared/auth/caller'
import { vandaag as vandaagOp } from '../../shared/domain/dates'
import type { AuthConfig, Identity } from '../../shared/auth/identity'
import type { RequestArgs } from '../../shared/http/serve'
import { aanbiederLoaders } from './aanbieder/aanbieder.loaders'
import { aanmeldingLoaders } from './aanmelding/aanmelding.loaders'
import { contractLoaders } from './contract/contract.loaders'
import { mutationRunner, type MutationRunner } from '../../shared/graphql/mutation'
import { registerLoaders } from './register/register.loaders'

/** A request's loaders; exported for the test that checks every byKeys batch against find. */
export function createLoaders(db: DataSource) {
  return {
    aanbieder: aanbiederLoaders(db),
    contract: contractLoaders(db),
    aanmelding: aanmeldingLoaders(db),
    register: registerLoaders(db),
  }
}

/** The registry is public; the caller is still verified, so that a bad token is refused. */
export interface AanbiedersContext extends Caller {
  db: DataSource
  loaders: ReturnType<typeof createLoaders>
  /** The clock: decisions are dated by it, and tests set it. */
  nu: () => Date
  /** Runs a mutation: idempotency, preparation, one transaction (shared/db/mutation.ts). */
  runMutation: MutationRunner
}

/** The context of one request, with fresh loaders: tests build it directly. */
export function createAanbiedersContext(
  db: DataSource,
  identity: Identity | null,
  nu: () => Date = () => new Date(),
  scope: Partial<Omit<Caller, 'identity'>> = {},
): AanbiedersContext {
  return {
    identity,
    viaGateway: scope.viaGateway ?? false,
    requestId: scope.requestId ?? '',
    signal: scope.signal ?? new AbortController().signal,
    db,
    loaders: createLoaders(db),
    nu,
    runMutation: mutationRunner(db, identity),
  }
}

export function aanbiedersContext(db: DataSource, auth: AuthConfig) {
  return async (args: RequestArgs): Promise<AanbiedersContext> => {
    const caller = await callerOf(args, auth)
    return createAanbiedersContext(db, caller.identity, undefined, caller)
  }
}

/** The calendar day in the Netherlands on the context's clock (shared/domain/dates.ts). */
export const vandaag = (ctx: Pick<AanbiedersContext, 'nu'>) => vandaagOp(ctx.nu())
