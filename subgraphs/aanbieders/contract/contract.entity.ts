import { Field, ID, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'
import { Aanbieder } from '../aanbieder/aanbieder.entity'
import { Aanmelding } from '../aanmelding/aanmelding.entity'

export enum ContractStatus {
  ACTIEF = 'ACTIEF',
  GESCHORST = 'GESCHORST',
  BEEINDIGD = 'BEEINDIGD',
}
registerEnumType(ContractStatus, {
  name: 'ContractStatus',
  valuesConfig: {
    ACTIEF: { description: 'The provider may receive allocations under this contract.' },
    GESCHORST: { description: 'Suspended: no new allocations until the suspension is lifted.' },
    BEEINDIGD: { description: 'Ended; kept as history.' },
  },
})

@Entity('contract')
@ObjectType({ description: 'A regional (OZJT) framework contract of a provider.' })
export class Contract {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Index()
  @Column({ type: 'varchar', length: 8 })
  agbCode: string

  @ManyToOne(() => Aanbieder, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'agbCode' })
  aanbieder?: Aanbieder

  @Column({ type: 'varchar', length: 10 })
  @Field(() => ContractStatus)
  status: ContractStatus

  @Column({ type: 'date' })
  @Field(() => Datum)
  ingangsdatum: string

  @Column({ type: 'date', nullable: true })
  @Field(() => Datum, { nullable: true, description: 'Last day of the contract; null while open-ended.' })
  einddatum: string | null

  // The application whose grant created this contract; null for contracts from before the registry kept them.
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  aanmeldingId: string | null

  @ManyToOne(() => Aanmelding, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'aanmeldingId' })
  aanmelding?: Aanmelding
}
