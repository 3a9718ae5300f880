import type { DataSource } from 'typeorm'
import { callerOf, type Caller } from '../../shared/auth/caller'
import type { AuthConfig, Identity } from '../../shared/auth/identity'
import type { RequestArgs } from '../../shared/http/serve'
import { SHAREABLE_READ_HEADER } from '../../shared/http/shared-reads'
import { createLogger, type Logger } from '../../shared/log'
import { badInput } from '../../shared/errors'
import type { GemeenteInfo } from '../../shared/gemeenten'
import { huishoudenLoaders } from './huishouden/huishouden.loaders'
import { eigenInkoopLoaders } from './inkoop/eigen-inkoop.loaders'
import type { Inkoop } from './inkoop/inkoop'
import { Inwoner } from './inwoner/inwoner.entity'
import { inwonerLoaders } from './inwoner/inwoner.loaders'
import { meldingLoaders } from './melding/melding.loaders'
import { planLoaders } from './plan/plan.loaders'
import { betreftVia } from './mij/betreft'
import { Toegang, type Zelf } from './toegang'
import { doelVan, Toegangsregistratie } from './toegangslog/toegangsregistratie'
import { mutationRunner, type MutationRunner } from '../../shared/graphql/mutation'
import { toewijzingLoaders } from './toewijzing/toewijzing.loaders'
import { declaratieLoaders } from './declaratie/declaratie.loaders'
import { aanpakLoaders } from './aanpak/aanpak.loaders'
import type { TellingenNaarRegio } from './cijfers/naar-regio'

/** What one instance serves: its gemeente, its database, and how that gemeente buys support. */
export interface GemeenteDeps {
  gemeente: GemeenteInfo
  db: DataSource
  inkoop: Inkoop
  auth: AuthConfig
  /** Sends this gemeente's counts to the catalogue for the region's figures; absent in tests that need none. */
  naarRegio?: TellingenNaarRegio
  /** This instance's logger; every request gets a child carrying its request id. */
  log?: Logger
}

/** A request's loaders; exported for the test that checks every byKeys batch against find. */
export function createLoaders(db: DataSource, gemeenteCode: string) {
  return {
    ...inwonerLoaders(db, gemeenteCode),
    ...huishoudenLoaders(db, gemeenteCode),
    ...planLoaders(db, gemeenteCode),
    ...toewijzingLoaders(db, gemeenteCode),
    ...meldingLoaders(db, gemeenteCode),
    ...eigenInkoopLoaders(db, gemeenteCode),
    ...declaratieLoaders(db, gemeenteCode),
    ...aanpakLoaders(db, gemeenteCode),
  }
}

export interface GemeenteContext extends Pick<Caller, 'viaGateway' | 'signal' | 'requestId'> {
  /** This request's logger: service, gemeente and request id on every line. */
  log: Logger
  /** Runs a mutation: idempotency, preparation, one transaction (shared/db/mutation.ts). */
  runMutation: MutationRunner
  gemeente: GemeenteInfo
  db: DataSource
  inkoop: Inkoop
  naarRegio: TellingenNaarRegio | null
  toegang: Toegang
  /** This request's accesses to residents' data (NEN 7513). */
  toegangslog: Toegangsregistratie
  loaders: ReturnType<typeof createLoaders>
}

/** How the request reached this instance; tests leave it out. */
export type RequestScope = Partial<Pick<Caller, 'viaGateway' | 'signal' | 'requestId'>> & {
  /** The resident caller in this gemeente's own records (the login only knows the BSN). */
  zelf?: Zelf | null
  /** The gateway may answer identical requests with this one's read (R31). */
  deelbaar?: boolean
}

/** Builds the per-request context; tests call it with an identity of their choosing. */
export function buildGemeenteContext(
  deps: GemeenteDeps,
  identity: Identity | null,
  doel?: string,
  scope: RequestScope = {},
): GemeenteContext {
  const loaders = createLoaders(deps.db, deps.gemeente.code)
  const zelf = scope.zelf ?? null
  return {
    gemeente: deps.gemeente,
    db: deps.db,
    inkoop: deps.inkoop,
    naarRegio: deps.naarRegio ?? null,
    toegang: new Toegang(identity, deps.gemeente.code, zelf, betreftVia(loaders)),
    toegangslog: new Toegangsregistratie(identity, deps.gemeente.code, doelVan(identity, doel), zelf?.id, {
      id: scope.requestId ?? '',
      deelbaar: scope.deelbaar,
    }),
    loaders,
    viaGateway: scope.viaGateway ?? false,
    signal: scope.signal ?? new AbortController().signal,
    requestId: scope.requestId ?? '',
    runMutation: mutationRunner(deps.db, identity),
    log: (deps.log ?? createLogger('gemeente', { gemeente: deps.gemeente.code })).child({
      requestId: scope.requestId,
    }),
  }
}

export function gemeenteContext(deps: GemeenteDeps) {
  return async (args: RequestArgs) => {
    const caller = await callerOf(args, deps.auth)
    const bsn = caller.identity?.rol === 'INWONER' ? caller.identity.bsn : undefined
    // One indexed look-up, for residents only: where someone lives is this gemeente's record.
    const zelf = bsn
      ? await deps.db.getRepository(Inwoner).findOne({
          where: { gemeenteCode: deps.gemeente.code, bsn },
          select: { id: true, huishoudenId: true, geboortedatum: true, verhuisdOp: true },
        })
      : null
    const doel = args.req.headers['x-doel']
    return buildGemeenteContext(deps, caller.identity, Array.isArray(doel) ? doel[0] : doel, {
      ...caller,
      zelf,
      deelbaar: caller.viaGateway && args.req.headers[SHAREABLE_READ_HEADER] === '1',
    })
  }
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
