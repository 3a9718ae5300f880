import type DataLoader from 'dataloader'
import { In, type DataSource } from 'typeorm'
import { groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { Toewijzing, ToewijzingModule } from './toewijzing.entity'

export function toewijzingLoaders(db: DataSource, gemeenteCode: string) {
  return {
    /** Filled per filter by Aanbieder.toewijzingen: the filter is part of what is loaded. */
    toewijzingenVanAanbieder: new Map<string, DataLoader<string, Toewijzing[]>>(),
    toewijzing: uniqueLoader(
      (ids: readonly string[]) => db.getRepository(Toewijzing).findBy({ gemeenteCode, id: In([...ids]) }),
      (t) => t.id,
    ),
    vervangingVan: uniqueLoader(
      (ids: readonly string[]) =>
        db.getRepository(Toewijzing).findBy({ gemeenteCode, vervangtToewijzingId: In([...ids]) }),
      (t) => t.vervangtToewijzingId as string,
    ),
    toewijzingenVanPlan: groupedLoader(
      (ids: readonly string[]) =>
        db.getRepository(Toewijzing).find({
          where: { gemeenteCode, planId: In([...ids]) },
          order: { toewijzingNummer: 'ASC' },
        }),
      (t) => t.planId,
    ),
    modulesVanToewijzing: groupedLoader(
      (ids: readonly string[]) =>
        db
          .getRepository(ToewijzingModule)
          .find({ where: { toewijzingId: In([...ids]) }, order: { moduleCode: 'ASC' } }),
      (m) => m.toewijzingId,
    ),
  }
}
