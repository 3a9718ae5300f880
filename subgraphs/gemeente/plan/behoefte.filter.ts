import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm'

/**
 * Narrows a list to rows with a support need (and/or level) in the plan: one EXISTS on
 * plan_behoefte, joined by `koppeling` (e.g. 'b.planId = plan.id'), shared by plans and allocations.
 */
export function metBehoefte<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  koppeling: string,
  filter: { ondersteuningsbehoefte?: string | null; niveau?: string | null } | null | undefined,
) {
  if (!filter?.ondersteuningsbehoefte && !filter?.niveau) return
  const voorwaarden = [koppeling]
  if (filter.ondersteuningsbehoefte) voorwaarden.push('b.code = :behoefte')
  if (filter.niveau) voorwaarden.push('b.niveau = :niveau')
  query.andWhere(`EXISTS (SELECT 1 FROM plan_behoefte b WHERE ${voorwaarden.join(' AND ')})`, {
    behoefte: filter.ondersteuningsbehoefte,
    niveau: filter.niveau,
  })
}
