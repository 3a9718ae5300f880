import { In, type DataSource } from 'typeorm'
import { groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { Inwoner } from './inwoner.entity'

export function inwonerLoaders(db: DataSource, gemeenteCode: string) {
  const repo = db.getRepository(Inwoner)
  return {
    inwoner: uniqueLoader(
      (ids: readonly string[]) => repo.findBy({ gemeenteCode, id: In([...ids]) }),
      (i) => i.id,
    ),
    ledenVanHuishouden: groupedLoader(
      (ids: readonly string[]) =>
        repo.find({
          where: { gemeenteCode, huishoudenId: In([...ids]) },
          order: { geboortedatum: 'ASC', id: 'ASC' },
        }),
      (i) => i.huishoudenId,
    ),
  }
}
