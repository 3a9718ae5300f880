import { In, type DataSource } from 'typeorm'
import { groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import { Besluit } from '../besluit/besluit.entity'
import { Contract } from '../contract/contract.entity'
import { AanmeldingGemeente } from './aanmelding-gemeente.entity'
import { AanmeldingModule } from './aanmelding-module.entity'
import { AanmeldingPerceel } from './aanmelding-perceel.entity'
import { Aanmelding } from './aanmelding.entity'
import { Kwaliteitsbewijs } from './kwaliteitsbewijs.entity'

/** Loaders by application id. */
export function aanmeldingLoaders(db: DataSource) {
  const ids = (keys: readonly string[]) => In([...keys])
  return {
    aanmelding: uniqueLoader(
      (keys: readonly string[]) => db.getRepository(Aanmelding).findBy({ id: ids(keys) }),
      (a) => a.id,
    ),
    percelen: groupedLoader(
      (keys: readonly string[]) =>
        db.getRepository(AanmeldingPerceel).find({
          where: { aanmeldingId: ids(keys) },
          order: { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
        }),
      (p) => p.aanmeldingId,
    ),
    modules: groupedLoader(
      (keys: readonly string[]) =>
        db
          .getRepository(AanmeldingModule)
          .find({ where: { aanmeldingId: ids(keys) }, order: { moduleCode: 'ASC' } }),
      (m) => m.aanmeldingId,
    ),
    gemeenten: groupedLoader(
      (keys: readonly string[]) =>
        db
          .getRepository(AanmeldingGemeente)
          .find({ where: { aanmeldingId: ids(keys) }, order: { gemeenteCode: 'ASC' } }),
      (g) => g.aanmeldingId,
    ),
    kwaliteitsbewijzen: groupedLoader(
      (keys: readonly string[]) =>
        db.getRepository(Kwaliteitsbewijs).find({
          where: { aanmeldingId: ids(keys) },
          order: { soort: 'ASC', vastgelegdOp: 'ASC', id: 'ASC' },
        }),
      (k) => k.aanmeldingId,
    ),
    besluiten: groupedLoader(
      (keys: readonly string[]) =>
        db
          .getRepository(Besluit)
          .find({ where: { aanmeldingId: ids(keys) }, order: { op: 'ASC', id: 'ASC' } }),
      (b) => b.aanmeldingId as string,
    ),
    contract: uniqueLoader(
      (keys: readonly string[]) => db.getRepository(Contract).findBy({ aanmeldingId: ids(keys) }),
      (c) => c.aanmeldingId as string,
    ),
  }
}
