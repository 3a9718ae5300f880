import type DataLoader from 'dataloader'
import type { DataSource } from 'typeorm'
import { byKeys, groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { Toewijzing, ToewijzingModule } from './toewijzing.entity'

export function toewijzingLoaders(db: DataSource, gemeenteCode: string) {
  return {
    /** Filled per filter by Aanbieder.toewijzingen: the filter is part of what is loaded. */
    toewijzingenVanAanbieder: new Map<string, DataLoader<string, Toewijzing[]>>(),
    toewijzing: uniqueLoader(byKeys(db, Toewijzing, 'id', { gemeenteCode }), (t) => t.id),
    vervangingVan: uniqueLoader(
      byKeys(db, Toewijzing, 'vervangtToewijzingId', { gemeenteCode }),
      (t) => t.vervangtToewijzingId as string,
    ),
    toewijzingenVanPlan: groupedLoader(
      byKeys(db, Toewijzing, 'planId', { gemeenteCode }, { toewijzingNummer: 'ASC' }),
      (t) => t.planId,
    ),
    modulesVanToewijzing: groupedLoader(
      byKeys(db, ToewijzingModule, 'toewijzingId', {}, { moduleCode: 'ASC' }),
      (m) => m.toewijzingId,
    ),
  }
}
