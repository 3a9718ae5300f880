import type { DataSource } from 'typeorm'
import { dependencyUnavailable } from '../../../shared/errors'
import { InkoopModus } from '../../../shared/graphql/inkoop'
import type { Niveau, Wet } from '../../../shared/ijw/codes'
import { EigenOndersteuningsbehoefte } from './eigen-inkoop.entity'
import type { LokaleOndersteuningsbehoefte } from './lokale-ondersteuningsbehoefte'

/**
 * What support a gemeente buys, and from whom. Twelve gemeenten answer from the regional
 * catalogue; Almelo and Hof van Twente from their own tables. Everything above this port works
 * the same for all fourteen.
 */
export interface Inkoop {
  readonly modus: InkoopModus
  ondersteuningsbehoeften(): Promise<LokaleOndersteuningsbehoefte[]>
}

export class EigenInkoop implements Inkoop {
  readonly modus = InkoopModus.EIGEN

  constructor(
    private readonly db: DataSource,
    private readonly gemeenteCode: string,
  ) {}

  async ondersteuningsbehoeften(): Promise<LokaleOndersteuningsbehoefte[]> {
    const rows = await this.db
      .getRepository(EigenOndersteuningsbehoefte)
      .find({ where: { gemeenteCode: this.gemeenteCode }, order: { code: 'ASC' } })
    return rows.map((r) => ({ ...r, bron: InkoopModus.EIGEN, regionaal: null }))
  }
}

interface RegionaleBehoefte {
  code: string
  naam: string
  omschrijving: string
  wet: Wet
  niveaus: Niveau[]
}

/**
 * Reads the regional catalogue from the catalogus service instead of copying it: the region is
 * its source. It is reference data that changes per contract period, so a short cache is safe.
 */
export class RegionaleInkoop implements Inkoop {
  readonly modus = InkoopModus.REGIONAAL
  private cache: { until: number; value: Promise<RegionaleBehoefte[]> } | null = null

  constructor(
    private readonly catalogusUrl: string,
    private readonly ttlMs = 5 * 60_000,
    private readonly timeoutMs = 5_000,
  ) {}

  async ondersteuningsbehoeften(): Promise<LokaleOndersteuningsbehoefte[]> {
    const rows = await this.regionaal()
    return rows.map((r) => ({ ...r, bron: InkoopModus.REGIONAAL, regionaal: { code: r.code } }))
  }

  private regionaal(): Promise<RegionaleBehoefte[]> {
    const now = Date.now()
    if (!this.cache || this.cache.until < now) {
      const value = this.fetchCatalogus()
      this.cache = { until: now + this.ttlMs, value }
      // A failure must not be cached: the next request tries again.
      value.catch(() => {
        if (this.cache?.value === value) this.cache = null
      })
    }
    return this.cache.value
  }

  private async fetchCatalogus(): Promise<RegionaleBehoefte[]> {
    try {
      const response = await fetch(this.catalogusUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'query RegionaleOndersteuningsbehoeften { ondersteuningsbehoeften { code naam omschrijving wet niveaus } }',
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
      const body = (await response.json()) as { data?: { ondersteuningsbehoeften: RegionaleBehoefte[] } }
      if (!response.ok || !body.data) throw new Error(`catalogus answered ${response.status}`)
      return body.data.ondersteuningsbehoeften
    } catch (err) {
      console.error('[gemeente] regional catalogue unavailable:', err instanceof Error ? err.message : err)
      throw dependencyUnavailable('catalogus')
    }
  }
}
