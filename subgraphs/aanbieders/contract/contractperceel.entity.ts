import { Field, ObjectType } from 'type-graphql'
import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Niveau } from '../../../shared/ijw/codes'
import { Contract } from './contract.entity'

@Entity('contractperceel')
@Index(['ondersteuningsbehoefteCode', 'niveau'])
@ObjectType({
  description: 'A lot of a contract: one support need at one level that the provider may deliver.',
})
export class Contractperceel {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  contractId: string

  @PrimaryColumn({ type: 'varchar', length: 20 })
  ondersteuningsbehoefteCode: string

  @PrimaryColumn({ type: 'varchar', length: 1 })
  @Field(() => Niveau)
  niveau: Niveau

  @ManyToOne(() => Contract, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'contractId' })
  contract?: Contract
}
