import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, ID, Info, Mutation, Resolver } from 'type-graphql'
import type { EntityManager } from 'typeorm'
import { isUniqueViolation } from '../../../shared/db/database'
import { changeStatus, metSchrijfslot } from '../../../shared/db/mutation'
import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { badInput, conflict, notFound, preconditionFailed } from '../../../shared/errors'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { Datum } from '../../../shared/graphql/scalars'
import { telMee } from '../cijfers/tel-mee'
import type { GemeenteContext } from '../context'
import type { ModuleTarief, Tariefinfo } from '../inkoop/inkoop'
import { Gespreksstap, Melding } from '../melding/melding.entity'
import { gesprekVoorwaarden } from '../melding/melding.rules'
import { newId, vandaag } from '../mutatie'
import { PlanBehoefte } from '../plan/behoefte.entity'
import { Plan } from '../plan/plan.entity'
import { RedenArgs } from '../plan/plan.input'
import { planStatus } from '../plan/plan.rules'
import { Waardering } from '../register/registerbericht.entity'
import { berichtOpslaan } from '../register/registerberichten'
import { alleenAanbieder, alleenInwoner, alleenMedewerker } from '../toegang'
import { budgetCent, MAX_BUDGET_CENT } from './budget'
import { gevraagdeModules, modulesBedragCent, prijsModules } from './modules'
import { Toewijzing, ToewijzingModule, ToewijzingStatus } from './toewijzing.entity'
import { ToewijzingInvoer, WaarderingArgs } from './toewijzing.input'
import {
  controleerZorgdatum,
  MAX_TOEWIJZINGNUMMER,
  REDEN_INTREKKING,
  toewijzingStatus,
  toewijzingVoorwaarden,
  waarderingVoorwaarden,
} from './toewijzing.rules'
import { Volgnummer } from './volgnummer.entity'
import { AanbiederWaardering } from './waardering.types'

const AANBIEDER_BEVESTIGT = alleenAanbieder('Start en stop van de zorg bevestigt de aanbieder zelf.')

@Resolver()
export class ToewijzingMutationResolver {
  @Mutation(() => Toewijzing, {
    nullable: true,
    description: 'Allocates support to the chosen provider (iJw/iWmo 301).',
  })
  @Toegestaan(alleenMedewerker)
  toewijzen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('invoer', () => ToewijzingInvoer) invoer: ToewijzingInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Toewijzing> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: invoer,
      prepare: () => regionaalVoor(ctx, invoer),
      execute: (tx, regionaal) => maakToewijzing(tx, ctx, invoer, regionaal, null, 'invoer'),
    })
  }

  @Mutation(() => Toewijzing, {
    nullable: true,
    description:
      'Withdraws a wrong allocation (reason 13, end date = start date) and, with `vervanging`, ' +
      'replaces it by a new one with a new number. History is never rewritten. ' +
      'Returns the withdrawn allocation.',
  })
  @Toegestaan(alleenMedewerker)
  toewijzingIntrekken(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('toewijzingId', () => ID) toewijzingId: string,
    @Arg('vervanging', () => ToewijzingInvoer, { nullable: true }) vervanging: ToewijzingInvoer | null,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Toewijzing> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { toewijzingId, vervanging },
      prepare: async () => (vervanging ? regionaalVoor(ctx, vervanging) : null),
      execute: async (tx, regionaal) => {
        const ingetrokken = await trekIn(tx, ctx, toewijzingId)
        if (vervanging && regionaal) {
          if (vervanging.behoefteId !== ingetrokken.behoefteId)
            throw badInput('De vervanging is voor dezelfde behoefte.', 'vervanging.behoefteId')
          await maakToewijzing(tx, ctx, vervanging, regionaal, ingetrokken.id, 'vervanging')
        }
        return ingetrokken
      },
    })
  }

  @Mutation(() => Toewijzing, {
    nullable: true,
    description: 'The provider confirms the start of care (iJw/iWmo 305).',
  })
  @Toegestaan(AANBIEDER_BEVESTIGT)
  zorgGestart(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('toewijzingId', () => ID) toewijzingId: string,
    @Arg('datum', () => Datum) datum: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Toewijzing> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { toewijzingId, datum },
      execute: (tx) => bevestigZorg(tx, ctx, toewijzingId, datum, 'starten'),
    })
  }

  @Mutation(() => Toewijzing, {
    nullable: true,
    description: 'The provider confirms the stop of care (iJw/iWmo 307).',
  })
  @Toegestaan(AANBIEDER_BEVESTIGT)
  zorgBeeindigd(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('toewijzingId', () => ID) toewijzingId: string,
    @Arg('datum', () => Datum) datum: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Toewijzing> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { toewijzingId, datum },
      execute: (tx) => bevestigZorg(tx, ctx, toewijzingId, datum, 'beeindigen'),
    })
  }

  @Mutation(() => Toewijzing, {
    nullable: true,
    description:
      'The gemeente ends started care itself, with a reason: on `einddatum` (default today), not in ' +
      'the future and within the allocation. The provider sees it ended, with the reason.',
  })
  @Toegestaan(alleenMedewerker)
  toewijzingBeeindigen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('toewijzingId', () => ID) toewijzingId: string,
    @Arg('einddatum', () => Datum, { nullable: true }) einddatum: string | null,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Toewijzing> {
    const datum = einddatum ?? vandaag()
    return ctx.runMutation(info, {
      key: sleutel,
      input: { toewijzingId, datum, reden },
      execute: (tx) => beeindigDoorGemeente(tx, ctx, toewijzingId, datum, reden.trim()),
    })
  }

  @Mutation(() => AanbiederWaardering, {
    nullable: true,
    description:
      'A resident rates the provider of an ended allocation of their household, once. The rating ' +
      'goes to the registry without the resident: only provider, score and text. Answers what was recorded.',
  })
  @Toegestaan(alleenInwoner('Alleen de inwoner zelf waardeert de aanbieder.'))
  aanbiederWaarderen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('toewijzingId', () => ID) toewijzingId: string,
    @Args(() => WaarderingArgs) { score, toelichting }: WaarderingArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AanbiederWaardering> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { toewijzingId, score, toelichting },
      execute: (tx) => waardeer(tx, ctx, toewijzingId, { score, toelichting }),
    })
  }
}

