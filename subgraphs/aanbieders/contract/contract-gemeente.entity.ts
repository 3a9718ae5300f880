import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Contract } from './contract.entity'

// The gemeenten a contract covers, by CBS code. The gemeente lives in the catalogus subgraph,
// so the code has no foreign key here.
@Entity('contract_gemeente')
@Index(['gemeenteCode', 'contractId'])
export class ContractGemeente {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  contractId: string

  @PrimaryColumn({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @ManyToOne(() => Contract, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'contractId' })
  contract?: Contract
}
