import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql'
import { Connection, PageArgs } from '../../../shared/graphql/connection'
import { notFound } from '../../../shared/errors'
import type { GemeenteContext } from '../context'
import { GemeenteRef } from '../gemeente/gemeente.type'
import { Huishouden } from '../huishouden/huishouden.entity'
import { Toewijzing } from '../toewijzing/toewijzing.entity'
import { PlanBehoefte } from './behoefte.entity'
import { Plan, Regisseur } from './plan.entity'
import { PlanVersie } from './plan-versie.entity'
import { Melding } from '../melding/melding.entity'
import { PlanFilter, zoekPlannen } from './plan.query'

export const PlanConnection = Connection(Plan, 'Plan')

@Resolver(() => Plan)
export class PlanResolver {
  @Query(() => Plan, { nullable: true })
  async plan(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Plan> {
    ctx.toegang.vereisMedewerkerOfInwoner()
    const plan = await ctx.loaders.plan.load(id)
    if (!plan) throw notFound('Plan', id)
    await ctx.toegang.vereisInzage('Plan', plan, id)
    return plan
  }

  @Query(() => PlanConnection, {
    nullable: true,
    description: 'The plans of one gemeente, oldest start first.',
  })
  plannen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('filter', () => PlanFilter, { nullable: true }) filter: PlanFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GemeenteContext,
  ) {
    return zoekPlannen(ctx, filter, page)
  }

  @FieldResolver(() => GemeenteRef)
  gemeente(@Root() plan: Plan): GemeenteRef {
    return { code: plan.gemeenteCode }
  }

  @FieldResolver(() => Regisseur)
  regisseur(@Root() plan: Plan): Regisseur {
    return { id: plan.regisseurId, naam: plan.regisseurNaam }
  }

  @FieldResolver(() => Huishouden)
  async huishouden(@Root() plan: Plan, @Ctx() ctx: GemeenteContext): Promise<Huishouden> {
    const huishouden = await ctx.loaders.huishouden.load(plan.huishoudenId)
    if (!huishouden) throw notFound('Huishouden', plan.huishoudenId)
    return huishouden
  }

  @FieldResolver(() => [PlanBehoefte], {
    description: 'The plan’s support needs; for a resident, those they may see (Toegang.zichtbaar).',
  })
  async behoeften(@Root() plan: Plan, @Ctx() ctx: GemeenteContext): Promise<PlanBehoefte[]> {
    return ctx.toegang.zichtbaar('PlanBehoefte', await ctx.loaders.behoeftenVanPlan.load(plan.id))
  }

  @FieldResolver(() => Melding, { nullable: true, description: 'The request the plan was drawn up after.' })
  melding(@Root() plan: Plan, @Ctx() ctx: GemeenteContext) {
    return plan.meldingId ? ctx.loaders.melding.load(plan.meldingId) : null
  }

  @FieldResolver(() => [PlanVersie], {
    description: 'Every version of the plan with its reason, oldest first.',
  })
  versies(@Root() plan: Plan, @Ctx() ctx: GemeenteContext) {
    return ctx.loaders.versiesVanPlan.load(plan.id)
  }

  @FieldResolver(() => [Toewijzing], {
    description: 'The plan’s allocations; for a resident, those they may see (Toegang.zichtbaar).',
  })
  async toewijzingen(@Root() plan: Plan, @Ctx() ctx: GemeenteContext): Promise<Toewijzing[]> {
    return ctx.toegang.zichtbaar('Toewijzing', await ctx.loaders.toewijzingenVanPlan.load(plan.id))
  }
}
