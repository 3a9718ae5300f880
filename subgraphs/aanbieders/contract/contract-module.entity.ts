import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Contract } from './contract.entity'

// The regional modules a contract covers. The module itself lives in the catalogus subgraph,
// so the code has no foreign key here.
@Entity('contract_module')
export class ContractModule {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  contractId: string

  @PrimaryColumn({ type: 'varchar', length: 20 })
  moduleCode: string

  @ManyToOne(() => Contract, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'contractId' })
  contract?: Contract
}
