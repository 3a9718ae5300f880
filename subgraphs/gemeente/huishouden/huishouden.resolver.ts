import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql'
import { notFound } from '../../../shared/errors'
import type { GemeenteContext } from '../context'
import { Inwoner } from '../inwoner/inwoner.entity'
import { Plan } from '../plan/plan.entity'
import { Huishouden } from './huishouden.entity'

@Resolver(() => Huishouden)
export class HuishoudenResolver {
  @Query(() => Huishouden, { nullable: true })
  async huishouden(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Huishouden> {
    ctx.toegang.vereisMedewerkerOfInwoner()
    const huishouden = await ctx.loaders.huishouden.load(id)
    if (!huishouden) throw notFound('Huishouden', id)
    await ctx.toegang.vereisInzage('Huishouden', huishouden, id)
    return huishouden
  }

  @FieldResolver(() => [Inwoner])
  leden(@Root() huishouden: Huishouden, @Ctx() ctx: GemeenteContext): Promise<Inwoner[]> {
    // A resident got here only past the check on this household (an adult of it).
    ctx.toegang.vereisMedewerkerOfInwoner()
    return ctx.loaders.ledenVanHuishouden.load(huishouden.id)
  }

  @FieldResolver(() => [Plan], { description: 'All plans of the household, the closed ones included.' })
  plannen(@Root() huishouden: Huishouden, @Ctx() ctx: GemeenteContext): Promise<Plan[]> {
    ctx.toegang.vereisMedewerkerOfInwoner()
    return ctx.loaders.plannenVanHuishouden.load(huishouden.id)
  }
}
