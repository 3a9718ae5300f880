import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql'
import type { EntityManager } from 'typeorm'
import { changeStatus } from '../../../shared/db/mutation'
import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { badInput, notFound } from '../../../shared/errors'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { Connection, PageArgs, paginate } from '../../../shared/graphql/connection'
import { telMee } from '../cijfers/tel-mee'
import type { GemeenteContext } from '../context'
import { Huishouden } from '../huishouden/huishouden.entity'
import { Inwoner } from '../inwoner/inwoner.entity'
import { newId, vandaag } from '../mutatie'
import { Plan } from '../plan/plan.entity'
import { alleenMedewerker } from '../toegang'
import { betrokkenen } from './betrokkenen'
import { GESPREKSSTAPPEN, Gespreksstap, GespreksstapSoort, Melding, MeldingStatus } from './melding.entity'
import { BevindingArgs, MeldingInvoer } from './melding.input'
import { isGedwongenKader, meldingStatus, ontbrekendeStappen, stapVoorwaarden } from './melding.rules'

export const MeldingConnection = Connection(Melding, 'Melding')

@Resolver(() => Melding)
export class MeldingResolver {
  @Query(() => Melding, { nullable: true })
  async melding(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GemeenteContext,
  ) {
    ctx.toegang.vereisMedewerkerOfInwoner()
    const melding = await ctx.loaders.melding.load(id)
    if (!melding) throw notFound('Melding', id)
    await ctx.toegang.vereisInzage('Melding', melding, id)
    return melding
  }

  @Query(() => MeldingConnection, {
    nullable: true,
    description: 'Requests for support, newest last, optionally in one state.',
  })
  meldingen(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('status', () => MeldingStatus, { nullable: true }) status: MeldingStatus | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GemeenteContext,
  ) {
    ctx.toegang.vereisMedewerker()
    const query = ctx.db
      .getRepository(Melding)
      .createQueryBuilder('melding')
      .where('melding.gemeenteCode = :gemeenteCode', { gemeenteCode })
    if (status) query.andWhere('melding.status = :status', { status })
    return paginate(query, page, { column: 'datum' })
  }

  @Mutation(() => Melding, {
    nullable: true,
    description: 'Registers a request for support for a household (or one of its members).',
  })
  @Toegestaan(alleenMedewerker)
  meldingRegistreren(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('invoer', () => MeldingInvoer) invoer: MeldingInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Melding> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: invoer,
      execute: (tx) => registreerMelding(tx, ctx, invoer),
    })
  }

  @Mutation(() => Melding, {
    nullable: true,
    description:
      'Records a step of the conversation. The steps go in order: own strength, network, general provisions.',
  })
  @Toegestaan(alleenMedewerker)
  gespreksstapVastleggen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('meldingId', () => ID) meldingId: string,
    @Arg('stap', () => GespreksstapSoort) stap: GespreksstapSoort,
    @Args(() => BevindingArgs) { bevinding }: BevindingArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Melding> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { meldingId, stap, bevinding },
      execute: (tx) => legStapVast(tx, ctx, meldingId, stap, bevinding),
    })
  }

  @Mutation(() => Melding, {
    nullable: true,
    description: 'Closes a request that the conversation solved without paid support.',
  })
  @Toegestaan(alleenMedewerker)
  meldingAfsluitenZonderPlan(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('meldingId', () => ID) meldingId: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Melding> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { meldingId },
      execute: async (tx) => {
        const melding = await eigenMelding(tx, ctx, meldingId)
        // Only from the status read: a plan drawn up meanwhile keeps the request.
        const status = await changeStatus(tx, Melding, melding, meldingStatus, 'afsluitenZonderPlan')
        // Solved by the last step the conversation reached (the state machine requires one).
        const stappen = await tx.findBy(Gespreksstap, { meldingId })
        const laatste = GESPREKSSTAPPEN.filter((stap) => stappen.some((s) => s.stap === stap)).pop()
        if (laatste)
          await telMee(tx, ctx.gemeente.code, {
            soort: 'MELDING_ZONDER_MAATWERK',
            meldingDatum: melding.datum,
            opgelostMet: laatste,
          })
        await ctx.toegangslog.wijziging(tx, await betrokkenen(tx, melding), 'meldingAfsluitenZonderPlan')
        return { ...melding, status }
      },
    })
  }

  @FieldResolver(() => [Gespreksstap], { description: 'The recorded steps of the conversation, in order.' })
  async stappen(@Root() melding: Melding, @Ctx() ctx: GemeenteContext) {
    const stappen = await ctx.loaders.stappenVanMelding.load(melding.id)
    return [...stappen].sort((a, b) => GESPREKSSTAPPEN.indexOf(a.stap) - GESPREKSSTAPPEN.indexOf(b.stap))
  }

  @FieldResolver(() => [GespreksstapSoort], {
    description: 'The steps still to record before paid support can be allocated.',
  })
  async ontbrekendeStappen(@Root() melding: Melding, @Ctx() ctx: GemeenteContext) {
    return isGedwongenKader(melding)
      ? []
      : ontbrekendeStappen(await ctx.loaders.stappenVanMelding.load(melding.id))
  }

  @FieldResolver(() => Boolean, {
    description: 'Compulsory youth care, through the court: the voluntary steps do not apply.',
  })
  gedwongenKader(@Root() melding: Melding) {
    return isGedwongenKader(melding)
  }

  @FieldResolver(() => Huishouden, { nullable: true })
  async huishouden(@Root() melding: Melding, @Ctx() ctx: GemeenteContext) {
    ctx.toegang.vereisMedewerkerOfInwoner()
    const huishouden = await ctx.loaders.huishouden.load(melding.huishoudenId)
    if (huishouden) await ctx.toegang.vereisInzage('Huishouden', huishouden, huishouden.id)
    return huishouden
  }

  @FieldResolver(() => Inwoner, { nullable: true })
  inwoner(@Root() melding: Melding, @Ctx() ctx: GemeenteContext) {
    return melding.inwonerId ? ctx.loaders.inwoner.load(melding.inwonerId) : null
  }

  @FieldResolver(() => Plan, { nullable: true, description: 'The plan drawn up after this request, if any.' })
  plan(@Root() melding: Melding, @Ctx() ctx: GemeenteContext) {
    return ctx.loaders.planVanMelding.load(melding.id)
  }
}

