import type { DataSource } from 'typeorm'
import type { AuthConfig } from '../../shared/auth/identity'
import { Idempotentie } from '../../shared/db/idempotency.entity'
import { buildFederatedSchema } from '../../shared/federation/subgraph-schema'
import { databaseReadiness, healthRoutes } from '../../shared/http/health'
import { DataVersion } from '../../shared/db/data-version'
import { jwksRoute } from '../../shared/http/routes'
import type { OperationLimits } from '../../shared/graphql/limits'
import { createSubgraphServer } from '../../shared/http/subgraph-server'
import { createLogger } from '../../shared/log'
import { observeService } from '../../shared/observability/service'
import { Aanbieder } from './aanbieder/aanbieder.entity'
import { aanbiederReference } from './aanbieder/aanbieder.reference'
import { AanbiederResolver } from './aanbieder/aanbieder.resolver'
import { AanmeldingGemeente } from './aanmelding/aanmelding-gemeente.entity'
import { AanmeldingModule } from './aanmelding/aanmelding-module.entity'
import { AanmeldingPerceel } from './aanmelding/aanmelding-perceel.entity'
import { Aanmelding } from './aanmelding/aanmelding.entity'
import { AanmeldingPerceelResolver, AanmeldingResolver } from './aanmelding/aanmelding.resolver'
import { Kwaliteitsbewijs } from './aanmelding/kwaliteitsbewijs.entity'
import { Besluit } from './besluit/besluit.entity'
import { aanbiedersContext, type AanbiedersContext } from './context'
import { ContractGemeente } from './contract/contract-gemeente.entity'
import { ContractModule } from './contract/contract-module.entity'
import { Contract } from './contract/contract.entity'
import { ContractResolver } from './contract/contract.resolver'
import { Contractperceel } from './contract/contractperceel.entity'
import { ContractperceelResolver } from './contract/contractperceel.resolver'
import { KeuzeResolver } from './keuze/keuze.resolver'
import { RegisterResolver } from './register/register.resolver'
import { Uitkomstmelding, Waardering } from './register/registerbericht.entity'
import { Locatie } from './locatie/locatie.entity'
import { migrations } from './migrations'
import { AanbiederSpecialisatie } from './specialisatie/aanbieder-specialisatie.entity'
import { Specialisatie } from './specialisatie/specialisatie.entity'
import { SpecialisatieResolver } from './specialisatie/specialisatie.resolver'
import { AanbiederWerkgebied } from './werkgebied/werkgebied.entity'

export const aanbiedersDatabase = {
  entities: [
    Aanbieder,
    Locatie,
    AanbiederWerkgebied,
    Specialisatie,
    AanbiederSpecialisatie,
    Contract,
    Contractperceel,
    ContractModule,
    ContractGemeente,
    Aanmelding,
    AanmeldingPerceel,
    AanmeldingModule,
    AanmeldingGemeente,
    Kwaliteitsbewijs,
    Besluit,
    Idempotentie,
    Uitkomstmelding,
    Waardering,
  ],
  migrations,
}

export function buildAanbiedersSchema() {
  return buildFederatedSchema(
    {
      resolvers: [
        AanbiederResolver,
        KeuzeResolver,
        SpecialisatieResolver,
        ContractResolver,
        ContractperceelResolver,
        AanmeldingResolver,
        AanmeldingPerceelResolver,
        RegisterResolver,
      ],
    },
    { ...aanbiederReference },
  )
}

export async function createAanbiedersServer(
  db: DataSource,
  auth: AuthConfig,
  limits?: OperationLimits | false,
) {
  const observed = observeService({ service: 'aanbieders', db })
  // The gateway caches this subgraph's public entities; the version tells it when they changed.
  const dataVersion = new DataVersion(db)
  const server = createSubgraphServer<AanbiedersContext>(
    await buildAanbiedersSchema(),
    [dataVersion.plugin<AanbiedersContext>()],
    limits,
    createLogger('aanbieders'),
    observed,
  )
  return {
    server,
    context: aanbiedersContext(db, auth),
    routes: {
      ...jwksRoute(auth),
      ...healthRoutes('aanbieders', databaseReadiness(db)),
      ...observed.routes,
      ...dataVersion.routes(),
    },
  }
}
