import { preconditionFailed } from '../errors'

/**
 * One precondition of a change: `ontbreekt` names what is missing, the stable code the error
 * carries (extensions.ontbreekt), so that a client can tell the user what to do first.
 */
export interface Voorwaarde<F> {
  ontbreekt: string
  geldt: (feiten: F) => boolean
  /** What the user reads when it does not hold. */
  melding: (feiten: F) => string
  /** Further extensions the error carries beside `ontbreekt` (which step, which rows). */
  details?: (feiten: F) => Record<string, unknown>
}

/**
 * Checks a change's preconditions in their listed order and refuses on the first that does not
 * hold: PRECONDITION_FAILED with `ontbreekt`. Each aggregate lists its own (`*.rules.ts`), so the
 * whole list reads at a glance and each rule is tested alone.
 */
export function toetsVoorwaarden<F>(voorwaarden: readonly Voorwaarde<F>[], feiten: F): void {
  const niet = voorwaarden.find((v) => !v.geldt(feiten))
  if (niet) {
    const details = niet.details?.(feiten) ?? {}
    throw preconditionFailed(niet.melding(feiten), { ...details, ontbreekt: niet.ontbreekt })
  }
}
