import { In, type DataSource } from 'typeorm'
import { groupedLoader } from '../../../shared/db/loaders'
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
  }
}
