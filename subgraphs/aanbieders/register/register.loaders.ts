import { In, type DataSource } from 'typeorm'
import { byKeys, groupedLoader } from '../../../shared/db/loaders'
import { Uitkomstmelding, Waardering } from './registerbericht.entity'

export interface Uitkomstsom {
  agbCode: string
  code: string
  naam: string
  niveau: string
  toewijzingen: number
  behaald: number
  deelsBehaald: number
  totaal: number
}

/** Ratings and results per provider, grouped in the database: one statement per list per tick. */
export function registerLoaders(db: DataSource) {
  return {
    waardering: groupedLoader(
      async (agbCodes: readonly string[]) =>
        (
          await db
            .createQueryBuilder(Waardering, 'w')
            .select('w.agbCode', 'agbCode')
            .addSelect('AVG(w.score)', 'gemiddelde')
            .addSelect('COUNT(*)', 'aantal')
            .where({ agbCode: In([...agbCodes]) })
            .groupBy('w.agbCode')
            .getRawMany<{ agbCode: string; gemiddelde: string | number; aantal: string | number }>()
        ).map((r) => ({ agbCode: r.agbCode, gemiddelde: Number(r.gemiddelde), aantal: Number(r.aantal) })),
      (r) => r.agbCode,
    ),
    /** Each rating with its comment, newest first: only the provider itself and the manager see these. */
    waarderingen: groupedLoader(
      byKeys(db, Waardering, 'agbCode', {}, { datum: 'DESC', id: 'ASC' }),
      (w) => w.agbCode,
    ),
    uitkomsten: groupedLoader(
      async (agbCodes: readonly string[]): Promise<Uitkomstsom[]> =>
        (
          await db
            .createQueryBuilder(Uitkomstmelding, 'u')
            .select('u.agbCode', 'agbCode')
            .addSelect('u.ondersteuningsbehoefteCode', 'code')
            .addSelect('u.niveau', 'niveau')
            .addSelect('MAX(u.naam)', 'naam')
            .addSelect('COUNT(*)', 'toewijzingen')
            .addSelect('SUM(u.behaald)', 'behaald')
            .addSelect('SUM(u.deelsBehaald)', 'deelsBehaald')
            .addSelect('SUM(u.behaald + u.deelsBehaald + u.nietBehaald)', 'totaal')
            .where({ agbCode: In([...agbCodes]) })
            .groupBy('u.agbCode')
            .addGroupBy('u.ondersteuningsbehoefteCode')
            .addGroupBy('u.niveau')
            .orderBy('u.ondersteuningsbehoefteCode')
            .addOrderBy('u.niveau')
            .getRawMany()
        ).map((r) => ({
          agbCode: r.agbCode,
          code: r.code,
          naam: r.naam,
          niveau: r.niveau,
          toewijzingen: Number(r.toewijzingen),
          behaald: Number(r.behaald),
          deelsBehaald: Number(r.deelsBehaald),
          totaal: Number(r.totaal),
        })),
      (r) => r.agbCode,
    ),
  }
}
