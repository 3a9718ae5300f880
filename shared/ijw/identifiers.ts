/** The BSN elfproef: 9·d1 + 8·d2 + ... + 2·d8 − 1·d9 is divisible by 11. */
export function isValidBsn(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false
  const digits = [...bsn].map(Number)
  const sum = digits.slice(0, 8).reduce((acc, d, i) => acc + d * (9 - i), 0) - digits[8]
  return sum % 11 === 0
}

/** Synthetic data uses only the BSN test range. */
export const BSN_TEST_RANGE = { from: 999900006, to: 999999990 } as const

export const isAgbCode = (code: string) => /^\d{8}$/.test(code)
export const isKvkNummer = (nummer: string) => /^\d{8}$/.test(nummer)

/** Dutch postcode, stored without the space and in capitals. */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/\s+/g, '').toUpperCase()
  return /^[1-9][0-9]{3}[A-Z]{2}$/.test(compact) ? compact : null
}
