import type { DataSource } from 'typeorm'
import { In } from 'typeorm'
import { identityFromHeader, type AuthConfig, type Identity } from '../../shared/auth/identity'
import { groupedLoader, uniqueLoader } from '../../shared/db/loaders'
import { Gemeente } from './gemeente/gemeente.entity'
import { Module } from './module/module.entity'
import { Ondersteuningsbehoefte } from './ondersteuningsbehoefte/ondersteuningsbehoefte.entity'
import { Tarief } from './tarief/tarief.entity'

function createLoaders(db: DataSource) {
  return {
    gemeente: uniqueLoader(
      (codes: readonly string[]) => db.getRepository(Gemeente).findBy({ code: In([...codes]) }),
      (g) => g.code,
    ),
    ondersteuningsbehoefte: uniqueLoader(
      (codes: readonly string[]) => db.getRepository(Ondersteuningsbehoefte).findBy({ code: In([...codes]) }),
      (o) => o.code,
    ),
    module: uniqueLoader(
      (codes: readonly string[]) => db.getRepository(Module).findBy({ code: In([...codes]) }),
      (m) => m.code,
    ),
    tarievenVanBehoefte: groupedLoader(
      (codes: readonly string[]) =>
        db
          .getRepository(Tarief)
          .find({ where: { ondersteuningsbehoefteCode: In([...codes]) }, order: { geldigVan: 'ASC' } }),
      (t) => t.ondersteuningsbehoefteCode as string,
    ),
    tarievenVanModule: groupedLoader(
      (codes: readonly string[]) =>
        db.getRepository(Tarief).find({ where: { moduleCode: In([...codes]) }, order: { geldigVan: 'ASC' } }),
      (t) => t.moduleCode as string,
    ),
  }
}

export interface CatalogusContext {
  /** The catalogue is public; the identity is read so that a bad token is still refused. */
  identity: Identity | null
  db: DataSource
  loaders: ReturnType<typeof createLoaders>
}

export function catalogusContext(db: DataSource, auth: AuthConfig) {
  return async ({
    req,
  }: {
    req: { headers: Record<string, string | string[] | undefined> }
  }): Promise<CatalogusContext> => ({
    identity: await identityFromHeader(req.headers.authorization as string | undefined, auth),
    db,
    loaders: createLoaders(db),
  })
}
