import { In, type DataSource } from 'typeorm'
import { uniqueLoader } from '../../../shared/db/loaders'
import { Huishouden } from './huishouden.entity'

export function huishoudenLoaders(db: DataSource, gemeenteCode: string) {
  const repo = db.getRepository(Huishouden)
  return {
    huishouden: uniqueLoader(
      (ids: readonly string[]) => repo.findBy({ gemeenteCode, id: In([...ids]) }),
      (h) => h.id,
    ),
  }
}
