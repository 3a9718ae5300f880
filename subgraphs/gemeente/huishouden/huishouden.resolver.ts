import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql'
import { notFound } from '../../../shared/errors'
import { Connection, PageArgs, paginate } from '../../../shared/graphql/connection'
import type { GemeenteContext } from '../context'
import { Inwoner } from '../inwoner/inwoner.entity'
import { Plan } from '../plan/plan.entity'
import { Huishouden } from './huishouden.entity'

export const HuishoudenConnection = Connection(Huishouden, 'Huishouden')

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

  @Query(() => HuishoudenConnection, {
    nullable: true,
    description:
      'Households with no open plan (no draft, no active one) and at least one member still ' +
      'registered in this gemeente, by name: where a new request can start.',
  })
  huishoudensZonderPlan(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GemeenteContext,
  ) {
    ctx.toegang.vereisMedewerker()
    // Both through indexed columns: plan.openSleutel is set exactly while a plan is open.
    const query = ctx.db
      .getRepository(Huishouden)
      .createQueryBuilder('huishouden')
      .where('huishouden.gemeenteCode = :gemeenteCode', { gemeenteCode })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM plan open_plan WHERE open_plan.huishoudenId = huishouden.id AND open_plan.openSleutel IS NOT NULL)',
      )
      .andWhere(
        'EXISTS (SELECT 1 FROM inwoner lid WHERE lid.huishoudenId = huishouden.id AND lid.verhuisdOp IS NULL)',
      )
    return paginate(query, page, { column: 'naam' })
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
