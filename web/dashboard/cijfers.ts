// Pure arithmetic over the graph's figures for the dashboard, kept apart from the page so that it
// is tested without a browser (test/web-cijfers.test.ts).

/** The figures of one gemeente or the region, as the dashboard asks for them. */
export interface Cijfers {
  gemeenten: string[]
  actievePlannen: { ondersteuningsbehoefte: string; niveau: string; aantal?: number | null }[]
  toewijzingen: { agbCode: string; aantal?: number | null; budgetCent?: number | null }[]
  resultaten: {
    ondersteuningsbehoefte: string
    beoordeeld?: number | null
    aandeelBehaald?: number | null
    aandeelDeelsBehaald?: number | null
  }[]
}

/** A sum over figures of which some may be hidden: what is visible, and how many are not. */
export interface Totaal {
  som: number
  verborgen: number
  /** Figures in the sum, hidden ones included. */
  delen: number
}

export function totaal(waarden: (number | null | undefined)[]): Totaal {
  return waarden.reduce<Totaal>(
    (t, w) =>
      w === null || w === undefined ? { ...t, verborgen: t.verborgen + 1 } : { ...t, som: t.som + w },
    { som: 0, verborgen: 0, delen: waarden.length },
  )
}

/** 45, "45 + verborgen" when some parts are hidden, "verborgen" when all are, 0 when there are none. */
export function totaalTekst(t: Totaal, format: (n: number) => string = String): string {
  if (t.delen > 0 && t.verborgen === t.delen) return 'verborgen'
  return t.verborgen > 0 ? `${format(t.som)} + verborgen` : format(t.som)
}

export const NIVEAUS = ['A', 'B', 'C', 'D'] as const

export function actievePlannen(c: Cijfers, behoefte: string): Totaal {
  return totaal(
    c.actievePlannen.filter((p) => !behoefte || p.ondersteuningsbehoefte === behoefte).map((p) => p.aantal),
  )
}

/**
 * The share of assessed results achieved: that of the need, or over all needs weighted by their
 * (rounded) number assessed; null when nothing visible was assessed.
 */
export function aandeelBehaald(c: Cijfers, behoefte: string): number | null {
  const rijen = c.resultaten.filter(
    (r) =>
      (!behoefte || r.ondersteuningsbehoefte === behoefte) &&
      typeof r.beoordeeld === 'number' &&
      typeof r.aandeelBehaald === 'number',
  )
  const beoordeeld = rijen.reduce((s, r) => s + r.beoordeeld!, 0)
  if (beoordeeld === 0) return null
  return rijen.reduce((s, r) => s + r.aandeelBehaald! * r.beoordeeld!, 0) / beoordeeld
}

/** The needs that occur in any of the figures, sorted by code. */
export function behoeftenIn(lijst: Cijfers[]): string[] {
  const codes = new Set<string>()
  for (const c of lijst) {
    for (const p of c.actievePlannen) codes.add(p.ondersteuningsbehoefte)
    for (const r of c.resultaten) codes.add(r.ondersteuningsbehoefte)
  }
  return [...codes].sort()
}
