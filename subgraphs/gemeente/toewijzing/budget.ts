import { Frequentie } from '../../../shared/ijw/codes'

/** The most a toewijzing's Budget can hold in the message standard (eurocents). */
export const MAX_BUDGET_CENT = 99_999_999

/** How many times the frequency falls in a period (both ends inclusive). */
export function aantalPerioden(van: string, tot: string, frequentie: Frequentie): number {
  const dagen = (Date.parse(`${tot}T00:00:00Z`) - Date.parse(`${van}T00:00:00Z`)) / 86_400_000 + 1
  if (frequentie === Frequentie.PER_DAG) return dagen
  if (frequentie === Frequentie.PER_WEEK) return Math.ceil(dagen / 7)
  if (frequentie === Frequentie.PER_MAAND) return Math.ceil(dagen / 30.4375)
  return 1
}

/** Budget = tariff × volume × number of periods; the caller refuses what exceeds the maximum. */
export const budgetCent = (
  tarief: { bedragCent: number; frequentie: Frequentie },
  volume: number,
  van: string,
  tot: string,
) => tarief.bedragCent * volume * aantalPerioden(van, tot, tarief.frequentie)
