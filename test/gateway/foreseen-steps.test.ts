import { describe, expect, it } from 'vitest'
import { ForeseenSteps } from '../../gateway/routing/foreseen-steps'

describe('ForeseenSteps (R38): what a step asked, bounded', () => {
  it('keys by plan and the first fetch’s variables, hashed: a long value costs no memory', () => {
    const long = ForeseenSteps.keyOf(1, { code: 'x'.repeat(100_000) })
    expect(long.length).toBeLessThan(40)
    expect(ForeseenSteps.keyOf(1, { code: 'a' })).not.toBe(ForeseenSteps.keyOf(1, { code: 'b' }))
    expect(ForeseenSteps.keyOf(1, { code: 'a' })).not.toBe(ForeseenSteps.keyOf(2, { code: 'a' }))
  })

  it('keeps neither a step that asked for nothing nor one that asked for too much, and forgets what it held', () => {
    const foreseen = new ForeseenSteps(10, 20)
    foreseen.saw('k', 0, '[{"code":"1"}]')
    expect(foreseen.ahead('k', 0)).toBe('[{"code":"1"}]')
    foreseen.saw('k', 0, '[]')
    expect(foreseen.ahead('k', 0)).toBeNull()
    foreseen.saw('k', 1, `[${'{"code":"1"},'.repeat(5)}{}]`)
    expect(foreseen.ahead('k', 1)).toBeNull()
  })

  it('lets the least recently seen go first when full', () => {
    const foreseen = new ForeseenSteps(2)
    foreseen.saw('a', 0, '[1]')
    foreseen.saw('b', 0, '[2]')
    foreseen.saw('a', 0, '[1]')
    foreseen.saw('c', 0, '[3]')
    expect([foreseen.ahead('a', 0), foreseen.ahead('b', 0), foreseen.ahead('c', 0)]).toEqual([
      '[1]',
      null,
      '[3]',
    ])
  })
})
