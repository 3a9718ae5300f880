import { Not, IsNull, type DataSource } from 'typeorm'
import { TellingSoort, type RuweTelling } from '../../../shared/graphql/cijfers'
import { PlanBehoefte } from '../plan/behoefte.entity'
import { Plan, PlanStatus } from '../plan/plan.entity'
import { Resultaat } from '../plan/resultaat.entity'
import { Toewijzing, ToewijzingStatus } from '../toewijzing/toewijzing.entity'

/**
 * This gemeente's raw counts, grouped in the database (three grouped queries, whatever the
 * number of rows). Unsuppressed: only ever combined and suppressed before anyone sees them.
 */
export async function ruweTellingen(db: DataSource, gemeenteCode: string): Promise<RuweTelling[]> {
  const plannen = await db
    .createQueryBuilder(PlanBehoefte, 'b')
    .innerJoin(Plan, 'p', 'p.id = b.planId')
    .select('b.code', 'code')
    .addSelect('b.niveau', 'niveau')
    .addSelect('COUNT(DISTINCT p.id)', 'aantal')
    .where('p.gemeenteCode = :gemeenteCode AND p.status = :status', {
      gemeenteCode,
      status: PlanStatus.ACTIEF,
    })
    .groupBy('b.code')
    .addGroupBy('b.niveau')
    .getRawMany<{ code: string; niveau: string; aantal: string | number }>()
  const toewijzingen = await db
    .createQueryBuilder(Toewijzing, 't')
    .select('t.aanbiederAgbCode', 'agb')
    .addSelect('SUBSTR(t.ingangsdatum, 1, 7)', 'maand')
    .addSelect('COUNT(*)', 'aantal')
    .addSelect('SUM(t.budgetCent)', 'bedrag')
    .where('t.gemeenteCode = :gemeenteCode AND t.status <> :ingetrokken', {
      gemeenteCode,
      ingetrokken: ToewijzingStatus.INGETROKKEN,
    })
    .groupBy('t.aanbiederAgbCode')
    .addGroupBy('SUBSTR(t.ingangsdatum, 1, 7)')
    .getRawMany<{ agb: string; maand: string; aantal: string | number; bedrag: string | number }>()
  const resultaten = await db
    .createQueryBuilder(Resultaat, 'r')
    .innerJoin(PlanBehoefte, 'b', 'b.id = r.behoefteId')
    .select('b.code', 'code')
    .addSelect('r.uitkomst', 'uitkomst')
    .addSelect('COUNT(*)', 'aantal')
    .where({ gemeenteCode, uitkomst: Not(IsNull()) })
    .groupBy('b.code')
    .addGroupBy('r.uitkomst')
    .getRawMany<{ code: string; uitkomst: string; aantal: string | number }>()
  const telling = (
    soort: TellingSoort,
    sleutel: string,
    aantal: string | number,
    bedragCent: string | number = 0,
  ): RuweTelling => ({
    gemeenteCode,
    soort,
    sleutel,
    aantal: Number(aantal),
    bedragCent: Number(bedragCent),
  })
  return [
    ...plannen.map((r) => telling(TellingSoort.ACTIEVE_PLANNEN, `${r.code}|${r.niveau}`, r.aantal)),
    ...toewijzingen.map((r) => telling(TellingSoort.TOEWIJZINGEN, `${r.agb}|${r.maand}`, r.aantal, r.bedrag)),
    ...resultaten.map((r) => telling(TellingSoort.RESULTATEN, `${r.code}|${r.uitkomst}`, r.aantal)),
  ]
}
