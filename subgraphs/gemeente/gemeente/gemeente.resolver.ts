import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql'
import { PageArgs } from '../../../shared/graphql/connection'
import type { GemeenteContext } from '../context'
import { LokaleOndersteuningsbehoefte } from '../inkoop/lokale-ondersteuningsbehoefte'
import { PlanFilter, zoekPlannen } from '../plan/plan.query'
import { PlanConnection } from '../plan/plan.resolver'
import { GemeenteRef } from './gemeente.type'

// Fields this gemeente adds to the regional Gemeente entity. They are nullable so that when
// this instance is down only its own part of a response is missing.
@Resolver(() => GemeenteRef)
export class GemeenteResolver {
  @FieldResolver(() => PlanConnection, { nullable: true })
  plannen(
    @Root() _gemeente: GemeenteRef,
    @Arg('filter', () => PlanFilter, { nullable: true }) filter: PlanFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GemeenteContext,
  ) {
    return zoekPlannen(ctx, filter, page)
  }

  @FieldResolver(() => [LokaleOndersteuningsbehoefte], {
    nullable: true,
    description:
      'The support needs this gemeente grants: regional, or its own for Almelo and Hof van Twente.',
  })
  ondersteuningsbehoeften(@Root() _gemeente: GemeenteRef, @Ctx() ctx: GemeenteContext) {
    return ctx.inkoop.ondersteuningsbehoeften()
  }
}
