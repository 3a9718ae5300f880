import type { DataSource } from 'typeorm'
import type { AuthConfig } from '../../shared/auth/identity'
import { buildFederatedSchema } from '../../shared/federation/subgraph-schema'
import type { GemeenteInfo } from '../../shared/gemeenten'
import { databaseReadiness, healthRoutes } from '../../shared/http/health'
import { jwksRoute } from '../../shared/http/routes'
import type { OperationLimits } from '../../shared/graphql/limits'
import { createSubgraphServer } from '../../shared/http/subgraph-server'
import { createLogger, type Logger } from '../../shared/log'
import { observeService } from '../../shared/observability/service'
import { gemeenteContext, type GemeenteContext } from './context'
import { alleenEigenGemeente } from './eigen-gemeente'
import { gemeenteReference } from './gemeente/gemeente.reference'
import { GemeenteResolver } from './gemeente/gemeente.resolver'
import { Huishouden } from './huishouden/huishouden.entity'
import { HuishoudenResolver } from './huishouden/huishouden.resolver'
import {
  EigenContract,
  EigenContractperceel,
  EigenOndersteuningsbehoefte,
} from './inkoop/eigen-inkoop.entity'
import { EigenTarief } from './inkoop/eigen-tarief.entity'
import {
  EigenAanmelding,
  EigenAanmeldingPerceel,
  EigenBesluit,
  EigenKwaliteitsbewijs,
} from './inkoop/eigen-aanmelding.entity'
import {
  EigenAanmeldingResolver,
  EigenContractResolver,
  EigenTariefResolver,
} from './inkoop/eigen-inkoop.resolver'
import { EigenInkoop, RegionaleInkoop, type Inkoop } from './inkoop/inkoop'
import { RegionaleBron } from './inkoop/regionale-bron'
import { Idempotentie } from '../../shared/db/idempotency.entity'
import { Gespreksstap, Melding } from './melding/melding.entity'
import { PlanVersie } from './plan/plan-versie.entity'
import { Toegangslog, ToegangslogDeelname } from './toegangslog/toegangslog.entity'
import { ToegangslogResolver } from './toegangslog/toegangslog.resolver'
import { MeldingResolver } from './melding/melding.resolver'
import { GemeenteCijfersResolver, RegioTellingenResolver } from './cijfers/cijfers.resolver'
import { RegioRef } from './cijfers/regio.type'
import { CijferTelling } from './cijfers/cijfer-telling.entity'
import { PlanMutationResolver } from './plan/plan.mutation'
import { KeuzeResolver } from './plan/keuze.resolver'
import { ToewijzingMutationResolver } from './toewijzing/toewijzing.mutation'
import {
  gedeeldeRaadplegingRoute,
  registreerRaadpleging,
  toegangslogPlugin,
} from './toegangslog/toegangsregistratie'
import { Volgnummer } from './toewijzing/volgnummer.entity'
import { Registerbericht, Waardering } from './register/registerbericht.entity'
import { RegisterBezorger } from './register/bezorger'
import { Inwoner } from './inwoner/inwoner.entity'
import { InwonerResolver } from './inwoner/inwoner.resolver'
import { MijResolver } from './mij/mij.resolver'
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
import { ToewijzingModuleResolver, ToewijzingResolver } from './toewijzing/toewijzing.resolver'
import { BrpResolver, PlanVerhuizingResolver } from './brp/brp.resolver'
import { Declaratie, DeclaratieRegel } from './declaratie/declaratie.entity'
import { Aanpak } from './aanpak/aanpak.entity'
import { BeschikbaarheidBudget, BeschikbaarheidGebruik } from './beschikbaarheid/beschikbaarheid.entity'
import { BeschikbaarheidResolver } from './beschikbaarheid/beschikbaarheid.resolver'
import { AanpakMutationResolver } from './aanpak/aanpak.mutation'
import { AanpakResolver, ResultaatAanpakResolver, ToewijzingAanpakResolver } from './aanpak/aanpak.resolver'
import { DeclaratieMutationResolver } from './declaratie/declaratie.mutation'
import { TellingenNaarRegio } from './cijfers/naar-regio'
import {
  DeclaratieRegelResolver,
  DeclaratieResolver,
  ToewijzingDeclaratiesResolver,
} from './declaratie/declaratie.resolver'

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
    EigenTarief,
    EigenAanmelding,
    EigenAanmeldingPerceel,
    EigenKwaliteitsbewijs,
    EigenBesluit,
    Melding,
    Gespreksstap,
    PlanVersie,
    Toegangslog,
    ToegangslogDeelname,
    Volgnummer,
    Idempotentie,
    Registerbericht,
    Waardering,
    CijferTelling,
    Declaratie,
    DeclaratieRegel,
    Aanpak,
    BeschikbaarheidBudget,
    BeschikbaarheidGebruik,
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
        ToewijzingModuleResolver,
        AanbiederToewijzingenResolver,
        GemeenteResolver,
        ToegangslogResolver,
        MeldingResolver,
        PlanMutationResolver,
        KeuzeResolver,
        ToewijzingMutationResolver,
        BrpResolver,
        PlanVerhuizingResolver,
        GemeenteCijfersResolver,
        RegioTellingenResolver,
        MijResolver,
        EigenAanmeldingResolver,
        EigenContractResolver,
        EigenTariefResolver,
        DeclaratieResolver,
        DeclaratieRegelResolver,
        ToewijzingDeclaratiesResolver,
        DeclaratieMutationResolver,
        AanpakResolver,
        ResultaatAanpakResolver,
        ToewijzingAanpakResolver,
        AanpakMutationResolver,
        BeschikbaarheidResolver,
      ],
      // Regio is only ever reached through the gateway (an entity fetch), never from a field here.
      orphanedTypes: [RegioRef],
    },
    { ...gemeenteReference, ...references },
  ).then((schema) => alleenEigenGemeente(registreerRaadpleging(schema)))
}

