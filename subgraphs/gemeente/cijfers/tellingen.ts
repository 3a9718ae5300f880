import type { DataSource } from 'typeorm'
import type { RuweTelling, TellingSoort } from '../../../shared/graphql/cijfers'
import { CijferTelling } from './cijfer-telling.entity'

/**
 * This gemeente's raw counts, read from the summary that every change keeps up to date (telMee):
 * one indexed read whose size depends on the catalogue, providers and months, not on the number
 * of residents. Unsuppressed: only ever combined and suppressed before anyone sees them.
 */
export async function ruweTellingen(db: DataSource, gemeenteCode: string): Promise<RuweTelling[]> {
  const rijen = await db
    .createQueryBuilder(CijferTelling, 't')
    .select('t.soort', 'soort')
    .addSelect('t.sleutel', 'sleutel')
    .addSelect('t.maand', 'maand')
    .addSelect('t.aantal', 'aantal')
    .addSelect('t.bedragCent', 'bedragCent')
    .where('t.gemeenteCode = :gemeenteCode', { gemeenteCode })
    .andWhere('(t.aantal <> 0 OR t.bedragCent <> 0)')
    .getRawMany<{
      soort: string
      sleutel: string
      maand: string
      aantal: number
      bedragCent: number | string
    }>()
  return rijen.map((r) => ({
    gemeenteCode,
    soort: r.soort as TellingSoort,
    sleutel: r.sleutel,
    maand: r.maand,
    aantal: Number(r.aantal),
    bedragCent: Number(r.bedragCent),
  }))
}
