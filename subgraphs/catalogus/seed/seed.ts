import type { DataSource } from 'typeorm'
import { GEMEENTEN } from '../../../shared/gemeenten'
import type { InkoopModus } from '../../../shared/graphql/inkoop'
import type { Eenheid, Frequentie, Niveau, Wet } from '../../../shared/ijw/codes'
import { Gemeente } from '../gemeente/gemeente.entity'
import { Module, type ModuleSoort } from '../module/module.entity'
import { Ondersteuningsbehoefte } from '../ondersteuningsbehoefte/ondersteuningsbehoefte.entity'
import { Tarief } from '../tarief/tarief.entity'
import { Beschikbaarheidsvoorziening } from '../voorziening/voorziening.entity'
import catalogus from './catalogus.json' with { type: 'json' }

/** The shape of catalogus.json, the file a region replaces with its own contract annex. */
export interface CatalogusData {
  ondersteuningsbehoeften: {
    code: string
    naam: string
    wet: string
    omschrijving: string
    niveaus: string[]
  }[]
  modules: { code: string; naam: string; soort: string }[]
  beschikbaarheidsvoorzieningen: {
    code: string
    naam: string
    omschrijving: string
    budgetgarantiePercentage: number | null
  }[]
  tarieven: {
    ondersteuningsbehoefte?: string
    niveau?: string
    module?: string
    geldigVan: string
    geldigTot: string | null
    bedragCent: number
    eenheid: string
    frequentie: string
  }[]
}

export const CATALOGUS: CatalogusData = catalogus

/** Loads the catalogue into an empty database in one transaction; does nothing when it has data. */
export async function seedCatalogus(db: DataSource, data: CatalogusData = CATALOGUS): Promise<boolean> {
  if ((await db.getRepository(Gemeente).count()) > 0) return false
  await db.transaction(async (tx) => {
    await tx.insert(
      Gemeente,
      GEMEENTEN.map((g) => ({ code: g.code, naam: g.naam, inkoop: g.inkoop as InkoopModus })),
    )
    await tx.insert(
      Ondersteuningsbehoefte,
      data.ondersteuningsbehoeften.map((o) => ({ ...o, wet: o.wet as Wet, niveaus: o.niveaus as Niveau[] })),
    )
    await tx.insert(
      Module,
      data.modules.map((m) => ({ ...m, soort: m.soort as ModuleSoort })),
    )
    await tx.insert(Beschikbaarheidsvoorziening, data.beschikbaarheidsvoorzieningen)
    await tx.insert(
      Tarief,
      data.tarieven.map((t) => ({
        ondersteuningsbehoefteCode: t.ondersteuningsbehoefte ?? null,
        niveau: (t.niveau as Niveau | undefined) ?? null,
        moduleCode: t.module ?? null,
        geldigVan: t.geldigVan,
        geldigTot: t.geldigTot,
        bedragCent: t.bedragCent,
        eenheid: t.eenheid as Eenheid,
        frequentie: t.frequentie as Frequentie,
      })),
    )
  })
  return true
}
