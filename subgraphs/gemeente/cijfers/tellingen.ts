import type { DataSource } from 'typeorm'
import { DataVersion } from '../../../shared/db/data-version'
import {
  inKolommen,
  type RuweTelling,
  type TellingKolommen,
  type TellingSoort,
} from '../../../shared/graphql/cijfers'
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

/** This gemeente's counts in columns as last read, per database (see ruweTellingenInKolommen). */
const inKolommenBewaard = new WeakMap<
  DataSource,
  { versie: DataVersion; gelezenBij?: string; tot: number; kolommen?: Promise<TellingKolommen> }
>()

/**
 * How long counts read are given again while this process wrote nothing: a change made by
 * another process (`npm run cijfers:herbouw`, a second replica) shows within this time.
 */
export const KOLOMMEN_GELDIG_MS = 5_000

/**
 * This gemeente's raw counts in columns, for the region (see TellingenNaarRegio). Read again only
 * after this process wrote to the database (every commit counts, see DataVersion) or after
 * KOLOMMEN_GELDIG_MS: every regional dashboard asks all fourteen gemeenten, and the summary
 * changes far less often than it is read. At 10,000 residents a read is some 9,500 rows.
 */
export function ruweTellingenInKolommen(db: DataSource, gemeenteCode: string): Promise<TellingKolommen> {
  let bewaard = inKolommenBewaard.get(db)
  if (!bewaard) {
    bewaard = { versie: new DataVersion(db), tot: 0 }
    inKolommenBewaard.set(db, bewaard)
  }
  const nu = Date.now()
  const versie = bewaard.versie.current
  if (bewaard.kolommen && bewaard.gelezenBij === versie && bewaard.tot > nu) return bewaard.kolommen
  const kolommen = ruweTellingen(db, gemeenteCode).then((tellingen) => inKolommen(gemeenteCode, tellingen))
  Object.assign(bewaard, { gelezenBij: versie, tot: nu + KOLOMMEN_GELDIG_MS, kolommen })
  // A failed read is not given again.
  kolommen.catch(() => {
    if (bewaard.kolommen === kolommen) bewaard.tot = 0
  })
  return kolommen
}
