import type { DataSource } from 'typeorm'
import { identityFromHeader, type AuthConfig, type Identity } from '../../shared/auth/identity'
import { aanbiederLoaders } from './aanbieder/aanbieder.loaders'
import { aanmeldingLoaders } from './aanmelding/aanmelding.loaders'
import { contractLoaders } from './contract/contract.loaders'
import { registerLoaders } from './register/register.loaders'

function createLoaders(db: DataSource) {
  return {
    aanbieder: aanbiederLoaders(db),
    contract: contractLoaders(db),
    aanmelding: aanmeldingLoaders(db),
    register: registerLoaders(db),
  }
}

export interface AanbiedersContext {
  /** The registry is public; the identity is read so that a bad token is still refused. */
  identity: Identity | null
  db: DataSource
  loaders: ReturnType<typeof createLoaders>
  /** The clock: decisions are dated by it, and tests set it. */
  nu: () => Date
}

/** The context of one request, with fresh loaders: tests build it directly. */
export function createAanbiedersContext(
  db: DataSource,
  identity: Identity | null,
  nu: () => Date = () => new Date(),
): AanbiedersContext {
  return { identity, db, loaders: createLoaders(db), nu }
}

export function aanbiedersContext(db: DataSource, auth: AuthConfig) {
  return async ({
    req,
  }: {
    req: { headers: Record<string, string | string[] | undefined> }
  }): Promise<AanbiedersContext> => {
    const identity = await identityFromHeader(req.headers.authorization as string | undefined, auth)
    return createAanbiedersContext(db, identity)
  }
}

/** The calendar day in the Netherlands: a decision taken at 00:30 in Enschede is dated that day. */
export const vandaag = (ctx: Pick<AanbiedersContext, 'nu'>) =>
  ctx.nu().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' })
