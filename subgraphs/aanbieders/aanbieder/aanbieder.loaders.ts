import { In, type DataSource } from 'typeorm'
import { byKeys, groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { Contract } from '../contract/contract.entity'
import { Locatie } from '../locatie/locatie.entity'
import { AanbiederSpecialisatie } from '../specialisatie/aanbieder-specialisatie.entity'
import { AanbiederWerkgebied } from '../werkgebied/werkgebied.entity'
import { Aanbieder } from './aanbieder.entity'

/** Loaders by AGB code: the provider itself and each of its lists, one statement per list per tick. */
export function aanbiederLoaders(db: DataSource) {
  return {
    aanbieder: uniqueLoader(byKeys(db, Aanbieder, 'id'), (a) => a.id),
    locaties: groupedLoader(byKeys(db, Locatie, 'agbCode', {}, { naam: 'ASC', id: 'ASC' }), (l) => l.agbCode),
    werkgebied: groupedLoader(
      byKeys(db, AanbiederWerkgebied, 'agbCode', {}, { gemeenteCode: 'ASC' }),
      (w) => w.agbCode,
    ),
    specialisaties: groupedLoader(
      (agbCodes: readonly string[]) =>
        db.getRepository(AanbiederSpecialisatie).find({
          where: { agbCode: In([...agbCodes]) },
          relations: { specialisatie: true },
          order: { specialisatieCode: 'ASC' },
        }),
      (s) => s.agbCode,
    ),
    contracten: groupedLoader(
      byKeys(db, Contract, 'agbCode', {}, { ingangsdatum: 'ASC', id: 'ASC' }),
      (c) => c.agbCode,
    ),
  }
}
