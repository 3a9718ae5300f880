import type { DataSource } from 'typeorm'
import { byKeys, groupedLoader } from '../../../shared/db/loaders'
import { Besluit } from '../besluit/besluit.entity'
import { ContractGemeente } from './contract-gemeente.entity'
import { ContractModule } from './contract-module.entity'
import { Contractperceel } from './contractperceel.entity'

/** Loaders by contract id. */
export function contractLoaders(db: DataSource) {
  return {
    percelen: groupedLoader(
      byKeys(db, Contractperceel, 'contractId', {}, { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' }),
      (p) => p.contractId,
    ),
    modules: groupedLoader(
      byKeys(db, ContractModule, 'contractId', {}, { moduleCode: 'ASC' }),
      (m) => m.contractId,
    ),
    gemeenten: groupedLoader(
      byKeys(db, ContractGemeente, 'contractId', {}, { gemeenteCode: 'ASC' }),
      (g) => g.contractId,
    ),
    besluiten: groupedLoader(
      byKeys(db, Besluit, 'contractId', {}, { op: 'ASC', id: 'ASC' }),
      (b) => b.contractId as string,
    ),
  }
}
