import type { DataSource } from 'typeorm'
import { byKeys, groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { Inwoner } from './inwoner.entity'

export function inwonerLoaders(db: DataSource, gemeenteCode: string) {
  return {
    inwoner: uniqueLoader(byKeys(db, Inwoner, 'id', { gemeenteCode }), (i) => i.id),
    ledenVanHuishouden: groupedLoader(
      byKeys(db, Inwoner, 'huishoudenId', { gemeenteCode }, { geboortedatum: 'ASC', id: 'ASC' }),
      (i) => i.huishoudenId,
    ),
  }
}