interface Regionaal {
  /** The need and level the contract and tariff were looked up for. */
  voor: { code: string; niveau: string }
  gecontracteerd: string[]
  tarief: Tariefinfo | null
  /** Every regional module with its tariff in force on the start date. */
  modules: ModuleTarief[]
}

/** The region's answers for an allocation: read before its transaction (see MutationSteps.prepare). */
async function regionaalVoor(ctx: GemeenteContext, invoer: ToewijzingInvoer): Promise<Regionaal> {
  const behoefte = await ctx.loaders.behoefte.load(invoer.behoefteId)
  if (!behoefte) throw notFound('Behoefte', invoer.behoefteId)
  const [gecontracteerd, tarief, modules] = await Promise.all([
    ctx.inkoop.gecontracteerd(behoefte.code, behoefte.niveau, invoer.ingangsdatum),
    ctx.inkoop.tarief(behoefte.code, behoefte.niveau, invoer.ingangsdatum),
    ctx.inkoop.moduleTarieven(invoer.ingangsdatum),
  ])
  const voor = { code: behoefte.code, niveau: behoefte.niveau }
  return { voor, gecontracteerd, tarief, modules }
}

/**
 * One allocation, new or replacing `vervangt`: the reads it is judged on, the checks, the row.
 * `veld` is the argument the input came in, for the field of a BAD_USER_INPUT.
 */
async function maakToewijzing(
  tx: EntityManager,
  ctx: GemeenteContext,
  invoer: ToewijzingInvoer,
  regionaal: Regionaal,
  vervangt: string | null,
  veld: string,
): Promise<Toewijzing> {
  if (invoer.ingangsdatum > invoer.einddatum)
    throw badInput('De einddatum ligt voor de ingangsdatum.', `${veld}.einddatum`)
  const gelezen = await leesVoorToewijzing(tx, ctx, invoer.behoefteId)
  const { budget, modules } = toetsToewijzing(invoer, veld, gelezen, regionaal)
  const nummer = await volgendNummer(tx)
  const toewijzing = nieuweToewijzing(ctx, invoer, gelezen.behoefte, regionaal.tarief!, {
    nummer,
    budget,
    vervangt,
  })
  await tx.insert(Toewijzing, toewijzing)
  if (modules.length)
    await tx.insert(
      ToewijzingModule,
      modules.map((m) => ({ ...m, toewijzingId: toewijzing.id })),
    )
  await telMee(tx, ctx.gemeente.code, {
    soort: 'TOEGEWEZEN',
    aanbiederAgbCode: toewijzing.aanbiederAgbCode,
    behoefteCode: gelezen.behoefte.code,
    ingangsdatum: toewijzing.ingangsdatum,
    budgetCent: toewijzing.budgetCent,
    datum: toewijzing.toegewezenOp!,
    planVastgesteldOp: gelezen.plan.vastgesteldOp ?? null,
    naPlanwijziging: false,
  })
  const operatie = vervangt ? 'toewijzingVervangen' : 'toewijzen'
  await ctx.toegangslog.wijziging(tx, [gelezen.behoefte.inwonerId], operatie)
  return toewijzing
}

