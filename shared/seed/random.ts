import { BSN_TEST_RANGE, isValidBsn } from '../ijw/identifiers'

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same demo data on every machine,
 * so tests and the demo can name the same residents.
 */
export class Random {
  private state: number

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hash(seed)
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j], copy[i]]
    }
    return copy.slice(0, count)
  }

  /** A deterministic UUID v4 shape, so that seeded ids are stable across runs. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16))
    hex[12] = '4'
    hex[16] = ((this.int(0, 15) & 0x3) | 0x8).toString(16)
    const s = hex.join('')
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
  }
}

function hash(text: string): number {
  let h = 2166136261
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619)
  return h >>> 0
}

const BLOCKS = 14
const BLOCK_SIZE = Math.floor((BSN_TEST_RANGE.to - BSN_TEST_RANGE.from) / BLOCKS)

/**
 * The BSNs of block `block` (0-13): the test range cut into fourteen equal blocks, one per
 * gemeente, so that BSNs never collide across the region and together cover the whole range.
 * About 1 number in 11 passes the elfproef: a block holds some 650 test BSNs, the whole range
 * about 9,090. Memoised: a 10,000-resident seed asks for every one of them.
 */
const blocks = new Map<number, readonly string[]>()
function block(index: number): readonly string[] {
  let bsns = blocks.get(index)
  if (!bsns) {
    const from = BSN_TEST_RANGE.from + index * BLOCK_SIZE
    const list: string[] = []
    for (let candidate = from; candidate < from + BLOCK_SIZE; candidate++) {
      if (isValidBsn(String(candidate))) list.push(String(candidate))
    }
    bsns = list
    blocks.set(index, bsns)
  }
  return bsns
}

/**
 * How many test BSNs one gemeente's block holds (the smallest block's count). Counted when asked
 * (each block's elfproef once, the blocks memoised), not when the module loads: every gemeente instance imports the seed, and the elfproef
 * over the whole range was 2.8-5.4 % of each start in CPU profiles of the bench's bundle.
 */
export function maxBsnsPerBlock(): number {
  return Math.min(...Array.from({ length: BLOCKS }, (_, i) => block(i).length))
}

/**
 * The first `count` valid BSNs of block `block` (0-13) of the test range, or all of them when it
 * holds fewer (maxBsnsPerBlock()): the test range cannot give 10,000 residents in each of
 * fourteen gemeenten a BSN of their own (it holds about 9,090), and no synthetic resident may
 * carry a number outside it.
 */
export function testBsns(blockIndex: number, count: number): string[] {
  return block(blockIndex).slice(0, Math.min(count, maxBsnsPerBlock()))
}
