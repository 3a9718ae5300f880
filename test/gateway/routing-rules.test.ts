import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// docs/routing.md numbers the routing rules; the gateway's code names the rules it implements.
// These tests keep the two pointing at each other.

const NOTE = readFileSync('docs/routing.md', 'utf8')

const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourcesUnder(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })

const ruleNumbers = (text: string, pattern: RegExp) =>
  [...new Set([...text.matchAll(pattern)].map((m) => Number(m[1])))].sort((a, b) => a - b)

const defined = ruleNumbers(NOTE, /^\*\*R(\d+)\./gm)
const namedInNote = ruleNumbers(NOTE, /\bR(\d+)\b/g)
const namedInCode = ruleNumbers(
  sourcesUnder('gateway')
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n'),
  /\bR(\d+)\b/g,
)

describe('the routing note and the gateway code', () => {
  it('number the rules R1, R2, … without gaps', () => {
    expect(defined.length).toBeGreaterThan(0)
    expect(defined).toEqual(defined.map((_, i) => i + 1))
  })

  it('name in the note only rules the note defines', () => {
    expect(namedInNote.filter((n) => !defined.includes(n))).toEqual([])
  })

  it('name in the code only rules the note defines', () => {
    expect(namedInCode.filter((n) => !defined.includes(n))).toEqual([])
  })

  it('name every rule of the note somewhere in the gateway code', () => {
    expect(defined.filter((n) => !namedInCode.includes(n))).toEqual([])
  })
})
