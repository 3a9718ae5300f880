import type { ApolloServerPlugin } from '@apollo/server'
import { GraphQLError, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql'
import type { DataSource, EntityManager } from 'typeorm'
import { randomUUID } from 'node:crypto'
import { GATEWAY_TOKEN_HEADER } from '../../../shared/auth/caller'
import { verifyToken, type AuthConfig, type Identity } from '../../../shared/auth/identity'
import type { Routes } from '../../../shared/http/serve'
import { ACCESS_LOG_HEADER, SHARED_READ_PATH } from '../../../shared/http/shared-reads'
import { databaseUnavailable, isDatabaseUnavailable } from '../../../shared/db/faults'
import { insertRows } from '../../../shared/db/insert-rows'
import { DomainError, ErrorCode } from '../../../shared/errors'
import type { Logger } from '../../../shared/log'
import { wrapResolvers } from '../../../shared/graphql/wrap-resolvers'
import type { GemeenteContext } from '../context'
import { isPersoonlijkType } from '../toegang'
import { Gebeurtenis, Toegangslog } from './toegangslog.entity'

/**
 * Purposes a caller may state (header `x-doel`), each bound to a statutory task. Without one, the
 * role's own task applies. Anything else is not a purpose this gemeente processes data for.
 */
export const DOELEN = {
  TOEGANG_JEUGD_WMO: 'Toegang en toewijzing (Jeugdwet art. 2.3, Wmo 2015 art. 2.3.2)',
  UITVOERING_TOEWIJZING: 'Uitvoering van een toewijzing door de aanbieder',
  INZAGE_BETROKKENE:
    'Inzage door de inwoner in de eigen gegevens (AVG art. 15) en, als volwassene, in het plan van het gezin',
  VERANTWOORDING: 'Verantwoording en toezicht op de toegang',
} as const
export type Doel = keyof typeof DOELEN

/**
 * The purposes each role may state, its statutory default first: a provider cannot claim the
 * gemeente's task, nor the reverse. A caller without a role here processes no personal data and
 * states no purpose.
 */
const DOELEN_PER_ROL: Record<string, readonly [Doel, ...Doel[]]> = {
  TOEGANGSMEDEWERKER: ['TOEGANG_JEUGD_WMO', 'VERANTWOORDING'],
  AANBIEDER: ['UITVOERING_TOEWIJZING'],
  INWONER: ['INZAGE_BETROKKENE'],
  ANALIST: ['VERANTWOORDING'],
  REGISTERBEHEERDER: ['VERANTWOORDING'],
  // Its BRP link keeps the residents' records for the access task itself.
  GEMEENTESYSTEEM: ['TOEGANG_JEUGD_WMO', 'VERANTWOORDING'],
}

/** The purpose of this request's processing, or why the stated one is refused. */
export type Doelbinding = { doel: Doel; weigering?: never } | { doel?: never; weigering: DomainError }

/**
 * The purpose a request processes personal data for: the one the caller states in `x-doel`, or
 * without it the role's statutory default. A purpose that is unknown, or not one this role may
 * state, is refused rather than replaced, so that no access is logged under a purpose nobody
 * claimed; the refusal lists the purposes the caller may state.
 */
export function doelVan(identity: Identity | null, header: string | undefined): Doelbinding {
  const rol = identity?.rol
  const toegestaan = (rol && DOELEN_PER_ROL[rol]) || []
  if (header === undefined) return { doel: toegestaan[0] ?? 'VERANTWOORDING' }
  if ((toegestaan as readonly string[]).includes(header)) return { doel: header as Doel }
  const genoemd = header.length > 50 ? `${header.slice(0, 50)}…` : header
  const bekend = Object.hasOwn(DOELEN, header)
  return {
    weigering: new DomainError(
      ErrorCode.FORBIDDEN,
      bekend
        ? `Doel ${genoemd} is niet toegestaan ${rol ? `voor de rol ${rol}` : 'zonder inloggen'}.`
        : `Doel "${genoemd}" is onbekend: x-doel is een van ${Object.keys(DOELEN).join(', ')}.`,
      { toegestaneDoelen: [...toegestaan] },
    ),
  }
}

/** The request an access belongs to, and whether the gateway may answer identical ones with it. */
export interface Verzoek {
  id: string
  /** The gateway asked (x-toegang-deelbaar) to keep this read's entries for identical requests (R31). */
  deelbaar?: boolean
}

/**
 * One request's accesses to residents' data (NEN 7513): one entry per resident and event, kept
 * in this gemeente's own database. Reads are written just before the response leaves; changes in
 * the transaction that makes them.
 */
export class Toegangsregistratie {
  private readonly gelezen = new Set<string>()
  /** Objects already noted: each is looked at once, however many of its fields are read. */
  private readonly genoteerd = new WeakSet<object>()
  /** Residents still being looked up (see raadplegingVan); written once they are known. */
  private readonly onderweg: Promise<unknown>[] = []
  /** What the answer tells the gateway of its entries (header x-toegangslog), when it asked. */
  gedeeld?: string

  constructor(
    private readonly identity: Identity | null,
    private readonly gemeenteCode: string,
    private readonly doelbinding: Doelbinding,
    /** The calling resident's own id: their reads of their own data are no third-party access. */
    private readonly zelfId?: string | null,
    private readonly verzoek: Verzoek = { id: '' },
  ) {}

  /** Refuses the request when its stated purpose was refused: before anything is read. */
  vereisGeldigDoel(): void {
    if (this.doelbinding.weigering) throw this.doelbinding.weigering
  }

  // Both also refuse under a refused purpose, should a request get this far without the plugin.
  raadpleging(inwonerId: string | null | undefined) {
    this.vereisGeldigDoel()
    // NEN 7513 records who else saw a person's data; a resident reading their own is not that.
    // A parent reading their child's data is, and stays in the child's log.
    if (inwonerId && this.identity && inwonerId !== this.zelfId) this.gelezen.add(inwonerId)
  }

  /** Whether `object` is seen here for the first time (then it is noted now). */
  eersteKeer(object: object): boolean {
    if (this.genoteerd.has(object)) return false
    this.genoteerd.add(object)
    return true
  }

  /**
   * The residents an object is about, once looked up: noted without holding up the field that
   * read it. The answer waits for them (wegschrijven), and when they cannot be found it carries
   * no data, as when the log cannot be written.
   */
  raadplegingVan(inwonerIds: Promise<readonly string[]>) {
    const genoteerd = inwonerIds.then((ids) => {
      for (const id of ids) this.raadpleging(id)
    })
    // Awaited in wegschrijven; until then a failure is not an unhandled rejection.
    genoteerd.catch(() => {})
    this.onderweg.push(genoteerd)
  }

  async wijziging(tx: EntityManager, inwonerIds: Iterable<string>, actie: string) {
    this.vereisGeldigDoel()
    const rows = [...new Set(inwonerIds)].map((id) => this.regel(id, Gebeurtenis.WIJZIGEN, actie))
    await schrijf(tx, rows)
  }

  async wegschrijven(db: DataSource) {
    while (this.onderweg.length) await Promise.all(this.onderweg.splice(0))
    const rows = [...this.gelezen].map((id) => this.regel(id, Gebeurtenis.RAADPLEGEN, null))
    this.gelezen.clear()
    // A read the gateway may share names itself in its entries, for the requests it is given to.
    if (this.verzoek.deelbaar) {
      const leesId = rows.length
        ? gedeeldeRaadplegingen.bewaar(
            this.gemeenteCode,
            rows.reduce((laatste, r) => (r.tijdstip > laatste ? r.tijdstip : laatste), rows[0].tijdstip),
          )
        : null
      this.gedeeld = leesId ?? 'geen'
      for (const row of rows) row.leesId = leesId
    }
    await schrijf(db, rows)
  }

  private regel(inwonerId: string, gebeurtenis: Gebeurtenis, actie: string | null): Omit<Toegangslog, 'id'> {
    const identity = this.identity!
    // A resident's reads of their own data are not logged (see `gelezen`): a resident in a row
    // is an adult of the household who saw another member's part of the family's plan.
    const namens =
      identity.rol === 'AANBIEDER'
        ? `aanbieder ${identity.agbCode}`
        : identity.rol === 'INWONER'
          ? 'huishouden'
          : `gemeente ${this.gemeenteCode}`
    return {
      gemeenteCode: this.gemeenteCode,
      inwonerId,
      tijdstip: new Date().toISOString(),
      gebeurtenis,
      actie,
      gebruiker: identity.sub,
      gebruikerNaam: identity.naam,
      rol: identity.rol,
      namens,
      doel: this.doelbinding.doel!,
      verzoekId: this.verzoek.id || null,
      leesId: null,
    }
  }
}

type Regel = Omit<Toegangslog, 'id'>

const KOLOMMEN = [
  'gemeenteCode',
  'inwonerId',
  'tijdstip',
  'gebeurtenis',
  'actie',
  'gebruiker',
  'gebruikerNaam',
  'rol',
  'namens',
  'doel',
  'verzoekId',
  'leesId',
] as const satisfies readonly (keyof Regel)[]

/** Every read and change is a row: written as plain multi-row inserts (shared/db/insert-rows). */
const schrijf = (db: DataSource | EntityManager, rows: Regel[]) =>
  insertRows(db, 'toegangslog', KOLOMMEN, rows)

/**
 * How far from a read's entries a request that was given the read is logged, at most: the
 * notice comes within the 5 s a read is kept (GedeeldeRaadplegingen), so a minute is far beyond
 * it, and it leaves a minute for a clock set back in between. The resident's log relies on it
 * to read a page from a range of the log (logPagina).
 */
export const DEELNAME_MARGE_MS = 60_000

/**
 * The reads whose answers the gateway may give to identical requests (R31), for a few seconds:
 * the gateway names the requests it gave an answer to right after it arrives, and each gets its
 * ToegangslogDeelname. A read named too late is gone (410): the gateway then sends that
 * request's fetch itself, so no read goes unlogged.
 */
export class GedeeldeRaadplegingen {
  private readonly bewaard = new Map<string, { gemeenteCode: string; laatste: number; tot: number }>()
  private static readonly BEWAAR_MS = 5_000
  private static readonly MAX = 1_000

  /** A new read of this gemeente, whose last entry is of `laatste`: its leesId. */
  bewaar(gemeenteCode: string, laatste: string): string {
    const nu = Date.now()
    for (const [ref, { tot }] of this.bewaard) {
      if (tot > nu && this.bewaard.size < GedeeldeRaadplegingen.MAX) break
      this.bewaard.delete(ref)
    }
    const ref = randomUUID()
    this.bewaard.set(ref, {
      gemeenteCode,
      laatste: Date.parse(laatste),
      tot: nu + GedeeldeRaadplegingen.BEWAAR_MS,
    })
    return ref
  }

  /**
   * Whether `ref` is a read of this gemeente still kept. It may be named more than once while
   * kept: one read can reach requests that joined its fetch (R30) and requests that joined the
   * execution it belongs to (R35), each named in a notice of its own.
   */
  neem(ref: string, gemeenteCode: string): boolean {
    const found = this.bewaard.get(ref)
    const nu = Date.now()
    // Never more than DEELNAME_MARGE_MS before the read's last entry either: a clock set back
    // further than that would put the notice where the resident's log does not look (logPagina).
    return (
      !!found &&
      found.tot >= nu &&
      nu >= found.laatste - DEELNAME_MARGE_MS &&
      found.gemeenteCode === gemeenteCode
    )
  }
}
const gedeeldeRaadplegingen = new GedeeldeRaadplegingen()

/**
 * `POST /toegangslog/gedeeld`: the gateway's notice that it answered the requests named in
 * `x-request-ids` with the read that `x-toegangslog` names. Each request gets a
 * ToegangslogDeelname with its own id and the time of this notice: the read's entries, as its
 * own. Only for the gateway (its token for this instance); an unknown or expired reference is 410.
 */
export function gedeeldeRaadplegingRoute(db: DataSource, auth: AuthConfig, gemeenteCode: string): Routes {
  return {
    [`POST ${SHARED_READ_PATH}`]: async (req) => {
      const header = (name: string) => {
        const value = req.headers[name]
        return Array.isArray(value) ? value[0] : value
      }
      const token = header(GATEWAY_TOKEN_HEADER)
      const gateway = token ? await verifyToken(token, auth, auth.self).catch(() => null) : null
      if (gateway?.rol !== 'GATEWAY') return { status: 403, body: { error: 'alleen voor de gateway' } }
      const ids = (header('x-request-ids') ?? '').split(',').filter((id) => /^[\w-]{1,64}$/.test(id))
      const leesId = header(ACCESS_LOG_HEADER) ?? ''
      if (!ids.length || !gedeeldeRaadplegingen.neem(leesId, gemeenteCode))
        return { status: 410, body: { error: 'onbekende of verlopen verwijzing' } }
      const tijdstip = new Date().toISOString()
      await insertRows(
        db,
        'toegangslog_deelname',
        ['gemeenteCode', 'leesId', 'verzoekId', 'tijdstip'],
        ids.map((verzoekId) => ({ gemeenteCode, leesId, verzoekId, tijdstip })),
      )
      return { status: 200, body: { geschreven: ids.length } }
    },
  }
}

interface MetToegangslog {
  db: DataSource
  log: Pick<Logger, 'error'>
  toegang: { vereisToegangTot(type: string, root?: unknown): void | Promise<void> }
  toegangslog: Toegangsregistratie
  loaders: Pick<
    GemeenteContext['loaders'],
    'ledenVanHuishouden' | 'plan' | 'behoefte' | 'behoeftenVanPlan' | 'resultaat' | 'melding' | 'toewijzing'
  >
}

/**
 * Wraps every field of every type with personal data (the others hold none, see
 * Toegang.vereisToegangTot): first the access policy of the field's type (fail-closed), then it
 * notes every resident whose data the response carries (see noteer).
 */
export function registreerRaadpleging(schema: GraphQLSchema): GraphQLSchema {
  return wrapResolvers<MetToegangslog>(
    schema,
    (type) => isPersoonlijkType(type.name),
    (resolve, { name: type }) =>
      (root, args, context, info) => {
        // A resident's check is per object and may need a look-up: then the field waits for it.
        const toegestaan = context.toegang.vereisToegangTot(type, root)
        if (toegestaan) return toegestaan.then(() => noteer(resolve, type, root, args, context, info))
        return noteer(resolve, type, root, args, context, info)
      },
  )
}

/**
 * Notes every resident whose data the field carries, then resolves it: the resident itself; the
 * resident a need, allocation, approach or request is about; for what is about a whole
 * household (the household, a request for the family) every member; for a plan and its versions
 * every member and everyone with a need in it.
 * A result, an evaluation, a conversation step or a declaration is about whom its need, request
 * or allocation is about. Not noted: the access log itself (what it records is who read, not the
 * resident's file), the members list of a household (each member is an Inwoner, noted as such)
 * and a declaration's lines (read only through their declaration, which is noted).
 */
function noteer(
  resolve: GraphQLFieldResolver<unknown, MetToegangslog>,
  type: string,
  root: unknown,
  args: Record<string, unknown>,
  context: MetToegangslog,
  info: GraphQLResolveInfo,
): unknown {
  const log = context.toegangslog
  const r = (root ?? {}) as { id?: string; inwonerId?: string | null }
  if (type === 'Inwoner') log.raadpleging(r.id)
  else if (
    root &&
    typeof root === 'object' &&
    type !== 'Toegangslog' &&
    type !== 'DeclaratieRegel' &&
    !(type === 'Huishouden' && info.fieldName === 'leden') &&
    log.eersteKeer(root)
  ) {
    if (r.inwonerId) log.raadpleging(r.inwonerId)
    else log.raadplegingVan(betrokkenen(context.loaders, type, root))
  }
  return resolve(root, args, context, info)
}

/**
 * The residents an object without an `inwonerId` of its own is about, through the request's
 * loaders (a list of objects costs a query per step, not per object). An object whose residents
 * cannot be found fails its answer: no log, no data.
 */
async function betrokkenen(
  loaders: MetToegangslog['loaders'],
  type: string,
  root: object,
): Promise<readonly string[]> {
  const o = root as Record<string, string | null | undefined>
  const leden = async (huishoudenId: string | null | undefined) =>
    huishoudenId ? (await loaders.ledenVanHuishouden.load(huishoudenId)).map((lid) => lid.id) : null
  const vanBehoefte = async (behoefteId: string | null | undefined) => {
    const behoefte = behoefteId ? await loaders.behoefte.load(behoefteId) : null
    return behoefte && [behoefte.inwonerId]
  }
  const vanMelding = (melding: { inwonerId: string | null; huishoudenId: string }) =>
    melding.inwonerId ? [melding.inwonerId] : leden(melding.huishoudenId)
  // A plan is its household's, and holds the needs of whoever they are for: a member who moved
  // to another household in this gemeente keeps their needs in it.
  const vanPlan = async (plan: { id: string; huishoudenId: string }) => {
    const [huishouden, behoeften] = await Promise.all([
      leden(plan.huishoudenId),
      loaders.behoeftenVanPlan.load(plan.id),
    ])
    return [...new Set([...(huishouden ?? []), ...behoeften.map((b) => b.inwonerId)])]
  }
  let ids: readonly string[] | null = null
  switch (type) {
    case 'Huishouden':
      ids = await leden(o.id)
      break
    case 'Plan':
      ids = o.id && o.huishoudenId ? await vanPlan({ id: o.id, huishoudenId: o.huishoudenId }) : null
      break
    case 'Melding':
      ids = await leden(o.huishoudenId)
      break
    case 'PlanVersie': {
      const plan = o.planId ? await loaders.plan.load(o.planId) : null
      ids = plan && (await vanPlan(plan))
      break
    }
    case 'Resultaat':
      ids = await vanBehoefte(o.behoefteId)
      break
    case 'Evaluatie': {
      const resultaat = o.resultaatId ? await loaders.resultaat.load(o.resultaatId) : null
      ids = resultaat && (await vanBehoefte(resultaat.behoefteId))
      break
    }
    case 'Gespreksstap': {
      const melding = o.meldingId ? await loaders.melding.load(o.meldingId) : null
      ids = melding && (await vanMelding(melding))
      break
    }
    case 'Declaratie': {
      const toewijzing = o.toewijzingId ? await loaders.toewijzing.load(o.toewijzingId) : null
      ids = toewijzing && [toewijzing.inwonerId]
      break
    }
  }
  if (!ids) throw new Error(`the access log cannot tell whom this ${type} is about`)
  return ids
}

/** No log, no data: when the accesses cannot be recorded, the response carries no data either. */
export const toegangslogPlugin: ApolloServerPlugin<MetToegangslog> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue }) {
        try {
          contextValue.toegangslog.vereisGeldigDoel()
        } catch (weigering) {
          // Refused before execution, as a GraphQL answer (HTTP 200): the gateway then relays the
          // reason and the allowed purposes to its caller instead of reporting a failed fetch.
          const { message, extensions } = weigering as GraphQLError
          throw new GraphQLError(message, { extensions: { ...extensions, http: { status: 200 } } })
        }
      },
      async willSendResponse({ contextValue, response }) {
        try {
          await contextValue.toegangslog.wegschrijven(contextValue.db)
          const gedeeld = contextValue.toegangslog.gedeeld
          if (gedeeld) response.http.headers.set(ACCESS_LOG_HEADER, gedeeld)
        } catch (err) {
          contextValue.log.error({ err }, 'access log could not be written; the answer is withheld')
          if (response.body.kind === 'single') {
            response.body.singleResult.data = null
            // A database that went away meanwhile is an outage (the gateway then reports the
            // gemeente unavailable), not a bug.
            response.body.singleResult.errors = [
              isDatabaseUnavailable(err)
                ? {
                    message:
                      'De toegang kon niet worden vastgelegd: de database van deze dienst is tijdelijk niet bereikbaar. Daarom worden geen gegevens getoond.',
                    extensions: databaseUnavailable().extensions,
                  }
                : {
                    message: 'De toegang kon niet worden vastgelegd; daarom worden geen gegevens getoond.',
                    extensions: { code: 'INTERNAL_SERVER_ERROR' },
                  },
            ]
          }
        }
      },
    }
  },
}
