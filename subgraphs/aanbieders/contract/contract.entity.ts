import { Field, ID, ObjectType } from 'type-graphql'
import { ContractStatus } from '../../../shared/graphql/inschrijving'
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'
import { Aanbieder } from '../aanbieder/aanbieder.entity'
import { Aanmelding } from '../aanmelding/aanmelding.entity'

export { ContractStatus }

@Entity('contract')
@ObjectType({
  description:
    'A contract of a provider: a regional (OZJT) framework contract, or a contract a gemeente with its own procurement made itself (eigenaar says which).',
})
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

  // A gemeente's own contract (Almelo, Hof van Twente): that gemeente's code, else null. The
  // gemeente manages it and delivers every change through its outbox; this row is its copy.
  @Column({ type: 'varchar', length: 4, nullable: true })
  eigenGemeenteCode: string | null

  // The version of the gemeente's contract this copy holds: a later one replaces it, an older
  // or the same one (late, or delivered twice) changes nothing. Null for a regional contract.
  @Column({ type: 'int', nullable: true })
  bronVersie: number | null
}
