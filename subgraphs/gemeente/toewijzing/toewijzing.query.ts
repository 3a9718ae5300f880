import { Field, ID, InputType } from 'type-graphql'
import { Niveau } from '../../../shared/ijw/codes'
import { badInput } from '../../../shared/errors'
import { PageArgs, paginate } from '../../../shared/graphql/connection'
import { Datum } from '../../../shared/graphql/scalars'
import type { GemeenteContext } from '../context'
import { metBehoefte } from '../plan/behoefte.filter'
import { Toewijzing, ToewijzingStatus } from './toewijzing.entity'

@InputType({ description: 'Narrows a list of allocations; every field is optional.' })
export class ToewijzingFilter {
  @Field(() => [ToewijzingStatus], { nullable: true })
  status?: ToewijzingStatus[] | null

  @Field(() => String, { nullable: true, description: 'AGB code of the provider.' })
  aanbieder?: string | null

  @Field(() => ID, { nullable: true, description: 'Allocations for this support need.' })
  ondersteuningsbehoefte?: string | null

  @Field(() => Niveau, { nullable: true })
  niveau?: Niveau | null

  @Field(() => Datum, { nullable: true, description: 'Only allocations running on or after this date.' })
  van?: string | null

  @Field(() => Datum, { nullable: true, description: 'Only allocations running on or before this date.' })
  tot?: string | null
}

/** Allocations the caller may see, filtered: the query behind every allocation list. */
export function toewijzingenQuery(ctx: GemeenteContext, filter: ToewijzingFilter | null | undefined) {
  const scope = ctx.toegang.toewijzingScope()
  if (filter?.van && filter.tot && filter.van > filter.tot) throw badInput('van ligt na tot.', 'filter.van')
  const query = ctx.db
    .getRepository(Toewijzing)
    .createQueryBuilder('toewijzing')
    .where('toewijzing.gemeenteCode = :gemeenteCode', { gemeenteCode: ctx.gemeente.code })
  if (scope.aanbiederAgbCode)
    query.andWhere('toewijzing.aanbiederAgbCode = :eigen', { eigen: scope.aanbiederAgbCode })
  if (filter?.aanbieder) query.andWhere('toewijzing.aanbiederAgbCode = :agb', { agb: filter.aanbieder })
  if (filter?.status?.length) query.andWhere('toewijzing.status IN (:...status)', { status: filter.status })
  metBehoefte(query, 'b.id = toewijzing.behoefteId', filter)
  if (filter?.van) query.andWhere('toewijzing.einddatum >= :van', { van: filter.van })
  if (filter?.tot) query.andWhere('toewijzing.ingangsdatum <= :tot', { tot: filter.tot })
  return query
}

export const pageToewijzingen = (
  ctx: GemeenteContext,
  filter: ToewijzingFilter | null | undefined,
  page: PageArgs,
) => paginate(toewijzingenQuery(ctx, filter), page, { column: 'ingangsdatum' })
