import type { DataSource } from 'typeorm'
import type { AuthConfig } from '../../shared/auth/identity'
import { buildFederatedSchema } from '../../shared/federation/subgraph-schema'
import type { GemeenteInfo } from '../../shared/gemeenten'
import { createSubgraphServer } from '../../shared/http/subgraph-server'
import { gemeenteContext, type GemeenteContext } from './context'
import { gemeenteReference } from './gemeente/gemeente.reference'
import { GemeenteResolver } from './gemeente/gemeente.resolver'
import { Huishouden } from './huishouden/huishouden.entity'
import { HuishoudenResolver } from './huishouden/huishouden.resolver'
import { EigenContract, EigenContractperceel, EigenOndersteuningsbehoefte } from './inkoop/eigen-inkoop.entity'
import { EigenInkoop, RegionaleInkoop, type Inkoop } from './inkoop/inkoop'
import { Inwoner } from './inwoner/inwoner.entity'
import { InwonerResolver } from './inwoner/inwoner.resolver'
import { migrations } from './migrations'
import { PlanBehoefte } from './plan/behoefte.entity'
import { BehoefteResolver, ResultaatResolver } from './plan/behoefte.resolver'
import { Evaluatie } from './plan/evaluatie.entity'
import { Plan } from './plan/plan.entity'
import { PlanResolver } from './plan/plan.resolver'
import { Resultaat } from './plan/resultaat.entity'
import { references } from './references'
import { AanbiederToewijzingenResolver } from './toewijzing/aanbieder.resolver'
import { Toewijzing, ToewijzingModule } from './toewijzing/toewijzing.entity'
import { ToewijzingResolver } from './toewijzing/toewijzing.resolver'

export const gemeenteDatabase = {
  entities: [
    Huishouden,
    Inwoner,
    Plan,
    PlanBehoefte,
    Resultaat,
    Evaluatie,
    Toewijzing,
    ToewijzingModule,
    EigenOndersteuningsbehoefte,
    EigenContract,
    EigenContractperceel,
  ],
  migrations,
}

/** The same SDL for every gemeente: the gateway checks that each instance serves it. */
export function buildGemeenteSchema() {
  return buildFederatedSchema(
    {
      resolvers: [
        InwonerResolver,
        HuishoudenResolver,
        PlanResolver,
        BehoefteResolver,
        ResultaatResolver,
        ToewijzingResolver,
        AanbiederToewijzingenResolver,
        GemeenteResolver,
      ],
    },
    { ...gemeenteReference, ...references },
  )
}

/** Regional gemeenten read the catalogue from the region; the others from their own tables. */
export function inkoopVoor(gemeente: GemeenteInfo, db: DataSource, catalogusUrl: string): Inkoop {
  return gemeente.inkoop === 'EIGEN' ? new EigenInkoop(db, gemeente.code) : new RegionaleInkoop(catalogusUrl)
}

export async function createGemeenteServer(deps: {
  gemeente: GemeenteInfo
  db: DataSource
  auth: AuthConfig
  catalogusUrl: string
}) {
  const server = createSubgraphServer<GemeenteContext>(await buildGemeenteSchema())
  const inkoop = inkoopVoor(deps.gemeente, deps.db, deps.catalogusUrl)
  return { server, context: gemeenteContext({ ...deps, inkoop }) }
}