type Gelezen = Awaited<ReturnType<typeof leesVoorToewijzing>>

/** What an allocation is judged on, read in its transaction: the need, its plan and request. */
async function leesVoorToewijzing(tx: EntityManager, ctx: GemeenteContext, behoefteId: string) {
  const gemeenteCode = ctx.gemeente.code
  const gevonden = await tx.findOneBy(PlanBehoefte, { id: behoefteId, gemeenteCode })
  if (!gevonden) throw notFound('Behoefte', behoefteId)
  // The plan's lock, as every change of the plan takes it (wijzigPlan): an allocation is not made
  // while the plan is being closed or its levels changed, and a close or level change after it
  // sees it. The need is read again under that lock, as the change before may have left it.
  const plan = (await tx.findOne(Plan, { where: { id: gevonden.planId }, ...metSchrijfslot(tx) }))!
  const behoefte = await tx.findOne(PlanBehoefte, { where: { id: behoefteId }, ...metSchrijfslot(tx) })
  if (!behoefte) throw notFound('Behoefte', behoefteId)
  const melding = plan.meldingId ? await tx.findOneBy(Melding, { id: plan.meldingId }) : null
  const stappen = melding ? await tx.findBy(Gespreksstap, { meldingId: melding.id }) : []
  return { behoefte, plan, melding, stappen }
}

/**
 * Everything an allocation needs, in the order it is checked: the need as the region was asked
 * about, an active plan, a finished conversation, a start within the plan, the resident's
 * chosen provider contracted then with a tariff in force (toewijzingVoorwaarden), known
 * regional modules each with a tariff in force (moduleVoorwaarden), and a budget the message
 * standard can carry. Returns that budget (need plus modules) and the priced modules.
 */
function toetsToewijzing(
  invoer: ToewijzingInvoer,
  veld: string,
  { behoefte, plan, melding, stappen }: Gelezen,
  regionaal: Regionaal,
) {
  if (behoefte.code !== regionaal.voor.code || behoefte.niveau !== regionaal.voor.niveau)
    throw conflict('De behoefte is intussen gewijzigd (ander niveau): probeer het opnieuw.')
  planStatus.next(plan.status, 'toewijzen')
  if (melding) toetsVoorwaarden(gesprekVoorwaarden, { melding, stappen })
  if (invoer.ingangsdatum < plan.startdatum)
    throw badInput('De toewijzing begint niet voor het plan.', `${veld}.ingangsdatum`)
  toetsVoorwaarden(toewijzingVoorwaarden, { behoefte, ingangsdatum: invoer.ingangsdatum, regionaal })
  const { ingangsdatum, einddatum, volume } = invoer
  const periode = { van: ingangsdatum, tot: einddatum }
  const modules = prijsModules(gevraagdeModules(invoer, veld), regionaal.modules, periode, `${veld}.modules`)
  const budget = budgetCent(regionaal.tarief!, volume, ingangsdatum, einddatum) + modulesBedragCent(modules)
  if (budget > MAX_BUDGET_CENT)
    throw badInput(
      `Het budget (${budget} eurocent) is groter dan een toewijzing kan dragen: splits de periode.`,
      `${veld}.einddatum`,
    )
  return { budget, modules }
}

/** The 301's row: the provider the resident chose, unit and frequency from the tariff. */
function nieuweToewijzing(
  ctx: GemeenteContext,
  invoer: ToewijzingInvoer,
  behoefte: PlanBehoefte,
  tarief: Tariefinfo,
  { nummer, budget, vervangt }: { nummer: number; budget: number; vervangt: string | null },
): Toewijzing {
  return {
    id: newId(),
    gemeenteCode: ctx.gemeente.code,
    toewijzingNummer: nummer,
    planId: behoefte.planId,
    behoefteId: behoefte.id,
    inwonerId: behoefte.inwonerId,
    aanbiederAgbCode: behoefte.gekozenAanbiederAgbCode!,
    status: ToewijzingStatus.TOEGEWEZEN,
    productcategorie: invoer.productcategorie,
    productcode: invoer.productcode ?? null,
    ingangsdatum: invoer.ingangsdatum,
    einddatum: invoer.einddatum,
    volume: invoer.volume,
    eenheid: tarief.eenheid,
    frequentie: tarief.frequentie,
    tariefCent: tarief.bedragCent,
    budgetCent: budget,
    gedeclareerdCent: 0,
    toegekendCent: 0,
    referentieAanbieder: invoer.referentieAanbieder ?? null,
    commentaar: invoer.commentaar ?? null,
    redenWijziging: null,
    vervangtToewijzingId: vervangt,
    toegewezenOp: vandaag(),
    gestartOp: null,
  }
}

