import type { DataSource } from 'typeorm'
import { identityFromHeader, type AuthConfig, type Identity } from '../../shared/auth/identity'
import { badInput } from '../../shared/errors'
import type { GemeenteInfo } from '../../shared/gemeenten'
import { huishoudenLoaders } from './huishouden/huishouden.loaders'
import type { Inkoop } from './inkoop/inkoop'
import { inwonerLoaders } from './inwoner/inwoner.loaders'
import { meldingLoaders } from './melding/melding.loaders'
import { planLoaders } from './plan/plan.loaders'
import { Toegang } from './toegang'
import { doelVan, Toegangsregistratie } from './toegangslog/toegangsregistratie'
import { toewijzingLoaders } from './toewijzing/toewijzing.loaders'

/** What one instance serves: its gemeente, its database, and how that gemeente buys support. */
export interface GemeenteDeps {
  gemeente: GemeenteInfo
  db: DataSource
  inkoop: Inkoop
  auth: AuthConfig
}

function createLoaders(db: DataSource, gemeenteCode: string) {
  return {
    ...inwonerLoaders(db, gemeenteCode),
    ...huishoudenLoaders(db, gemeenteCode),
    ...planLoaders(db, gemeenteCode),
    ...toewijzingLoaders(db, gemeenteCode),
    ...meldingLoaders(db, gemeenteCode),
  }
}

export interface GemeenteContext {
  gemeente: GemeenteInfo
  db: DataSource
  inkoop: Inkoop
  toegang: Toegang
  /** This request's accesses to residents' data (NEN 7513). */
  toegangslog: Toegangsregistratie
  loaders: ReturnType<typeof createLoaders>
}

/** Builds the per-request context; tests call it with an identity of their choosing. */
export function buildGemeenteContext(
  deps: GemeenteDeps,
  identity: Identity | null,
  doel?: string,
): GemeenteContext {
  return {
    gemeente: deps.gemeente,
    db: deps.db,
    inkoop: deps.inkoop,
    toegang: new Toegang(identity, deps.gemeente.code),
    toegangslog: new Toegangsregistratie(identity, deps.gemeente.code, doelVan(identity, doel)),
    loaders: createLoaders(deps.db, deps.gemeente.code),
  }
}

export function gemeenteContext(deps: GemeenteDeps) {
  return async ({ req }: { req: { headers: Record<string, string | string[] | undefined> } }) =>
    buildGemeenteContext(
      deps,
      await identityFromHeader(req.headers.authorization as string | undefined, deps.auth),
      req.headers['x-doel'] as string | undefined,
    )
}

/**
 * Every root field names its gemeente, so that the gateway can route it. An instance only
 * answers for its own gemeente: a request for another one reached the wrong instance.
 */
export function vereisGemeente(ctx: GemeenteContext, gemeenteCode: string): void {
  if (gemeenteCode !== ctx.gemeente.code) {
    throw badInput(
      `Deze dienst is van gemeente ${ctx.gemeente.code}, niet van ${gemeenteCode}.`,
      'gemeenteCode',
    )
  }
}
