import { In, type DataSource } from 'typeorm'
import { groupedLoader } from '../../../shared/db/loaders'
import { Besluit } from '../besluit/besluit.entity'
import { ContractGemeente } from './contract-gemeente.entity'
import { ContractModule } from './contract-module.entity'
import { Contractperceel } from './contractperceel.entity'

/** Loaders by contract id. */
export function contractLoaders(db: DataSource) {
  return {
    percelen: groupedLoader(
      (contractIds: readonly string[]) =>
        db.getRepository(Contractperceel).find({
          where: { contractId: In([...contractIds]) },
          order: { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
        }),
      (p) => p.contractId,
    ),
    modules: groupedLoader(
      (contractIds: readonly string[]) =>
        db
          .getRepository(ContractModule)
          .find({ where: { contractId: In([...contractIds]) }, order: { moduleCode: 'ASC' } }),
      (m) => m.contractId,
    ),
    gemeenten: groupedLoader(
      (contractIds: readonly string[]) =>
        db
          .getRepository(ContractGemeente)
          .find({ where: { contractId: In([...contractIds]) }, order: { gemeenteCode: 'ASC' } }),
      (g) => g.contractId,
    ),
    besluiten: groupedLoader(
      (contractIds: readonly string[]) =>
        db
          .getRepository(Besluit)
          .find({ where: { contractId: In([...contractIds]) }, order: { op: 'ASC', id: 'ASC' } }),
      (b) => b.contractId as string,
    ),
  }
}
