import type { DataSource } from 'typeorm'
import { byKeys, groupedLoader } from '../../../shared/db/loaders'
import { Aanpak } from './aanpak.entity'

export function aanpakLoaders(db: DataSource, gemeenteCode: string) {
  const aanpak = (veld: 'resultaatId' | 'toewijzingId') =>
    groupedLoader(
      byKeys(db, Aanpak, veld, { gemeenteCode }, { vastgelegdOp: 'ASC', id: 'ASC' }),
      (a) => a[veld],
    )
  return {
    aanpakVanResultaat: aanpak('resultaatId'),
    aanpakVanToewijzing: aanpak('toewijzingId'),
  }
}
