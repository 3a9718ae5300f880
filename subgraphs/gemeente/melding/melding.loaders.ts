import type { DataSource } from 'typeorm'
import { byKeys, groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { Gespreksstap, Melding } from './melding.entity'

export function meldingLoaders(db: DataSource, gemeenteCode: string) {
  return {
    melding: uniqueLoader(byKeys(db, Melding, 'id', { gemeenteCode }), (m) => m.id),
    stappenVanMelding: groupedLoader(
      byKeys(db, Gespreksstap, 'meldingId', { gemeenteCode }, { datum: 'ASC', id: 'ASC' }),
      (s) => s.meldingId,
    ),
  }
}
