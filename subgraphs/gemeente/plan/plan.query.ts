import { Field, InputType } from 'type-graphql'
import { PageArgs, paginate } from '../../../shared/graphql/connection'
import type { GemeenteContext } from '../context'
import { Plan, PlanStatus } from './plan.entity'

@InputType({ description: 'Narrows a list of plans; every field is optional.' })
export class PlanFilter {
  @Field(() => PlanStatus, { nullable: true })
  status?: PlanStatus | null
}

/** The one way plans are listed, from a root field or from a gemeente alike. */
export function zoekPlannen(ctx: GemeenteContext, filter: PlanFilter | null | undefined, page: PageArgs) {
  ctx.toegang.vereisMedewerker()
  const query = ctx.db
    .getRepository(Plan)
    .createQueryBuilder('plan')
    .where('plan.gemeenteCode = :gemeenteCode', { gemeenteCode: ctx.gemeente.code })
  if (filter?.status) query.andWhere('plan.status = :status', { status: filter.status })
  return paginate(query, page, { column: 'startdatum', value: (p) => p.startdatum })
}
