import type DataLoader from 'dataloader'
import type { DataSource } from 'typeorm'
import { byKeys, groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { PlanBehoefte } from './behoefte.entity'
import { Evaluatie } from './evaluatie.entity'
import { Plan } from './plan.entity'
import { PlanVersie } from './plan-versie.entity'
import { Resultaat } from './resultaat.entity'

export function planLoaders(db: DataSource, gemeenteCode: string) {
  const behoefte = uniqueLoader(byKeys(db, PlanBehoefte, 'id', { gemeenteCode }), (b) => b.id)
  const behoeftenVanPlan = byKeys(db, PlanBehoefte, 'planId', { gemeenteCode }, { code: 'ASC', id: 'ASC' })
  const resultaat = uniqueLoader(byKeys(db, Resultaat, 'id', { gemeenteCode }), (r) => r.id)
  const resultatenVanBehoefte = byKeys(
    db,
    Resultaat,
    'behoefteId',
    { gemeenteCode },
    { streefdatum: 'ASC', id: 'ASC' },
  )
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
    behoefte,
    // A plan's needs, and a need's results, are known by id too: the access log asks an
    // evaluation's result, and a result's need, whom they are about (toegangsregistratie.ts),
    // which then costs no statement of its own.
    behoeftenVanPlan: groupedLoader(primed(behoeftenVanPlan, behoefte), (b) => b.planId),
    resultaat,
    resultatenVanBehoefte: groupedLoader(primed(resultatenVanBehoefte, resultaat), (r) => r.behoefteId),
    evaluatiesVanResultaat: groupedLoader(
      byKeys(db, Evaluatie, 'resultaatId', { gemeenteCode }, { datum: 'ASC', id: 'ASC' }),
      (e) => e.resultaatId,
    ),
  }
}

/** A batch function that also primes `byId` with every row it returns. */
function primed<K, V extends { id: string }>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  byId: DataLoader<string, V | null>,
): (keys: readonly K[]) => Promise<V[]> {
  return async (keys) => {
    const rows = await fetch(keys)
    for (const row of rows) byId.prime(row.id, row)
    return rows
  }
}
