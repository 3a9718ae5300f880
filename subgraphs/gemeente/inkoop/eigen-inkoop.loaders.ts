import type { DataSource } from 'typeorm'
import { byKeys, groupedLoader, uniqueLoader } from '../../../shared/db/loaders'
import {
  EigenAanmelding,
  EigenAanmeldingPerceel,
  EigenBesluit,
  EigenKwaliteitsbewijs,
} from './eigen-aanmelding.entity'
import { EigenContract, EigenContractperceel } from './eigen-inkoop.entity'

/** Loaders of the gemeente's own procurement: applications and contracts by id, and their lists. */
export function eigenInkoopLoaders(db: DataSource, gemeenteCode: string) {
  return {
    eigenAanmelding: uniqueLoader(byKeys(db, EigenAanmelding, 'id', { gemeenteCode }), (a) => a.id),
    eigenContract: uniqueLoader(byKeys(db, EigenContract, 'id', { gemeenteCode }), (c) => c.id),
    eigenContractVanAanmelding: uniqueLoader(
      byKeys(db, EigenContract, 'aanmeldingId', { gemeenteCode }),
      (c) => c.aanmeldingId as string,
    ),
    eigenAanmeldingPercelen: groupedLoader(
      byKeys(
        db,
        EigenAanmeldingPerceel,
        'aanmeldingId',
        {},
        { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
      ),
      (p) => p.aanmeldingId,
    ),
    eigenContractPercelen: groupedLoader(
      byKeys(
        db,
        EigenContractperceel,
        'contractId',
        {},
        { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
      ),
      (p) => p.contractId,
    ),
    eigenKwaliteitsbewijzen: groupedLoader(
      byKeys(db, EigenKwaliteitsbewijs, 'aanmeldingId', {}, { soort: 'ASC', vastgelegdOp: 'ASC', id: 'ASC' }),
      (k) => k.aanmeldingId,
    ),
    eigenBesluitenVanAanmelding: groupedLoader(
      byKeys(db, EigenBesluit, 'aanmeldingId', {}, { id: 'ASC' }),
      (b) => b.aanmeldingId as string,
    ),
    eigenBesluitenVanContract: groupedLoader(
      byKeys(db, EigenBesluit, 'contractId', {}, { id: 'ASC' }),
      (b) => b.contractId as string,
    ),
  }
}
