import { In, type DataSource } from 'typeorm'
import { groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { Resultaat } from '../plan/resultaat.entity'
import { Aanpak } from './aanpak.entity'

export function aanpakLoaders(db: DataSource, gemeenteCode: string) {
  const aanpak = (veld: 'resultaatId' | 'toewijzingId') =>
    groupedLoader(
      (ids: readonly string[]) =>
        db.getRepository(Aanpak).find({
          where: { gemeenteCode, [veld]: In([...ids]) },
          order: { vastgelegdOp: 'ASC', id: 'ASC' },
        }),
      (a) => a[veld],
    )
  return {
    aanpakVanResultaat: aanpak('resultaatId'),
    aanpakVanToewijzing: aanpak('toewijzingId'),
    resultaat: uniqueLoader(
      (ids: readonly string[]) => db.getRepository(Resultaat).findBy({ gemeenteCode, id: In([...ids]) }),
      (r) => r.id,
    ),
  }
}
