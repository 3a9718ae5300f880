import type { DataSource } from 'typeorm'
import { byKeys, groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { Besluit } from '../besluit/besluit.entity'
import { Contract } from '../contract/contract.entity'
import { AanmeldingGemeente } from './aanmelding-gemeente.entity'
import { AanmeldingModule } from './aanmelding-module.entity'
import { AanmeldingPerceel } from './aanmelding-perceel.entity'
import { Aanmelding } from './aanmelding.entity'
import { Kwaliteitsbewijs } from './kwaliteitsbewijs.entity'

/** Loaders by application id. */
export function aanmeldingLoaders(db: DataSource) {
  return {
    aanmelding: uniqueLoader(byKeys(db, Aanmelding, 'id'), (a) => a.id),
    percelen: groupedLoader(
      byKeys(db, AanmeldingPerceel, 'aanmeldingId', {}, { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' }),
      (p) => p.aanmeldingId,
    ),
    modules: groupedLoader(
      byKeys(db, AanmeldingModule, 'aanmeldingId', {}, { moduleCode: 'ASC' }),
      (m) => m.aanmeldingId,
    ),
    gemeenten: groupedLoader(
      byKeys(db, AanmeldingGemeente, 'aanmeldingId', {}, { gemeenteCode: 'ASC' }),
      (g) => g.aanmeldingId,
    ),
    kwaliteitsbewijzen: groupedLoader(
      byKeys(db, Kwaliteitsbewijs, 'aanmeldingId', {}, { soort: 'ASC', vastgelegdOp: 'ASC', id: 'ASC' }),
      (k) => k.aanmeldingId,
    ),
    besluiten: groupedLoader(
      byKeys(db, Besluit, 'aanmeldingId', {}, { op: 'ASC', id: 'ASC' }),
      (b) => b.aanmeldingId as string,
    ),
    contract: uniqueLoader(byKeys(db, Contract, 'aanmeldingId'), (c) => c.aanmeldingId as string),
  }
}
