import { toetsVoorwaarden, type Voorwaarde } from '../../shared/domain/preconditions'

/** The refusal's message and extensions when a list of preconditions is checked, or null. */
export function weigering<F>(voorwaarden: readonly Voorwaarde<F>[], feiten: F) {
  try {
    toetsVoorwaarden(voorwaarden, feiten)
    return null
  } catch (err) {
    const { message, extensions } = err as { message: string; extensions: Record<string, unknown> }
    return { message, extensions }
  }
}
