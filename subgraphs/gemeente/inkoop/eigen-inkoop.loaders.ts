import { In, type DataSource } from 'typeorm'
import { groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import {
  EigenAanmelding,
  EigenAanmeldingPerceel,
  EigenBesluit,
  EigenKwaliteitsbewijs,
} from './eigen-aanmelding.entity'
import { EigenContract, EigenContractperceel } from './eigen-inkoop.entity'

/** Loaders of the gemeente's own procurement: applications and contracts by id, and their lists. */
export function eigenInkoopLoaders(db: DataSource, gemeenteCode: string) {
  const ids = (keys: readonly string[]) => In([...keys])
  return {
    eigenAanmelding: uniqueLoader(
      (keys: readonly string[]) => db.getRepository(EigenAanmelding).findBy({ gemeenteCode, id: ids(keys) }),
      (a) => a.id,
    ),
    eigenContract: uniqueLoader(
      (keys: readonly string[]) => db.getRepository(EigenContract).findBy({ gemeenteCode, id: ids(keys) }),
      (c) => c.id,
    ),
    eigenContractVanAanmelding: uniqueLoader(
      (keys: readonly string[]) =>
        db.getRepository(EigenContract).findBy({ gemeenteCode, aanmeldingId: ids(keys) }),
      (c) => c.aanmeldingId as string,
    ),
    eigenAanmeldingPercelen: groupedLoader(
      (keys: readonly string[]) =>
        db.getRepository(EigenAanmeldingPerceel).find({
          where: { aanmeldingId: ids(keys) },
          order: { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
        }),
      (p) => p.aanmeldingId,
    ),
    eigenContractPercelen: groupedLoader(
      (keys: readonly string[]) =>
        db.getRepository(EigenContractperceel).find({
          where: { contractId: ids(keys) },
          order: { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
        }),
      (p) => p.contractId,
    ),
    eigenKwaliteitsbewijzen: groupedLoader(
      (keys: readonly string[]) =>
        db.getRepository(EigenKwaliteitsbewijs).find({
          where: { aanmeldingId: ids(keys) },
          order: { soort: 'ASC', vastgelegdOp: 'ASC', id: 'ASC' },
        }),
      (k) => k.aanmeldingId,
    ),
    eigenBesluitenVanAanmelding: groupedLoader(
      (keys: readonly string[]) =>
        db.getRepository(EigenBesluit).find({ where: { aanmeldingId: ids(keys) }, order: { id: 'ASC' } }),
      (b) => b.aanmeldingId as string,
    ),
    eigenBesluitenVanContract: groupedLoader(
      (keys: readonly string[]) =>
        db.getRepository(EigenBesluit).find({ where: { contractId: ids(keys) }, order: { id: 'ASC' } }),
      (b) => b.contractId as string,
    ),
  }
}
