import { Frequentie } from '../../../shared/ijw/codes'

/** The most a toewijzing's Budget can hold in the message standard (eurocents). */
export const MAX_BUDGET_CENT = 99_999_999

/**
 * How many times the frequency falls in a period (both ends inclusive). Per month: the calendar
 * months the period touches, as a provider declares by calendar month: 2026-01-01 to 2026-01-31
 * is 1, 2026-01-15 to 2026-02-14 is 2, 2024-01-01 to 2024-12-31 is 12.
 */
export function aantalPerioden(van: string, tot: string, frequentie: Frequentie): number {
  const dagen = (Date.parse(`${tot}T00:00:00Z`) - Date.parse(`${van}T00:00:00Z`)) / 86_400_000 + 1
  if (frequentie === Frequentie.PER_DAG) return dagen
  if (frequentie === Frequentie.PER_WEEK) return Math.ceil(dagen / 7)
  if (frequentie === Frequentie.PER_MAAND) return maandnummer(tot) - maandnummer(van) + 1
  return 1
}

/** Months since year 0 of a date `YYYY-MM-DD`. */
const maandnummer = (datum: string) => Number(datum.slice(0, 4)) * 12 + Number(datum.slice(5, 7))

/** Budget = tariff × volume × number of periods; the caller refuses what exceeds the maximum. */
export const budgetCent = (
  tarief: { bedragCent: number; frequentie: Frequentie },
  volume: number,
  van: string,
  tot: string,
) => tarief.bedragCent * volume * aantalPerioden(van, tot, tarief.frequentie)

/** A module on an allocation, priced: `volume` units per `frequentie`, at `tariefCent` a unit. */
export interface GeprijsdeModule {
  moduleCode: string
  volume: number
  frequentie: Frequentie
  tariefCent: number
}

/**
 * What a module costs over the allocation's period: the tariff is a price per unit, the volume
 * counts units per frequency. Vervoer at 2690 a ride, 1 ride per day, 2026-01-01 to 2026-01-31:
 * 2690 × 1 × 31 = 83390 eurocents.
 */
export const moduleBedragCent = (m: GeprijsdeModule, van: string, tot: string) =>
  m.tariefCent * m.volume * aantalPerioden(van, tot, m.frequentie)
