import { describe, expect, it } from 'vitest'
import { BSN_TEST_RANGE, isValidBsn, normalisePostcode } from '../../shared/ijw/identifiers'
import { maxBsnsPerBlock, testBsns } from '../../shared/seed/random'

describe('isValidBsn', () => {
  // 9·9 + 8·9 + 7·9 + 6·9 + 5·9 + 4·0 + 3·0 + 2·1 − 9 = 308 = 28 · 11
  it('accepts 999990019, whose weighted sum 308 is divisible by 11', () =>
    expect(isValidBsn('999990019')).toBe(true))

  // 9·1 + 8·1 + 7·1 + 6·2 + 5·2 + 4·2 + 3·3 + 2·3 − 3 = 66 = 6 · 11
  it('accepts the classic example 111222333', () => expect(isValidBsn('111222333')).toBe(true))

  // 9·1 + 8·2 + 7·3 + 6·4 + 5·5 + 4·6 + 3·7 + 2·8 − 9 = 147 = 13 · 11 + 4
  it('refuses 123456789, whose weighted sum leaves 4', () => expect(isValidBsn('123456789')).toBe(false))

  // The first eight digits of 99999001x weigh 317. Only −1·x makes x = 9 valid; +1·x would make x = 2 valid instead.
  it('subtracts the last digit rather than adding it', () => {
    expect(['999990019', '999990012'].map(isValidBsn)).toEqual([true, false])
  })

  it('refuses anything that is not exactly nine digits', () => {
    expect(['99999001', '9999900190', '99999001a', ' 999990019', ''].map(isValidBsn)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
  })
})

describe('testBsns', () => {
  it('gives the requested number of distinct valid BSNs inside the BSN test range', () => {
    const bsns = testBsns(3, 50)
    expect(bsns).toHaveLength(50)
    expect(new Set(bsns).size).toBe(50)
    for (const bsn of bsns) {
      expect(isValidBsn(bsn), bsn).toBe(true)
      expect(Number(bsn)).toBeGreaterThanOrEqual(BSN_TEST_RANGE.from)
      expect(Number(bsn)).toBeLessThanOrEqual(BSN_TEST_RANGE.to)
    }
  })

  it('gives the fourteen gemeenten non-overlapping blocks, even at the maximum per block', () => {
    const blocks = Array.from({ length: 14 }, (_, block) => testBsns(block, maxBsnsPerBlock()))
    const all = blocks.flat()

    // The whole test range holds about 9,090 valid BSNs: some 650 per gemeente.
    expect(maxBsnsPerBlock()).toBe(647)
    expect(new Set(all).size).toBe(14 * maxBsnsPerBlock())
    expect(all.every(isValidBsn)).toBe(true)
    expect(all.every((bsn) => Number(bsn) >= BSN_TEST_RANGE.from && Number(bsn) <= BSN_TEST_RANGE.to)).toBe(
      true,
    )
    // Blocks are ascending and each ends before the next begins.
    for (let block = 1; block < 14; block++)
      expect(Number(blocks[block][0])).toBeGreaterThan(Number(blocks[block - 1].at(-1)))
  })

  it('gives the same BSNs every time, so that tests and the demo name the same residents', () => {
    expect(testBsns(0, 3)).toEqual(testBsns(0, 3))
    expect(testBsns(0, 3).every((bsn) => bsn.startsWith('9999'))).toBe(true)
  })

  it('gives no more than the block holds, so that a larger seed has residents without a BSN', () => {
    expect(testBsns(13, 10_000)).toHaveLength(maxBsnsPerBlock())
    expect(testBsns(13, 10_000).at(-1)).toBe('999999941')
  })
})

describe('normalisePostcode', () => {
  it('removes the space and capitalises the letters', () => {
    expect(['7511 ab', '7511AB', ' 7511  Ab '].map(normalisePostcode)).toEqual(['7511AB', '7511AB', '7511AB'])
  })

  it('refuses a postcode that starts with 0, and anything not four digits and two letters', () => {
    expect(['0123AB', '751AB', '7511A', '7511ABC', 'AB7511', ''].map(normalisePostcode)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ])
  })
})
