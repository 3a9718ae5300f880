/**
 * Published figures never show small counts: like CBS for the social domain, a count below 10 is
 * hidden and every other count is rounded to a multiple of 5. Shares are computed from the exact
 * counts, and hidden when their base is hidden.
 */
export const MINIMUM_AANTAL = 10
export const AFRONDING = 5

export function onthul(aantal: number): number | null {
  return aantal < MINIMUM_AANTAL ? null : Math.round(aantal / AFRONDING) * AFRONDING
}

export function aandeel(deel: number, geheel: number): number | null {
  return geheel < MINIMUM_AANTAL ? null : Math.round((deel / geheel) * 1000) / 1000
}
