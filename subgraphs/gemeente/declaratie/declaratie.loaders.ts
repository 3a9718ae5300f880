import { In, type DataSource } from 'typeorm'
import { groupedLoader } from '../../../shared/db/loaders'
import { Declaratie, DeclaratieRegel } from './declaratie.entity'

export function declaratieLoaders(db: DataSource, gemeenteCode: string) {
  return {
    declaratiesVanToewijzing: groupedLoader(
      (ids: readonly string[]) =>
        db.getRepository(Declaratie).find({
          where: { gemeenteCode, toewijzingId: In([...ids]) },
          order: { periode: 'ASC' },
        }),
      (d) => d.toewijzingId,
    ),
    regelsVanDeclaratie: groupedLoader(
      (ids: readonly string[]) =>
        db
          .getRepository(DeclaratieRegel)
          .find({ where: { declaratieId: In([...ids]) }, order: { moduleCode: 'ASC', id: 'ASC' } }),
      (r) => r.declaratieId,
    ),
  }
}
