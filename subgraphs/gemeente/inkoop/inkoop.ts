import { In, type DataSource } from 'typeorm'
import { contractLoopt } from '../../../shared/domain/inschrijving'
import { InkoopModus } from '../../../shared/graphql/inkoop'
import { ContractStatus } from '../../../shared/graphql/inschrijving'
import { Eenheid, Frequentie, type Niveau, type Wet } from '../../../shared/ijw/codes'
import { EigenContract, EigenContractperceel, EigenOndersteuningsbehoefte } from './eigen-inkoop.entity'
import { EigenTarief } from './eigen-tarief.entity'
import type { LokaleOndersteuningsbehoefte } from './lokale-ondersteuningsbehoefte'
import type { RegionaleBron } from './regionale-bron'

export interface Tariefinfo {
  bedragCent: number
  eenheid: Eenheid
  frequentie: Frequentie
  geldigVan: string
  geldigTot: string | null
}

/**
 * What support a gemeente buys, from whom, at what price. Twelve gemeenten answer from the
 * regional catalogue and the OZJT registry; Almelo and Hof van Twente from their own tables.
 * The modules are regional for all fourteen. Everything above this port works the same for all.
 */
export interface Inkoop {
  readonly modus: InkoopModus
  ondersteuningsbehoeften(): Promise<LokaleOndersteuningsbehoefte[]>
  /** The tariff in force on `datum` for a support need at a level, or null: no tariff, no allocation. */
  tarief(code: string, niveau: Niveau, datum: string): Promise<Tariefinfo | null>
  /** AGB codes of the providers contracted for the need and level on `datum`, serving this gemeente. */
  gecontracteerd(code: string, niveau: Niveau, datum: string): Promise<string[]>
  /** Every regional module with its tariff in force on `datum` (null: none then). */
  moduleTarieven(datum: string): Promise<ModuleTarief[]>
  /** The codes of the regional beschikbaarheidsvoorzieningen. */
  voorzieningCodes(): Promise<string[]>
  /** Whether the OZJT registry knows a provider by its AGB code (public data; no contract needed). */
  aanbiederBekend(agbCode: string): Promise<boolean>
}

export interface ModuleTarief {
  code: string
  tarief: Tariefinfo | null
}

const MODULE_TARIEVEN = `query ModuleTarieven($datum: LocalDate!) {
  modules { code tarieven(peildatum: $datum) { bedragCent eenheid frequentie geldigVan geldigTot } }
}`

// The modules and the beschikbaarheidsvoorzieningen are regional for all fourteen gemeenten,
// whichever way a gemeente buys the support for the needs.
async function regionaleModuleTarieven(catalogus: RegionaleBron, datum: string): Promise<ModuleTarief[]> {
  const data = await catalogus.query<{ modules: { code: string; tarieven: Tariefinfo[] }[] }>(
    MODULE_TARIEVEN,
    { datum },
  )
  return data.modules.map((m) => ({ code: m.code, tarief: m.tarieven[0] ? alsCodes(m.tarieven[0]) : null }))
}

async function regionaleVoorzieningen(catalogus: RegionaleBron): Promise<string[]> {
  const data = await catalogus.query<{ beschikbaarheidsvoorzieningen: { code: string }[] }>(
    'query Voorzieningen { beschikbaarheidsvoorzieningen { code } }',
  )
  return data.beschikbaarheidsvoorzieningen.map((v) => v.code)
}

async function bekendInRegister(aanbieders: RegionaleBron, agbCode: string): Promise<boolean> {
  const data = await aanbieders.query<{ aanbieder: { agbCode: string } | null }>(
    'query AanbiederBekend($agbCode: ID!) { aanbieder(agbCode: $agbCode) { agbCode } }',
    { agbCode },
  )
  return data.aanbieder !== null
}

export class EigenInkoop implements Inkoop {
  readonly modus = InkoopModus.EIGEN

  constructor(
    private readonly db: DataSource,
    private readonly gemeenteCode: string,
    private readonly catalogus: RegionaleBron,
    private readonly aanbieders: RegionaleBron,
  ) {}

  async ondersteuningsbehoeften(): Promise<LokaleOndersteuningsbehoefte[]> {
    const rows = await this.db
      .getRepository(EigenOndersteuningsbehoefte)
      .find({ where: { gemeenteCode: this.gemeenteCode }, order: { code: 'ASC' } })
    return rows.map((r) => ({ ...r, bron: InkoopModus.EIGEN, regionaal: null }))
  }

  async tarief(code: string, niveau: Niveau, datum: string): Promise<Tariefinfo | null> {
    const rows = await this.db.getRepository(EigenTarief).find({
      where: { gemeenteCode: this.gemeenteCode, ondersteuningsbehoefteCode: code, niveau },
      order: { geldigVan: 'ASC' },
    })
    return rows.find((t) => t.geldigVan <= datum && (t.geldigTot === null || datum <= t.geldigTot)) ?? null
  }

