import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, ID, Info, Mutation, Resolver } from 'type-graphql'
import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { alleenMedewerker } from '../toegang'
import type { EntityManager } from 'typeorm'
import { badInput, conflict, notFound, preconditionFailed } from '../../../shared/errors'
import { Datum } from '../../../shared/graphql/scalars'
import type { GemeenteContext } from '../context'
import type { Tariefinfo } from '../inkoop/inkoop'
import { Gespreksstap, Melding } from '../melding/melding.entity'
import { vereisStappenVoltooid } from '../melding/melding.rules'
import { wisselStatus } from '../../../shared/db/mutation'
import { mutatie, nieuwId } from '../mutatie'
import { PlanBehoefte } from '../plan/behoefte.entity'
import { Plan } from '../plan/plan.entity'
import { planStatus } from '../plan/plan.rules'
import { budgetCent, MAX_BUDGET_CENT } from './budget'
import { Toewijzing, ToewijzingModule, ToewijzingStatus } from './toewijzing.entity'
import { ToewijzingInvoer, WaarderingArgs } from './toewijzing.input'
import {
  MAX_TOEWIJZINGNUMMER,
  REDEN_INTREKKING,
  toewijzingStatus,
  toewijzingVoorwaarden,
} from './toewijzing.rules'
import { Volgnummer } from './volgnummer.entity'
import { isUniqueViolation } from '../../../shared/db/database'
import { Inwoner } from '../inwoner/inwoner.entity'
import { Waardering } from '../register/registerbericht.entity'
import { berichtOpslaan } from '../register/registerberichten'

interface Regionaal {
  /** The need and level the contract and tariff were looked up for. */
  voor: { code: string; niveau: string }
  gecontracteerd: string[]
  tarief: Tariefinfo | null
  modules: string[]
}

