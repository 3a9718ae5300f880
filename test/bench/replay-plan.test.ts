import { describe, expect, it } from 'vitest'
import { limitOf, stages } from '../../bench/replay-plan'

describe('the replay proxy of the benchmark', () => {
  it('puts recorded fetches in the stages the gateway sent them, whatever order they were recorded in', () => {
    const root = { id: 'root', start: 0, end: 10 }
    const a = { id: 'a', start: 11, end: 20 }
    const b = { id: 'b', start: 11.5, end: 25 }
    const c = { id: 'c', start: 26, end: 30 }
    expect(stages([c, b, root, a])).toEqual([[root], [a, b], [c]])
  })

  it('bounds a stage by its slowest fetch, or by half their sum when two cores are the limit', () => {
    expect(limitOf([[10], [4, 4, 4, 4]])).toBe(18)
    expect(limitOf([[10], [9, 1]])).toBe(19)
  })
})
