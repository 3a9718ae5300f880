import { In, type DataSource } from 'typeorm'
import { groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { PlanBehoefte } from './behoefte.entity'
import { Evaluatie } from './evaluatie.entity'
import { Plan } from './plan.entity'
import { PlanVersie } from './plan-versie.entity'
import { Resultaat } from './resultaat.entity'

export function planLoaders(db: DataSource, gemeenteCode: string) {
  return {
    plan: uniqueLoader(
      (ids: readonly string[]) => db.getRepository(Plan).findBy({ gemeenteCode, id: In([...ids]) }),
      (p) => p.id,
    ),
    plannenVanHuishouden: groupedLoader(
      (ids: readonly string[]) =>
        db.getRepository(Plan).find({
          where: { gemeenteCode, huishoudenId: In([...ids]) },
          order: { startdatum: 'ASC', id: 'ASC' },
        }),
      (p) => p.huishoudenId,
    ),
    planVanMelding: uniqueLoader(
      (ids: readonly string[]) => db.getRepository(Plan).findBy({ gemeenteCode, meldingId: In([...ids]) }),
      (p) => p.meldingId as string,
    ),
    versiesVanPlan: groupedLoader(
      (ids: readonly string[]) =>
        db
          .getRepository(PlanVersie)
          .find({ where: { gemeenteCode, planId: In([...ids]) }, order: { versie: 'ASC' } }),
      (v) => v.planId,
    ),
    behoefte: uniqueLoader(
      (ids: readonly string[]) => db.getRepository(PlanBehoefte).findBy({ gemeenteCode, id: In([...ids]) }),
      (b) => b.id,
    ),
    behoeftenVanPlan: groupedLoader(
      (ids: readonly string[]) =>
        db
          .getRepository(PlanBehoefte)
          .find({ where: { gemeenteCode, planId: In([...ids]) }, order: { code: 'ASC', id: 'ASC' } }),
      (b) => b.planId,
    ),
    resultatenVanBehoefte: groupedLoader(
      (ids: readonly string[]) =>
        db.getRepository(Resultaat).find({
          where: { gemeenteCode, behoefteId: In([...ids]) },
          order: { streefdatum: 'ASC', id: 'ASC' },
        }),
      (r) => r.behoefteId,
    ),
    evaluatiesVanResultaat: groupedLoader(
      (ids: readonly string[]) =>
        db
          .getRepository(Evaluatie)
          .find({ where: { gemeenteCode, resultaatId: In([...ids]) }, order: { datum: 'ASC', id: 'ASC' } }),
      (e) => e.resultaatId,
    ),
  }
}