/** The next ToewijzingNummer, under the counter row's lock: unique within the gemeente, never reused. */
export async function volgendNummer(tx: EntityManager): Promise<number> {
  const result = await tx.increment(Volgnummer, { naam: 'toewijzingNummer' }, 'waarde', 1)
  if (!result.affected) {
    const hoogste = await tx
      .createQueryBuilder(Toewijzing, 't')
      .select('MAX(t.toewijzingNummer)', 'max')
      .getRawOne<{ max: number | null }>()
    try {
      await tx.insert(Volgnummer, { naam: 'toewijzingNummer', waarde: Number(hoogste?.max ?? 0) + 1 })
    } catch (err) {
      // Two first allocations at once: the other one created the counter; take the next from it.
      if (!isUniqueViolation(err)) throw err
      throw conflict('Er werd tegelijk een andere toewijzing gemaakt: probeer het opnieuw.')
    }
  }
  const { waarde } = (await tx.findOneBy(Volgnummer, { naam: 'toewijzingNummer' }))!
  if (waarde > MAX_TOEWIJZINGNUMMER) throw preconditionFailed('De nummerreeks van toewijzingen is op.')
  return waarde
}

/** An allocation of this gemeente; a provider finds only its own (anything else is NOT_FOUND). */
export async function eigenToewijzing(
  tx: EntityManager,
  ctx: GemeenteContext,
  toewijzingId: string,
  { vergrendeld = false } = {},
): Promise<Toewijzing> {
  const toewijzing = await tx.findOne(Toewijzing, {
    where: { id: toewijzingId, gemeenteCode: ctx.gemeente.code },
    ...(vergrendeld ? metSchrijfslot(tx) : {}),
  })
  const agb = ctx.toegang.aanbiederAgbCode
  if (!toewijzing || (agb && toewijzing.aanbiederAgbCode !== agb)) throw notFound('Toewijzing', toewijzingId)
  return toewijzing
}

/** Withdraws an allocation (reason 13): it ends on the day it started. */
async function trekIn(tx: EntityManager, ctx: GemeenteContext, toewijzingId: string) {
  const oud = await eigenToewijzing(tx, ctx, toewijzingId)
  // The plan's lock before the allocation's, in the order a change of the plan takes them
  // (wijzigPlan, then its replacements): a replacement made here takes the plan's lock too, and
  // the other order would let the two wait for each other.
  await tx.findOne(Plan, { where: { id: oud.planId }, ...metSchrijfslot(tx) })
  const velden = { einddatum: oud.ingangsdatum, redenWijziging: REDEN_INTREKKING }
  const status = await changeStatus(tx, Toewijzing, oud, toewijzingStatus, 'intrekken', velden)
  const { aanbiederAgbCode, ingangsdatum, budgetCent } = oud
  await telMee(tx, ctx.gemeente.code, { soort: 'INGETROKKEN', aanbiederAgbCode, ingangsdatum, budgetCent })
  await ctx.toegangslog.wijziging(tx, [oud.inwonerId], 'toewijzingIntrekken')
  return { ...oud, ...velden, status }
}

/** The provider's 305 or 307, on a past date within the allocation; a stop ends it on that date. */
async function bevestigZorg(
  tx: EntityManager,
  ctx: GemeenteContext,
  toewijzingId: string,
  datum: string,
  actie: 'starten' | 'beeindigen',
): Promise<Toewijzing> {
  const toewijzing = await eigenToewijzing(tx, ctx, toewijzingId)
  toewijzingStatus.next(toewijzing.status, actie)
  controleerZorgdatum(datum, toewijzing, vandaag(), 'datum')
  const einddatum = actie === 'beeindigen' ? datum : toewijzing.einddatum
  const velden = actie === 'starten' ? { einddatum, gestartOp: datum } : { einddatum }
  const status = await changeStatus(tx, Toewijzing, toewijzing, toewijzingStatus, actie, velden)
  if (actie === 'starten') await telStart(tx, ctx, toewijzing, datum)
  const operatie = actie === 'starten' ? 'zorgGestart' : 'zorgBeeindigd'
  await ctx.toegangslog.wijziging(tx, [toewijzing.inwonerId], operatie)
  return { ...toewijzing, ...velden, status }
}

