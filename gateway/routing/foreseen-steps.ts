import { createHash } from 'node:crypto'

/**
 * R38: what each entity step that may go ahead asked the last time, as the JSON text of its
 * representations, per plan, step and the first fetch's variables. The variables are the
 * client's: they are hashed, so a long value costs no memory here. A step that asked for nothing,
 * or for more than `maxChars` of representations, is not remembered (nothing to send ahead, or
 * too much to keep). A step whose objects differed from the remembered ones `maxMisses` times in a
 * row is not sent ahead until it asks the same twice: data that changes all the time would
 * otherwise cost each request a fetch in vain. At most `maxEntries`, the least recently seen
 * going first.
 */
export class ForeseenSteps {
  private readonly entries = new Map<string, { text: string; misses: number }>()

  constructor(
    private readonly maxEntries = 2_000,
    private readonly maxChars = 16_384,
    private readonly maxMisses = 3,
  ) {}

  /** The key of a plan's first fetch with these variables; each step's entry is under it. */
  static keyOf(plan: number, firstVariables: Record<string, unknown>): string {
    return `${plan}:${createHash('sha1').update(JSON.stringify(firstVariables)).digest('base64url')}`
  }

  /** The representations to send ahead for step `step`, as JSON text; null when there are none. */
  ahead(key: string, step: number): string | null {
    const entry = this.entries.get(`${key}:${step}`)
    return entry && entry.misses < this.maxMisses ? entry.text : null
  }

  /** Records what step `step` asked (`text`, its representations as JSON). */
  saw(key: string, step: number, text: string) {
    const at = `${key}:${step}`
    const entry = this.entries.get(at)
    this.entries.delete(at)
    if (text === '[]' || text.length > this.maxChars) return
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(at, {
      text,
      misses: !entry ? 0 : entry.text === text ? 0 : entry.misses + 1,
    })
  }

  clear() {
    this.entries.clear()
  }
}
