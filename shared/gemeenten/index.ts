import gemeenten from './gemeenten.json' with { type: 'json' }

/**
 * REGIONAAL: the support needs are bought jointly by the region (OZJT contracts).
 * EIGEN: the gemeente buys the support for the support needs itself (Almelo, Hof van Twente),
 * but still uses the regional modules and availability provisions.
 */
export type Inkoop = 'REGIONAAL' | 'EIGEN'

export interface GemeenteInfo {
  code: string
  naam: string
  inkoop: Inkoop
}

/** The fourteen Twentse gemeenten, by CBS code. The list is data: see gemeenten.json. */
export const GEMEENTEN: readonly GemeenteInfo[] = Object.freeze(gemeenten as GemeenteInfo[])

export const GEMEENTE_CODES: readonly string[] = GEMEENTEN.map((g) => g.code)

export function gemeenteInfo(code: string): GemeenteInfo {
  const found = GEMEENTEN.find((g) => g.code === code)
  if (!found) throw new Error(`Unknown gemeente code ${code}: expected one of ${GEMEENTE_CODES.join(', ')}`)
  return found
}

export const isGemeenteCode = (code: string) => GEMEENTE_CODES.includes(code)
