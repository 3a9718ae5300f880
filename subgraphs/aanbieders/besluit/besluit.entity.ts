import { Field, ID, ObjectType } from 'type-graphql'
import { BesluitActie } from '../../../shared/graphql/inschrijving'
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm'
import { Aanmelding } from '../aanmelding/aanmelding.entity'
import { Contract } from '../contract/contract.entity'

export { BesluitActie }

/**
 * One decision on an application or a contract: who, in which role, when, what and why. Rows
 * are only ever added. A grant belongs to both the application and the contract it created.
 */
@Entity('besluit')
@ObjectType({ description: 'A decision on an application or a contract: who decided what, when and why.' })
export class Besluit {
  // Increasing, so that decisions taken within the same millisecond still keep their order.
  @PrimaryGeneratedColumn({ type: 'int' })
  @Field(() => ID)
  id: number

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  aanmeldingId: string | null

  @ManyToOne(() => Aanmelding, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'aanmeldingId' })
  aanmelding?: Aanmelding

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  contractId: string | null

  @ManyToOne(() => Contract, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'contractId' })
  contract?: Contract

  @Column({ type: 'varchar', length: 24 })
  @Field(() => BesluitActie)
  actie: BesluitActie

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String, { description: 'Who decided: the subject of their token.' })
  door: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String, { description: 'The name of who decided, as their token gave it.' })
  naam: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => String, { description: 'The role they acted in (AANBIEDER, REGISTERBEHEERDER).' })
  rol: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => String, { description: 'When: ISO 8601 timestamp, UTC.' })
  op: string

  @Column({ type: 'varchar', length: 2000, nullable: true })
  @Field(() => String, { nullable: true })
  reden: string | null
}