/** The next ToewijzingNummer, under the counter row's lock: unique within the gemeente, never reused. */
async function volgendNummer(tx: EntityManager): Promise<number> {
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

/**
 * Everything an allocation needs, checked in one place: an active plan, a finished
 * conversation, a chosen provider still contracted on the start date, a tariff in force on the
 * start date, known regional modules, and a budget the message standard can carry.
 */
async function maakToewijzing(
  tx: EntityManager,
  ctx: GemeenteContext,
  invoer: ToewijzingInvoer,
  regionaal: Regionaal,
  vervangt: string | null,
  veld: string,
) {
  if (invoer.ingangsdatum > invoer.einddatum)
    throw badInput('De einddatum ligt voor de ingangsdatum.', `${veld}.einddatum`)
  const behoefte = await tx.findOneBy(PlanBehoefte, {
    id: invoer.behoefteId,
    gemeenteCode: ctx.gemeente.code,
  })
  if (!behoefte) throw notFound('Behoefte', invoer.behoefteId)
  if (behoefte.code !== regionaal.voor.code || behoefte.niveau !== regionaal.voor.niveau) {
    throw conflict('De behoefte is intussen gewijzigd (ander niveau): probeer het opnieuw.')
  }
  const plan = (await tx.findOneBy(Plan, { id: behoefte.planId }))!
  planStatus.next(plan.status, 'toewijzen')
  const melding = plan.meldingId ? await tx.findOneBy(Melding, { id: plan.meldingId }) : null
  if (melding) vereisStappenVoltooid(melding, await tx.findBy(Gespreksstap, { meldingId: melding.id }))
  if (invoer.ingangsdatum < plan.startdatum)
    throw badInput('De toewijzing begint niet voor het plan.', `${veld}.ingangsdatum`)
  toetsVoorwaarden(toewijzingVoorwaarden, { behoefte, ingangsdatum: invoer.ingangsdatum, regionaal })
  const agb = behoefte.gekozenAanbiederAgbCode!
  const tarief = regionaal.tarief!
  const onbekend = invoer.modules.filter((m) => !regionaal.modules.includes(m))
  if (onbekend.length)
    throw badInput(`Onbekende regionale module(s): ${onbekend.join(', ')}.`, `${veld}.modules`)
  const budget = budgetCent(tarief, invoer.volume, invoer.ingangsdatum, invoer.einddatum)
  if (budget > MAX_BUDGET_CENT)
    throw badInput(
      `Het budget (${budget} eurocent) is groter dan een toewijzing kan dragen: splits de periode.`,
      `${veld}.einddatum`,
    )
  const toewijzing: Toewijzing = {
    id: nieuwId(),
    gemeenteCode: ctx.gemeente.code,
    toewijzingNummer: await volgendNummer(tx),
    planId: plan.id,
    behoefteId: behoefte.id,
    inwonerId: behoefte.inwonerId,
    aanbiederAgbCode: agb,
    status: ToewijzingStatus.TOEGEWEZEN,
    productcategorie: invoer.productcategorie,
    productcode: invoer.productcode ?? null,
    ingangsdatum: invoer.ingangsdatum,
    einddatum: invoer.einddatum,
    volume: invoer.volume,
    eenheid: tarief.eenheid,
    frequentie: tarief.frequentie,
    budgetCent: budget,
    referentieAanbieder: invoer.referentieAanbieder ?? null,
    commentaar: invoer.commentaar ?? null,
    redenWijziging: null,
    vervangtToewijzingId: vervangt,
  }
  await tx.insert(Toewijzing, toewijzing)
  if (invoer.modules.length)
    await tx.insert(
      ToewijzingModule,
      [...new Set(invoer.modules)].map((moduleCode) => ({ toewijzingId: toewijzing.id, moduleCode })),
    )
  await ctx.toegangslog.wijziging(tx, [behoefte.inwonerId], vervangt ? 'toewijzingVervangen' : 'toewijzen')
  return toewijzing
}

async function regionaalVoor(ctx: GemeenteContext, invoer: ToewijzingInvoer): Promise<Regionaal> {
  const behoefte = await ctx.loaders.behoefte.load(invoer.behoefteId)
  if (!behoefte) throw notFound('Behoefte', invoer.behoefteId)
  const [gecontracteerd, tarief, modules] = await Promise.all([
    ctx.inkoop.gecontracteerd(behoefte.code, behoefte.niveau, invoer.ingangsdatum),
    ctx.inkoop.tarief(behoefte.code, behoefte.niveau, invoer.ingangsdatum),
    ctx.inkoop.moduleCodes(),
  ])
  return { voor: { code: behoefte.code, niveau: behoefte.niveau }, gecontracteerd, tarief, modules }
}

async function eigenToewijzing(
  tx: EntityManager,
  ctx: GemeenteContext,
  toewijzingId: string,
): Promise<Toewijzing> {
  const toewijzing = await tx.findOneBy(Toewijzing, { id: toewijzingId, gemeenteCode: ctx.gemeente.code })
  const agb = ctx.toegang.aanbiederAgbCode
  if (!toewijzing || (agb && toewijzing.aanbiederAgbCode !== agb)) throw notFound('Toewijzing', toewijzingId)
  return toewijzing
}

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
      'Withdraws a wrong allocation (reason 13, end date = start date) and, with `vervanging`, replaces it by a new one ' +
      'with a new number. History is never rewritten. Returns the withdrawn allocation.',
  })
  toewijzingIntrekken(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('toewijzingId', () => ID) toewijzingId: string,
    @Arg('vervanging', () => ToewijzingInvoer, { nullable: true }) vervanging: ToewijzingInvoer | null,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Toewijzing> {
    ctx.toegang.vereisMedewerker()
    return mutatie(
      ctx,
      'toewijzingIntrekken',
      sleutel,
      { toewijzingId, vervanging },
      async (tx, regionaal) => {
        const oud = await eigenToewijzing(tx, ctx, toewijzingId)
        const velden = { einddatum: oud.ingangsdatum, redenWijziging: REDEN_INTREKKING }
        const status = await wisselStatus(tx, Toewijzing, oud, toewijzingStatus, 'intrekken', velden)
        const ingetrokken = { ...oud, ...velden, status }
        await ctx.toegangslog.wijziging(tx, [oud.inwonerId], 'toewijzingIntrekken')
        if (vervanging && regionaal) {
          if (vervanging.behoefteId !== oud.behoefteId)
            throw badInput('De vervanging is voor dezelfde behoefte.', 'vervanging.behoefteId')
          await maakToewijzing(tx, ctx, vervanging, regionaal, oud.id, 'vervanging')
        }
        return ingetrokken
      },
      async () => (vervanging ? regionaalVoor(ctx, vervanging) : null),
    )
  }

  @Mutation(() => Toewijzing, {
    nullable: true,
    description: 'The provider confirms the start of care (iJw/iWmo 305).',
  })
  zorgGestart(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('toewijzingId', () => ID) toewijzingId: string,
    @Arg('datum', () => Datum) datum: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Toewijzing> {
    return this.bevestig(toewijzingId, datum, sleutel, ctx, 'starten')
  }

  @Mutation(() => Toewijzing, {
    nullable: true,
    description: 'The provider confirms the stop of care (iJw/iWmo 307).',
  })
  zorgBeeindigd(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('toewijzingId', () => ID) toewijzingId: string,
    @Arg('datum', () => Datum) datum: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Toewijzing> {
    return this.bevestig(toewijzingId, datum, sleutel, ctx, 'beeindigen')
  }

  @Mutation(() => Boolean, {
    nullable: true,
    description:
      'A resident rates the provider of an ended allocation of their household, once. The rating goes to the ' +
      'registry without the resident: only provider, score and text.',
  })
  aanbiederWaarderen(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('toewijzingId', () => ID) toewijzingId: string,
    @Args(() => WaarderingArgs) { score, toelichting }: WaarderingArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<boolean> {
    const bsn = ctx.toegang.inwonerBsn
    if (!bsn) ctx.toegang.weiger('Alleen de inwoner zelf waardeert de aanbieder.')
    return mutatie(ctx, 'aanbiederWaarderen', sleutel, { toewijzingId, score, toelichting }, async (tx) => {
      const toewijzing = await tx.findOneBy(Toewijzing, { id: toewijzingId, gemeenteCode })
      const zelf = await tx.findOneBy(Inwoner, { bsn, gemeenteCode })
      const betrokkene = toewijzing && (await tx.findOneBy(Inwoner, { id: toewijzing.inwonerId }))
      // The resident of the allocation, or a member of their household (a parent for a child).
      if (!toewijzing || !zelf || !betrokkene || betrokkene.huishoudenId !== zelf.huishoudenId)
        throw notFound('Toewijzing', toewijzingId)
      if (toewijzing.status !== ToewijzingStatus.BEEINDIGD) {
        throw preconditionFailed(`Waarderen kan als de zorg is beëindigd (nu ${toewijzing.status}).`, {
          huidigeStatus: toewijzing.status,
        })
      }
      const berichtId = nieuwId()
      try {
        await tx.insert(Waardering, { toewijzingId, berichtId })
      } catch (err) {
        if (isUniqueViolation(err))
          throw preconditionFailed('Deze toewijzing is al gewaardeerd: één waardering per toewijzing.')
        throw err
      }
      await berichtOpslaan(tx, 'WAARDERING', {
        id: berichtId,
        gemeenteCode,
        agbCode: toewijzing.aanbiederAgbCode,
        score,
        toelichting: toelichting?.trim() || null,
        datum: new Date().toISOString().slice(0, 10),
      })
      await ctx.toegangslog.wijziging(tx, [toewijzing.inwonerId], 'aanbiederWaarderen')
      return true
    })
  }

  private bevestig(
    toewijzingId: string,
    datum: string,
    sleutel: string,
    ctx: GemeenteContext,
    actie: 'starten' | 'beeindigen',
  ) {
    if (!ctx.toegang.aanbiederAgbCode)
      ctx.toegang.weiger('Start en stop van de zorg bevestigt de aanbieder zelf.')
    return mutatie(
      ctx,
      actie === 'starten' ? 'zorgGestart' : 'zorgBeeindigd',
      sleutel,
      { toewijzingId, datum },
      async (tx) => {
        const toewijzing = await eigenToewijzing(tx, ctx, toewijzingId)
        toewijzingStatus.next(toewijzing.status, actie)
        if (datum < toewijzing.ingangsdatum || datum > toewijzing.einddatum) {
          throw badInput(
            `De datum ligt binnen de toewijzing (${toewijzing.ingangsdatum} tot ${toewijzing.einddatum}).`,
            'datum',
          )
        }
        // A stop before the planned end date ends the allocation there.
        const einddatum = actie === 'beeindigen' ? datum : toewijzing.einddatum
        const status = await wisselStatus(tx, Toewijzing, toewijzing, toewijzingStatus, actie, { einddatum })
        await ctx.toegangslog.wijziging(
          tx,
          [toewijzing.inwonerId],
          actie === 'starten' ? 'zorgGestart' : 'zorgBeeindigd',
        )
        return { ...toewijzing, status, einddatum }
      },
    )
  }
}