/**
 * Recording a step: allowed in the states stapVastleggen lists, and the first step opens the
 * conversation (ONTVANGEN to IN_GESPREK); later steps, also after the plan was drafted, leave
 * the status as it is. As a machine for changeStatus, which writes only from the status read.
 */
const stapStatus = {
  next(current: MeldingStatus, event: 'stapVastleggen'): MeldingStatus {
    meldingStatus.next(current, event)
    return current === MeldingStatus.ONTVANGEN ? MeldingStatus.IN_GESPREK : current
  },
}

async function eigenMelding(tx: EntityManager, ctx: GemeenteContext, meldingId: string) {
  const melding = await tx.findOneBy(Melding, { id: meldingId, gemeenteCode: ctx.gemeente.code })
  if (!melding) throw notFound('Melding', meldingId)
  return melding
}

async function registreerMelding(
  tx: EntityManager,
  ctx: GemeenteContext,
  invoer: MeldingInvoer,
): Promise<Melding> {
  const gemeenteCode = ctx.gemeente.code
  const huishouden = await tx.findOneBy(Huishouden, { id: invoer.huishoudenId, gemeenteCode })
  if (!huishouden) throw notFound('Huishouden', invoer.huishoudenId)
  const leden = await tx.findBy(Inwoner, { huishoudenId: huishouden.id })
  if (invoer.inwonerId && !leden.some((l) => l.id === invoer.inwonerId))
    throw badInput('Deze inwoner hoort niet bij het huishouden.', 'invoer.inwonerId')
  const datum = invoer.datum ?? vandaag()
  if (datum > vandaag()) throw badInput('Een melding kan niet in de toekomst liggen.', 'invoer.datum')
  const melding: Melding = {
    id: newId(),
    gemeenteCode,
    huishoudenId: huishouden.id,
    inwonerId: invoer.inwonerId ?? null,
    verwijzerType: invoer.verwijzerType,
    verwijzerNaam: invoer.verwijzerNaam?.trim() || null,
    omschrijving: invoer.omschrijving.trim(),
    datum,
    status: MeldingStatus.ONTVANGEN,
  }
  await tx.insert(Melding, melding)
  await telMee(tx, gemeenteCode, { soort: 'MELDING_ONTVANGEN', datum })
  await ctx.toegangslog.wijziging(tx, await betrokkenen(tx, melding), 'meldingRegistreren')
  return melding
}

async function legStapVast(
  tx: EntityManager,
  ctx: GemeenteContext,
  meldingId: string,
  stap: GespreksstapSoort,
  bevinding: string,
): Promise<Melding> {
  const melding = await eigenMelding(tx, ctx, meldingId)
  meldingStatus.next(melding.status, 'stapVastleggen')
  const stappen = await tx.findBy(Gespreksstap, { meldingId })
  if (stappen.some((s) => s.stap === stap)) throw badInput(`Stap ${stap} is al vastgelegd.`, 'stap')
  toetsVoorwaarden(stapVoorwaarden, { stap, stappen })
  await tx.insert(Gespreksstap, {
    id: newId(),
    gemeenteCode: ctx.gemeente.code,
    meldingId,
    stap,
    bevinding: bevinding.trim(),
    datum: vandaag(),
    vastgelegdDoor: ctx.toegang.identity!.naam,
  })
  // Written even when it stays the same: a request closed meanwhile is not reopened by a step.
  const nieuw = await changeStatus(tx, Melding, melding, stapStatus, 'stapVastleggen')
  await ctx.toegangslog.wijziging(tx, await betrokkenen(tx, melding), 'gespreksstapVastleggen')
  return { ...melding, status: nieuw }
}
