import { DomainError, ErrorCode } from '../errors'

/**
 * An explicit state machine: which event moves which states where. Anything else is refused
 * with INVALID_TRANSITION, naming the current state, so that a client knows why.
 */
export function stateMachine<S extends string, E extends string>(
  name: string,
  /** `to` omitted: the event is allowed in those states and leaves the state as it is. */
  transitions: Record<E, { from: readonly S[]; to?: S }>,
) {
  return {
    /** The state after `event`, or INVALID_TRANSITION when `event` is not allowed in `current`. */
    next(current: S, event: E): S {
      const t = transitions[event]
      if (!t.from.includes(current)) {
        throw new DomainError(
          ErrorCode.INVALID_TRANSITION,
          `${name}: '${event}' kan niet in status ${current}; toegestaan vanuit ${t.from.join(', ')}.`,
          { huidigeStatus: current, actie: event },
        )
      }
      return t.to ?? current
    },
    allows(current: S, event: E): boolean {
      return transitions[event].from.includes(current)
    },
    transitions,
  }
}
