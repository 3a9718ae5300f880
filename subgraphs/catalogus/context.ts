import type { ApolloServerPlugin } from '@apollo/server'
import type { GraphQLError } from 'graphql'
import type { DataSource } from 'typeorm'
import { In } from 'typeorm'
import { callerOf, type Caller } from '../../shared/auth/caller'
import type { AuthConfig } from '../../shared/auth/identity'
import type { RequestArgs } from '../../shared/http/serve'
import { groupedLoader, uniqueLoader } from '../../shared/db/loaders'
import { Gemeente } from './gemeente/gemeente.entity'
import { Module } from './module/module.entity'
import { Ondersteuningsbehoefte } from './ondersteuningsbehoefte/ondersteuningsbehoefte.entity'
import { Tarief } from './tarief/tarief.entity'
import type { RegioTellingen } from './regio/regio-tellingen'
import { Beschikbaarheidsvoorziening } from './voorziening/voorziening.entity'

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
    voorziening: uniqueLoader(
      (codes: readonly string[]) =>
        db.getRepository(Beschikbaarheidsvoorziening).findBy({ code: In([...codes]) }),
      (v) => v.code,
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

/** The catalogue is public; the caller is still verified, so that a bad token is refused. */
export interface CatalogusContext extends Caller {
  db: DataSource
  loaders: ReturnType<typeof createLoaders>
  /** The raw counts the gemeenten sent, for the region's figures. */
  tellingen: RegioTellingen
  /** Errors reported beside data that was still given (see bijkomendeFouten). */
  bijkomend: GraphQLError[]
}

export function catalogusContext(db: DataSource, auth: AuthConfig, tellingen: RegioTellingen) {
  return async (args: RequestArgs): Promise<CatalogusContext> => ({
    ...(await callerOf(args, auth)),
    db,
    loaders: createLoaders(db),
    tellingen,
    bijkomend: [],
  })
}

/**
 * Adds the errors a resolver reported in `bijkomend` to the answer, beside the data it still
 * gave: the region's figures without a gemeente whose counts are not here come with an error
 * that names it, as when that gemeente is down.
 */
export function bijkomendeFouten(): ApolloServerPlugin<CatalogusContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !contextValue.bijkomend.length) return
          const result = response.body.singleResult
          result.errors = [...(result.errors ?? []), ...contextValue.bijkomend.map((e) => e.toJSON())]
        },
      }
    },
  }
}