  async gecontracteerd(code: string, niveau: Niveau, datum: string): Promise<string[]> {
    const percelen = await this.db
      .getRepository(EigenContractperceel)
      .findBy({ ondersteuningsbehoefteCode: code, niveau })
    if (percelen.length === 0) return []
    // Read live on every question: a grant shows at once, a suspension or an end drops out.
    const contracten = await this.db.getRepository(EigenContract).findBy({
      id: In(percelen.map((p) => p.contractId)),
      gemeenteCode: this.gemeenteCode,
      status: ContractStatus.ACTIEF,
    })
    const geldig = contracten.filter((c) => contractLoopt(c, datum))
    return [...new Set(geldig.map((c) => c.aanbiederAgbCode))].sort()
  }

  moduleTarieven(datum: string): Promise<ModuleTarief[]> {
    return regionaleModuleTarieven(this.catalogus, datum)
  }

  voorzieningCodes(): Promise<string[]> {
    return regionaleVoorzieningen(this.catalogus)
  }

  aanbiederBekend(agbCode: string): Promise<boolean> {
    return bekendInRegister(this.aanbieders, agbCode)
  }
}

interface RegionaleBehoefte {
  code: string
  naam: string
  omschrijving: string
  wet: Wet
  niveaus: Niveau[]
}

export class RegionaleInkoop implements Inkoop {
  readonly modus = InkoopModus.REGIONAAL

  constructor(
    private readonly gemeenteCode: string,
    private readonly catalogus: RegionaleBron,
    private readonly aanbieders: RegionaleBron,
  ) {}

  async ondersteuningsbehoeften(): Promise<LokaleOndersteuningsbehoefte[]> {
    const data = await this.catalogus.query<{ ondersteuningsbehoeften: RegionaleBehoefte[] }>(
      'query RegionaleOndersteuningsbehoeften { ondersteuningsbehoeften { code naam omschrijving wet niveaus } }',
    )
    return data.ondersteuningsbehoeften.map((r) => ({
      ...r,
      bron: InkoopModus.REGIONAAL,
      regionaal: { code: r.code },
    }))
  }

  async tarief(code: string, niveau: Niveau, datum: string): Promise<Tariefinfo | null> {
    const data = await this.catalogus.query<{ geldendTarief: Tariefinfo | null }>(
      `query GeldendTarief($code: ID!, $niveau: Niveau!, $datum: LocalDate!) {
        geldendTarief(ondersteuningsbehoefte: $code, niveau: $niveau, peildatum: $datum) {
          bedragCent eenheid frequentie geldigVan geldigTot
        }
      }`,
      { code, niveau, datum },
    )
    return data.geldendTarief ? alsCodes(data.geldendTarief) : null
  }

  async gecontracteerd(code: string, niveau: Niveau, datum: string): Promise<string[]> {
    const agbCodes: string[] = []
    let na: string | null = null
    // Bounded: the registry holds a few hundred providers, a hundred per page.
    for (let pagina = 0; pagina < 20; pagina++) {
      const data: KeuzePagina = await this.aanbieders.query<KeuzePagina>(
        `query Gecontracteerd($gemeente: ID!, $code: ID!, $niveau: Niveau!, $datum: LocalDate, $na: String) {
          keuzeAanbieders(gemeente: $gemeente, ondersteuningsbehoefte: $code, niveau: $niveau, peildatum: $datum, eerste: 100, na: $na) {
            edges { node { agbCode } }
            pageInfo { hasNextPage endCursor }
          }
        }`,
        { gemeente: this.gemeenteCode, code, niveau, datum, na },
      )
      agbCodes.push(...data.keuzeAanbieders.edges.map((e) => e.node.agbCode))
      if (!data.keuzeAanbieders.pageInfo.hasNextPage) break
      na = data.keuzeAanbieders.pageInfo.endCursor
    }
    return agbCodes.sort()
  }

  moduleTarieven(datum: string): Promise<ModuleTarief[]> {
    return regionaleModuleTarieven(this.catalogus, datum)
  }

  voorzieningCodes(): Promise<string[]> {
    return regionaleVoorzieningen(this.catalogus)
  }

  aanbiederBekend(agbCode: string): Promise<boolean> {
    return bekendInRegister(this.aanbieders, agbCode)
  }
}

interface KeuzePagina {
  keuzeAanbieders: {
    edges: { node: { agbCode: string } }[]
    pageInfo: { hasNextPage: boolean; endCursor: string | null }
  }
}

// The catalogue speaks GraphQL enum names; this subgraph stores the standard's codes.
const alsCodes = (t: Tariefinfo): Tariefinfo => ({
  ...t,
  eenheid: Eenheid[t.eenheid as unknown as keyof typeof Eenheid],
  frequentie: Frequentie[t.frequentie as unknown as keyof typeof Frequentie],
})
