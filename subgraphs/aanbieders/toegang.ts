import type { Identity } from '../../shared/auth/identity'
import { forbidden, unauthenticated } from '../../shared/errors'
import type { AanbiedersContext } from './context'

type Aanroep = Pick<AanbiedersContext, 'identity'>

/** The caller, who must be signed in. */
export function vereisIdentiteit(ctx: Aanroep): Identity {
  if (!ctx.identity) throw unauthenticated()
  return ctx.identity
}

/** For `@Toegestaan`: the registry manager (OZJT), who reviews applications and manages contracts. */
export function alleenRegisterbeheerder(ctx: Aanroep): Identity {
  const identity = vereisIdentiteit(ctx)
  if (identity.rol !== 'REGISTERBEHEERDER') throw forbidden('Alleen de registerbeheerder van OZJT mag dit.')
  return identity
}

/** For `@Toegestaan`: a provider signed in as itself. */
export function alleenAanbieder(ctx: Aanroep): Identity & { agbCode: string } {
  const identity = vereisIdentiteit(ctx)
  if (identity.rol !== 'AANBIEDER' || !identity.agbCode)
    throw forbidden('Alleen een aanbieder, aangemeld als zichzelf, mag dit.')
  return identity as Identity & { agbCode: string }
}

/** For `@Toegestaan`: a gemeente's own service, which reports outcomes and ratings. */
export function alleenGemeentesysteem(ctx: Aanroep): Identity & { gemeente: string } {
  const identity = vereisIdentiteit(ctx)
  if (identity.rol !== 'GEMEENTESYSTEEM' || !identity.gemeente)
    throw forbidden('Alleen een gemeente levert uitkomsten en waarderingen aan.')
  return identity as Identity & { gemeente: string }
}

/**
 * The provider acts only for its own AGB code: checked inside the resolver, because the code
 * comes from the arguments or from the row the mutation changes (after `alleenAanbieder`).
 */
export function vereisEigenAgbCode(
  ctx: Aanroep,
  agbCode: string,
  melding = 'Een aanbieder handelt alleen voor de eigen AGB-code.',
): Identity & { agbCode: string } {
  const identity = alleenAanbieder(ctx)
  if (identity.agbCode !== agbCode) throw forbidden(melding)
  return identity
}

/**
 * The registry manager, or the provider itself: for what only the two parties to an
 * application or contract may read (decisions name who took them).
 */
export function vereisPartij(ctx: Aanroep, agbCode: string): Identity {
  const identity = vereisIdentiteit(ctx)
  if (identity.rol === 'REGISTERBEHEERDER') return identity
  if (identity.rol === 'AANBIEDER' && identity.agbCode === agbCode) return identity
  throw forbidden('Alleen de aanbieder zelf en de registerbeheerder zien dit.')
}

/** The signed-in provider's own AGB code, in a mutation that `alleenAanbieder` admitted. */
export const eigenAgbCode = (ctx: Aanroep): string => alleenAanbieder(ctx).agbCode