/** The start of care ends the throughput times: from the request, and from the allocation. */
async function telStart(tx: EntityManager, ctx: GemeenteContext, toewijzing: Toewijzing, datum: string) {
  const behoefte = await tx.findOneBy(PlanBehoefte, { id: toewijzing.behoefteId })
  const plan = await tx.findOneBy(Plan, { id: toewijzing.planId })
  const melding = plan?.meldingId ? await tx.findOneBy(Melding, { id: plan.meldingId }) : null
  const vervangen = toewijzing.vervangtToewijzingId
    ? await tx.findOneBy(Toewijzing, { id: toewijzing.vervangtToewijzingId })
    : null
  await telMee(tx, ctx.gemeente.code, {
    soort: 'ZORG_GESTART',
    aanbiederAgbCode: toewijzing.aanbiederAgbCode,
    behoefteCode: behoefte?.code ?? '',
    datum,
    toegewezenOp: toewijzing.toegewezenOp ?? null,
    meldingDatum: melding?.datum ?? null,
    naPlanwijziging: vervangen?.status === ToewijzingStatus.BEEINDIGD,
  })
}

/** The gemeente's end of started care: on a past date within the allocation, with its reason. */
async function beeindigDoorGemeente(
  tx: EntityManager,
  ctx: GemeenteContext,
  toewijzingId: string,
  einddatum: string,
  reden: string,
): Promise<Toewijzing> {
  const toewijzing = await eigenToewijzing(tx, ctx, toewijzingId)
  toewijzingStatus.next(toewijzing.status, 'beeindigenDoorGemeente')
  controleerZorgdatum(einddatum, toewijzing, vandaag(), 'einddatum')
  const velden = { einddatum, redenBeeindiging: reden }
  const status = await changeStatus(
    tx,
    Toewijzing,
    toewijzing,
    toewijzingStatus,
    'beeindigenDoorGemeente',
    velden,
  )
  await ctx.toegangslog.wijziging(tx, [toewijzing.inwonerId], 'toewijzingBeeindigen')
  return { ...toewijzing, ...velden, status }
}

/**
 * An allocation the calling resident may see: their own, or as an adult one of a member of their
 * household (a parent for a child). A minor's question about another member's gets what any
 * other allocation gets: not found.
 */
async function toewijzingVanHuishouden(tx: EntityManager, ctx: GemeenteContext, toewijzingId: string) {
  const toewijzing = await tx.findOneBy(Toewijzing, { id: toewijzingId, gemeenteCode: ctx.gemeente.code })
  if (!toewijzing) throw notFound('Toewijzing', toewijzingId)
  await ctx.toegang.vereisInzage('Toewijzing', toewijzing, toewijzingId)
  return toewijzing
}

/** The rating goes to the registry in this transaction, with provider, score and text only. */
async function waardeer(
  tx: EntityManager,
  ctx: GemeenteContext,
  toewijzingId: string,
  { score, toelichting }: WaarderingArgs,
): Promise<AanbiederWaardering> {
  const toewijzing = await toewijzingVanHuishouden(tx, ctx, toewijzingId)
  const gewaardeerd = (await tx.countBy(Waardering, { toewijzingId })) > 0
  toetsVoorwaarden(waarderingVoorwaarden, { toewijzing, gewaardeerd })
  const berichtId = newId()
  const waardering = { score, toelichting: toelichting?.trim() || null, datum: vandaag() }
  try {
    await tx.insert(Waardering, { toewijzingId, berichtId })
  } catch (err) {
    // Two ratings at once: the key lets one through, the other is refused as a second rating.
    if (isUniqueViolation(err)) toetsVoorwaarden(waarderingVoorwaarden, { toewijzing, gewaardeerd: true })
    throw err
  }
  await berichtOpslaan(tx, 'WAARDERING', {
    id: berichtId,
    gemeenteCode: ctx.gemeente.code,
    agbCode: toewijzing.aanbiederAgbCode,
    ...waardering,
  })
  await ctx.toegangslog.wijziging(tx, [toewijzing.inwonerId], 'aanbiederWaarderen')
  return { ...waardering, toewijzing }
}
