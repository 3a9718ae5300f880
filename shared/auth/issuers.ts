import { GEMEENTE_CODES } from '../gemeenten'

/**
 * The organisations that sign tokens, each with its own key. Which issuer may assert which
 * identity is the trust list (see `issuerFor`): an identity is believed only when it is signed
 * by the one issuer that speaks for it.
 */
export const ISSUERS = [
  ...GEMEENTE_CODES.map((code) => `gemeente-${code}`),
  'regio',
  'register',
  'inwonerlogin',
] as const

export const gemeenteIssuer = (code: string) => `gemeente-${code}`

/** The identity claims the trust list reads; the full schema is in identity.ts. */
export interface AssertedIdentity {
  rol?: unknown
  gemeente?: unknown
}

/**
 * The one issuer that may assert an identity, or null when none may:
 * - a gemeente (`gemeente-0153`) only its own staff (TOEGANGSMEDEWERKER, CONTRACTBEHEERDER) and
 *   its own systems (GEMEENTESYSTEEM), with its own code in `gemeente`;
 * - the region (`regio`) only its analysts and the gateway's own service identity;
 * - the OZJT registry (`register`) only providers and registry staff;
 * - the resident login (`inwonerlogin`, a stand-in for the national login) only residents, by
 *   BSN; where a resident lives is what the gemeente's own records say, not a claim.
 */
export function issuerFor(identity: AssertedIdentity): string | null {
  switch (identity.rol) {
    case 'TOEGANGSMEDEWERKER':
    case 'GEMEENTESYSTEEM':
    case 'CONTRACTBEHEERDER':
      return typeof identity.gemeente === 'string' && GEMEENTE_CODES.includes(identity.gemeente)
        ? gemeenteIssuer(identity.gemeente)
        : null
    case 'ANALIST':
    case 'GATEWAY':
      return 'regio'
    case 'AANBIEDER':
    case 'REGISTERBEHEERDER':
      return 'register'
    case 'INWONER':
      return 'inwonerlogin'
    default:
      return null
  }
}

/** Roles of services rather than people: their tokens live minutes, not an hour. */
export const SERVICE_ROLES: readonly string[] = ['GEMEENTESYSTEEM', 'GATEWAY']
