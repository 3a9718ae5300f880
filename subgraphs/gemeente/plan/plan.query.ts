import { Field, ID, InputType } from 'type-graphql'
import { badInput } from '../../../shared/errors'
import { PageArgs, paginate } from '../../../shared/graphql/connection'
import { Datum } from '../../../shared/graphql/scalars'
import { Niveau } from '../../../shared/ijw/codes'
import type { GemeenteContext } from '../context'
import { metBehoefte } from './behoefte.filter'
import { Plan, PlanStatus } from './plan.entity'

@InputType({ description: 'Narrows a list of plans; every field is optional and they combine.' })
export class PlanFilter {
  @Field(() => PlanStatus, { nullable: true })
  status?: PlanStatus | null

  @Field(() => ID, { nullable: true, description: 'Plans with this support need.' })
  ondersteuningsbehoefte?: string | null

  @Field(() => Niveau, {
    nullable: true,
    description: 'Plans with a need at this level (with the need above: that need at this level).',
  })
  niveau?: Niveau | null

  @Field(() => ID, { nullable: true, description: 'Plans with an allocation to this provider (AGB code).' })
  aanbieder?: string | null

  @Field(() => Datum, { nullable: true, description: 'Plans running on or after this date.' })
  van?: string | null

  @Field(() => Datum, { nullable: true, description: 'Plans starting on or before this date.' })
  tot?: string | null
}

/** The one way plans are listed, from a root field or from a gemeente alike. */
export function zoekPlannen(ctx: GemeenteContext, filter: PlanFilter | null | undefined, page: PageArgs) {
  ctx.toegang.vereisMedewerker()
  if (filter?.van && filter.tot && filter.van > filter.tot) throw badInput('van ligt na tot.', 'filter.van')
  const query = ctx.db
    .getRepository(Plan)
    .createQueryBuilder('plan')
    .where('plan.gemeenteCode = :gemeenteCode', { gemeenteCode: ctx.gemeente.code })
  if (filter?.status) query.andWhere('plan.status = :status', { status: filter.status })
  metBehoefte(query, 'b.planId = plan.id', filter)
  if (filter?.aanbieder) {
    query.andWhere(
      'EXISTS (SELECT 1 FROM toewijzing t WHERE t.planId = plan.id AND t.aanbiederAgbCode = :agb)',
      { agb: filter.aanbieder },
    )
  }
  if (filter?.van) query.andWhere('(plan.einddatum IS NULL OR plan.einddatum >= :van)', { van: filter.van })
  if (filter?.tot) query.andWhere('plan.startdatum <= :tot', { tot: filter.tot })
  return paginate(query, page, { column: 'startdatum' })
}
