import type { DataSource } from 'typeorm'
import type { AuthConfig } from '../../shared/auth/identity'
import { buildFederatedSchema } from '../../shared/federation/subgraph-schema'
import { databaseReadiness, healthRoutes } from '../../shared/http/health'
import { DataVersion } from '../../shared/db/data-version'
import { jwksRoute } from '../../shared/http/routes'
import type { OperationLimits } from '../../shared/graphql/limits'
import { createSubgraphServer } from '../../shared/http/subgraph-server'
import { createLogger } from '../../shared/log'
import { observeService } from '../../shared/observability/service'
import { bijkomendeFouten, catalogusContext, type CatalogusContext } from './context'
import { Gemeente } from './gemeente/gemeente.entity'
import { gemeenteReference } from './gemeente/gemeente.reference'
import { GemeenteResolver } from './gemeente/gemeente.resolver'
import { migrations } from './migrations'
import { Module } from './module/module.entity'
import { moduleReference } from './module/module.reference'
import { voorzieningReference } from './voorziening/voorziening.reference'
import { ModuleResolver } from './module/module.resolver'
import { Ondersteuningsbehoefte } from './ondersteuningsbehoefte/ondersteuningsbehoefte.entity'
import { ondersteuningsbehoefteReference } from './ondersteuningsbehoefte/ondersteuningsbehoefte.reference'
import { OndersteuningsbehoefteResolver } from './ondersteuningsbehoefte/ondersteuningsbehoefte.resolver'
import { Tarief } from './tarief/tarief.entity'
import { TariefResolver } from './tarief/tarief.resolver'
import { RegioResolver } from './regio/regio.resolver'
import { RegioTellingDeel } from './regio/regio-telling-deel.entity'
import { RegioTellingen } from './regio/regio-tellingen'
import { regioTellingenRoute } from './regio/regio-tellingen.route'
import { Beschikbaarheidsvoorziening } from './voorziening/voorziening.entity'
import { VoorzieningResolver } from './voorziening/voorziening.resolver'

export const catalogusDatabase = {
  entities: [Gemeente, Ondersteuningsbehoefte, Module, Beschikbaarheidsvoorziening, Tarief, RegioTellingDeel],
  migrations,
}

export function buildCatalogusSchema() {
  return buildFederatedSchema(
    {
      resolvers: [
        GemeenteResolver,
        OndersteuningsbehoefteResolver,
        ModuleResolver,
        VoorzieningResolver,
        TariefResolver,
        RegioResolver,
      ],
    },
    {
      ...gemeenteReference,
      ...ondersteuningsbehoefteReference,
      ...moduleReference,
      ...voorzieningReference,
    },
  )
}

export async function createCatalogusServer(
  db: DataSource,
  auth: AuthConfig,
  limits?: OperationLimits | false,
) {
  const observed = observeService({ service: 'catalogus', db })
  const log = createLogger('catalogus')
  const tellingen = new RegioTellingen(db, log)
  // The gateway caches this subgraph's public entities; the version tells it when they changed.
  const dataVersion = new DataVersion(db)
  const server = createSubgraphServer<CatalogusContext>(
    await buildCatalogusSchema(),
    [dataVersion.plugin<CatalogusContext>(), bijkomendeFouten()],
    limits,
    log,
    observed,
  )
  return {
    server,
    context: catalogusContext(db, auth, tellingen),
    routes: {
      ...jwksRoute(auth),
      ...healthRoutes('catalogus', databaseReadiness(db)),
      ...observed.routes,
      ...dataVersion.routes(),
      ...regioTellingenRoute(tellingen, auth, log),
    },
  }
}