/** Regional gemeenten read the catalogue and the registry from the region; the others their own tables. */
export function inkoopVoor(
  gemeente: GemeenteInfo,
  db: DataSource,
  urls: { catalogusUrl: string; aanbiedersUrl: string },
  log?: Logger,
): Inkoop {
  const catalogus = new RegionaleBron('catalogus', urls.catalogusUrl, log)
  const aanbieders = new RegionaleBron('aanbieders', urls.aanbiedersUrl, log)
  return gemeente.inkoop === 'EIGEN'
    ? new EigenInkoop(db, gemeente.code, catalogus, aanbieders)
    : new RegionaleInkoop(gemeente.code, catalogus, aanbieders)
}

export async function createGemeenteServer(deps: {
  gemeente: GemeenteInfo
  db: DataSource
  auth: AuthConfig
  catalogusUrl: string
  aanbiedersUrl: string
  /** How often the outbox is delivered to the registry. */
  bezorgIntervalMs: number
  /** The operation limits; the defaults when absent, none when false. */
  limits?: OperationLimits | false
}) {
  const log = createLogger('gemeente', { gemeente: deps.gemeente.code })
  const observed = observeService({ service: 'gemeente', gemeente: deps.gemeente.code, db: deps.db })
  const server = createSubgraphServer<GemeenteContext>(
    await buildGemeenteSchema(),
    [toegangslogPlugin],
    deps.limits,
    log,
    observed,
  )
  const inkoop = inkoopVoor(deps.gemeente, deps.db, deps, log)
  const bezorger = new RegisterBezorger({
    log,
    db: deps.db,
    gemeenteCode: deps.gemeente.code,
    aanbiedersUrl: deps.aanbiedersUrl,
    auth: deps.auth,
    intervalMs: deps.bezorgIntervalMs,
    metrics: observed.metrics.registry,
  })
  const naarRegio = new TellingenNaarRegio({
    gemeenteCode: deps.gemeente.code,
    catalogusUrl: deps.catalogusUrl,
    auth: deps.auth,
    log,
  })
  return {
    server,
    bezorger,
    context: gemeenteContext({ ...deps, inkoop, naarRegio, log }),
    routes: {
      ...jwksRoute(deps.auth),
      ...healthRoutes(`gemeente-${deps.gemeente.code}`, databaseReadiness(deps.db)),
      ...observed.routes,
      ...gedeeldeRaadplegingRoute(deps.db, deps.auth, deps.gemeente.code),
    },
  }
}
