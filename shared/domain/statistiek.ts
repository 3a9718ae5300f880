/**
 * Published figures never show small counts: like CBS for the social domain, a count below 10 is
 * hidden and every other count is rounded to a multiple of 5. Shares are computed from the exact
 * counts, and shown only when they cannot tell a small count (see aandelen).
 */
export const MINIMUM_AANTAL = 10
export const AFRONDING = 5

export function onthul(aantal: number): number | null {
  return aantal < MINIMUM_AANTAL ? null : Math.round(aantal / AFRONDING) * AFRONDING
}

/**
 * The shares of parts of one base (say results reached and partly reached, of all results
 * assessed), each to three decimals, or null where showing it could tell a count below
 * MINIMUM_AANTAL. A share tells its part (0.1 of 10 is 1), one minus it tells the rest, and two
 * shares of one base tell the third part. So a share is shown only when its part is at least
 * MINIMUM_AANTAL, and the base minus all parts shown is too; when that rest is small, the
 * smallest shown share is hidden as well, and so on (secondary suppression).
 * Worked example: parts 12 and 15 of 30: the rest is 3, so the 12 is hidden too → [null, 0.5].
 */
export function aandelen(delen: readonly number[], geheel: number): (number | null)[] {
  const getoond = new Set(delen.flatMap((deel, i) => (deel >= MINIMUM_AANTAL ? [i] : [])))
  const rest = () => geheel - [...getoond].reduce((som, i) => som + delen[i], 0)
  while (getoond.size && rest() < MINIMUM_AANTAL) {
    const kleinste = [...getoond].reduce((a, b) => (delen[b] < delen[a] ? b : a))
    getoond.delete(kleinste)
  }
  return delen.map((deel, i) => (getoond.has(i) ? Math.round((deel / geheel) * 1000) / 1000 : null))
}

/** The share of one part of a base, or null where it could tell a small count (see aandelen). */
export function aandeel(deel: number, geheel: number): number | null {
  return aandelen([deel], geheel)[0]
}

/**
 * Durations are kept as histograms, so that fourteen gemeenten can add theirs up and the region
 * can still take a median: a count per bucket of this fixed scale, each bucket named by its upper
 * bound in days (inclusive). Day by day for the first week, by the week up to twelve weeks, by four
 * weeks up to a year, and one bucket for everything longer.
 */
export const DUUR_GRENZEN: readonly number[] = [
  0, 1, 2, 3, 4, 5, 6, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 112, 140, 168, 196, 224, 252, 280, 308,
  336, 364,
]
/** The last bucket: longer than a year. */
export const DUUR_LANGER = 9999

/** The bucket of a duration in days: 0 → 0, 9 → 14, 365 → DUUR_LANGER. Negative counts as 0. */
export function duurBucket(dagen: number): number {
  return DUUR_GRENZEN.find((grens) => Math.max(0, dagen) <= grens) ?? DUUR_LANGER
}

/**
 * The `p`-th percentile (0..1) of a histogram {bucket upper bound → count}: the upper bound of the
 * bucket in which it falls, so "at most that many days". Null below MINIMUM_AANTAL, or when it
 * falls in the open last bucket (longer than a year: no upper bound to show).
 * Worked example: {7: 4, 14: 5, 28: 1}, p 0.5: 10 durations, the 5th falls in bucket 14 → 14.
 */
export function percentiel(histogram: ReadonlyMap<number, number>, p: number): number | null {
  const buckets = [...histogram].filter(([, n]) => n > 0).sort(([a], [b]) => a - b)
  const totaal = buckets.reduce((s, [, n]) => s + n, 0)
  if (totaal < MINIMUM_AANTAL) return null
  const rang = Math.ceil(p * totaal)
  let tot = 0
  for (const [grens, n] of buckets) {
    tot += n
    if (tot >= rang) return grens === DUUR_LANGER ? null : grens
  }
  return null
}

/** Whole days from `van` to `tot` (ISO dates): 2026-01-30 to 2026-02-02 is 3. */
export function dagenTussen(van: string, tot: string): number {
  return Math.round((Date.parse(`${tot}T00:00:00Z`) - Date.parse(`${van}T00:00:00Z`)) / 86_400_000)
}
