import { dependencyUnavailable } from '../../../shared/errors'
import { createLogger, type Logger } from '../../../shared/log'

/**
 * A regional service this gemeente reads from (the catalogue, the provider registry): data
 * stays at its source and is asked for, not copied. Answers are reference data that change per
 * contract period or decision, so a short cache per question is safe; failures are not cached.
 */
export class RegionaleBron {
  private readonly cache = new Map<string, { until: number; value: Promise<unknown> }>()

  constructor(
    readonly naam: string,
    private readonly url: string,
    private readonly log: Logger = createLogger('gemeente'),
    private readonly ttlMs = 60_000,
    private readonly timeoutMs = 5_000,
  ) {}

  query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const key = JSON.stringify([query, variables])
    const now = Date.now()
    const hit = this.cache.get(key)
    if (hit && hit.until > now) return hit.value as Promise<T>
    const value = this.fetch<T>(query, variables)
    this.cache.set(key, { until: now + this.ttlMs, value })
    value.catch(() => {
      if (this.cache.get(key)?.value === value) this.cache.delete(key)
    })
    if (this.cache.size > 1000) this.cache.delete(this.cache.keys().next().value!)
    return value
  }

  private async fetch<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] }
      if (!response.ok || !body.data || body.errors?.length) {
        throw new Error(
          `${this.naam} answered ${response.status}: ${body.errors?.map((e) => e.message).join('; ')}`,
        )
      }
      return body.data
    } catch (err) {
      this.log.warn({ bron: this.naam, err }, 'regional service unavailable')
      throw dependencyUnavailable(this.naam)
    }
  }
}
