import type { DataSource } from 'typeorm'
import { byKeys, uniqueLoader } from '../../../shared/db/loaders'
import { Huishouden } from './huishouden.entity'

export function huishoudenLoaders(db: DataSource, gemeenteCode: string) {
  return {
    huishouden: uniqueLoader(byKeys(db, Huishouden, 'id', { gemeenteCode }), (h) => h.id),
  }
}
