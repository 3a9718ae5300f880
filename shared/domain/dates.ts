/**
 * Calendar days as the Twentse gemeenten and providers live them: in Europe/Amsterdam, written
 * as ISO dates (YYYY-MM-DD), the shape of the `LocalDate` scalar and of the date columns.
 */

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/**
 * The calendar day in the Netherlands at `nu`: a decision taken at 00:30 in Enschede is dated
 * that day, not the day before as a UTC date would have it.
 * 2026-01-15T23:30Z (winter, UTC+1) is 2026-01-16; 2026-07-15T23:30Z (summer, UTC+2) is 2026-07-16.
 */
export function vandaag(nu: Date = new Date()): string {
  const deel = (type: string) => AMSTERDAM.formatToParts(nu).find((p) => p.type === type)!.value
  return `${deel('year')}-${deel('month')}-${deel('day')}`
}

/** The ISO date `dagen` days after `datum` (before, when negative): 2025-02-28 + 1 is 2025-03-01. */
export function plusDagen(datum: string, dagen: number): string {
  const d = new Date(`${datum}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + dagen)
  return d.toISOString().slice(0, 10)
}

/** Whole years from `geboortedatum` to `datum`: 18 on the 18th birthday, not the day before. */
export function leeftijdOp(geboortedatum: string, datum: string): number {
  const [gj, gm, gd] = geboortedatum.split('-').map(Number)
  const [j, m, d] = datum.split('-').map(Number)
  return j - gj - (m < gm || (m === gm && d < gd) ? 1 : 0)
}
