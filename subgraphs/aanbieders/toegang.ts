import type { Identity } from '../../shared/auth/identity'
import { forbidden, unauthenticated } from '../../shared/errors'
import type { AanbiedersContext } from './context'

/** The caller, who must be signed in. */
export function vereisIdentiteit(ctx: AanbiedersContext): Identity {
  if (!ctx.identity) throw unauthenticated()
  return ctx.identity
}

/** The registry manager (OZJT), who reviews applications and manages contracts. */
export function vereisRegisterbeheerder(ctx: AanbiedersContext): Identity {
  const identity = vereisIdentiteit(ctx)
  if (identity.rol !== 'REGISTERBEHEERDER') throw forbidden('Alleen de registerbeheerder van OZJT mag dit.')
  return identity
}

/** A provider signed in as itself; with `agbCode`, only that provider. */
export function vereisAanbieder(ctx: AanbiedersContext, agbCode?: string): Identity & { agbCode: string } {
  const identity = vereisIdentiteit(ctx)
  if (identity.rol !== 'AANBIEDER' || !identity.agbCode)
    throw forbidden('Alleen een aanbieder, aangemeld als zichzelf, mag dit.')
  if (agbCode !== undefined && identity.agbCode !== agbCode) {
    throw forbidden('Een aanbieder handelt alleen voor de eigen AGB-code.')
  }
  return identity as Identity & { agbCode: string }
}

/**
 * The registry manager, or the provider itself: for what only the two parties to an
 * application or contract may read (decisions name who took them).
 */
export function vereisPartij(ctx: AanbiedersContext, agbCode: string): Identity {
  const identity = vereisIdentiteit(ctx)
  if (identity.rol === 'REGISTERBEHEERDER') return identity
  if (identity.rol === 'AANBIEDER' && identity.agbCode === agbCode) return identity
  throw forbidden('Alleen de aanbieder zelf en de registerbeheerder zien dit.')
}
