import type { DataSource } from 'typeorm'
import { identityFromHeader, type AuthConfig, type Identity } from '../../shared/auth/identity'
import { aanbiederLoaders } from './aanbieder/aanbieder.loaders'
import { contractLoaders } from './contract/contract.loaders'

function createLoaders(db: DataSource) {
  return { aanbieder: aanbiederLoaders(db), contract: contractLoaders(db) }
}

export interface AanbiedersContext {
  /** The registry is public; the identity is read so that a bad token is still refused. */
  identity: Identity | null
  db: DataSource
  loaders: ReturnType<typeof createLoaders>
}

/** The context of one request, with fresh loaders: tests build it directly. */
export function createAanbiedersContext(db: DataSource, identity: Identity | null): AanbiedersContext {
  return { identity, db, loaders: createLoaders(db) }
}

export function aanbiedersContext(db: DataSource, auth: AuthConfig) {
  return async ({ req }: { req: { headers: Record<string, string | string[] | undefined> } }): Promise<AanbiedersContext> => {
    const identity = await identityFromHeader(req.headers.authorization as string | undefined, auth)
    return createAanbiedersContext(db, identity)
  }
}
