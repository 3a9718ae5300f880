import type { DataSource } from 'typeorm'
import { byKeys, groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { PlanBehoefte } from './behoefte.entity'
import { Evaluatie } from './evaluatie.entity'
import { Plan } from './plan.entity'
import { PlanVersie } from './plan-versie.entity'
import { Resultaat } from './resultaat.entity'

export function planLoaders(db: DataSource, gemeenteCode: string) {
  return {
    plan: uniqueLoader(byKeys(db, Plan, 'id', { gemeenteCode }), (p) => p.id),
    plannenVanHuishouden: groupedLoader(
      byKeys(db, Plan, 'huishoudenId', { gemeenteCode }, { startdatum: 'ASC', id: 'ASC' }),
      (p) => p.huishoudenId,
    ),
    planVanMelding: uniqueLoader(
      byKeys(db, Plan, 'meldingId', { gemeenteCode }),
      (p) => p.meldingId as string,
    ),
    versiesVanPlan: groupedLoader(
      byKeys(db, PlanVersie, 'planId', { gemeenteCode }, { versie: 'ASC' }),
      (v) => v.planId,
    ),
    behoefte: uniqueLoader(byKeys(db, PlanBehoefte, 'id', { gemeenteCode }), (b) => b.id),
    behoeftenVanPlan: groupedLoader(
      byKeys(db, PlanBehoefte, 'planId', { gemeenteCode }, { code: 'ASC', id: 'ASC' }),
      (b) => b.planId,
    ),
    resultatenVanBehoefte: groupedLoader(
      byKeys(db, Resultaat, 'behoefteId', { gemeenteCode }, { streefdatum: 'ASC', id: 'ASC' }),
      (r) => r.behoefteId,
    ),
    evaluatiesVanResultaat: groupedLoader(
      byKeys(db, Evaluatie, 'resultaatId', { gemeenteCode }, { datum: 'ASC', id: 'ASC' }),
      (e) => e.resultaatId,
    ),
  }
}
