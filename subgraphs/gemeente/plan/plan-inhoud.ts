import type { PlanBehoefte } from './behoefte.entity'
import type { Plan } from './plan.entity'
import type { Resultaat } from './resultaat.entity'

/** What a plan version records: enough to read the plan as it was, without later changes. */
export function planInhoud(plan: Plan, behoeften: PlanBehoefte[], resultaten: Resultaat[]): string {
  return JSON.stringify({
    status: plan.status,
    startdatum: plan.startdatum,
    regisseur: plan.regisseurNaam,
    behoeften: behoeften.map((b) => ({
      id: b.id,
      inwonerId: b.inwonerId,
      code: b.code,
      naam: b.naam,
      niveau: b.niveau,
      resultaten: resultaten
        .filter((r) => r.behoefteId === b.id)
        .map((r) => ({
          id: r.id,
          omschrijving: r.omschrijving,
          streefdatum: r.streefdatum,
          uitkomst: r.uitkomst,
        })),
    })),
  })
}
