import type { DataSource } from 'typeorm'
import { byKeys, groupedLoader } from '../../../shared/db/loaders'
import { Declaratie, DeclaratieRegel } from './declaratie.entity'

export function declaratieLoaders(db: DataSource, gemeenteCode: string) {
  return {
    declaratiesVanToewijzing: groupedLoader(
      byKeys(db, Declaratie, 'toewijzingId', { gemeenteCode }, { periode: 'ASC' }),
      (d) => d.toewijzingId,
    ),
    regelsVanDeclaratie: groupedLoader(
      byKeys(db, DeclaratieRegel, 'declaratieId', {}, { moduleCode: 'ASC', id: 'ASC' }),
      (r) => r.declaratieId,
    ),
  }
}
