/** When a recorded fetch started and ended (ms, one clock). */
export interface Timed {
  start: number
  end: number
}

/**
 * The recorded fetches of one request in the stages the gateway sent them: a fetch that started
 * after one of the current stage had ended waited for it, so it begins the next stage.
 * [root 0-10, a 11-20, b 11-25, c 26-30] gives [[root], [a, b], [c]].
 */
export function stages<T extends Timed>(fetches: T[]): T[][] {
  const sorted = [...fetches].sort((a, b) => a.start - b.start)
  const out: T[][] = []
  let firstEnd = Infinity
  for (const f of sorted) {
    if (!out.length || f.start >= firstEnd) {
      out.push([f])
      firstEnd = f.end
    } else {
      out.at(-1)!.push(f)
      firstEnd = Math.min(firstEnd, f.end)
    }
  }
  return out
}

/**
 * The least time a request could take on this 2-core machine given what its parts took: per
 * stage, the slowest part, or half the sum of the parts when two cores are the bound.
 * [[10], [4, 4, 4, 4]] gives 10 + max(4, 16 / 2) = 18.
 */
export const limitOf = (stageTimes: number[][]) =>
  stageTimes.reduce(
    (sum, parts) => sum + Math.max(Math.max(...parts), parts.reduce((a, b) => a + b, 0) / 2),
    0,
  )
