import { In, type DataSource } from 'typeorm'
import { groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { Gespreksstap, Melding } from './melding.entity'

export function meldingLoaders(db: DataSource, gemeenteCode: string) {
  return {
    melding: uniqueLoader(
      (ids: readonly string[]) => db.getRepository(Melding).findBy({ gemeenteCode, id: In([...ids]) }),
      (m) => m.id,
    ),
    stappenVanMelding: groupedLoader(
      (ids: readonly string[]) =>
        db
          .getRepository(Gespreksstap)
          .find({ where: { gemeenteCode, meldingId: In([...ids]) }, order: { datum: 'ASC', id: 'ASC' } }),
      (s) => s.meldingId,
    ),
  }
}
