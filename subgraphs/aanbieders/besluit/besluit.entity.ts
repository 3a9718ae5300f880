import { Field, ID, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm'
import { Aanmelding } from '../aanmelding/aanmelding.entity'
import { Contract } from '../contract/contract.entity'

export enum BesluitActie {
  INDIENEN = 'INDIENEN',
  IN_BEHANDELING_NEMEN = 'IN_BEHANDELING_NEMEN',
  TOEKENNEN = 'TOEKENNEN',
  AFWIJZEN = 'AFWIJZEN',
  INTREKKEN = 'INTREKKEN',
  SCHORSEN = 'SCHORSEN',
  HERSTELLEN = 'HERSTELLEN',
  BEEINDIGEN = 'BEEINDIGEN',
}
registerEnumType(BesluitActie, {
  name: 'BesluitActie',
  valuesConfig: {
    INDIENEN: { description: 'The provider submitted the application.' },
    IN_BEHANDELING_NEMEN: { description: 'The registry manager started the review.' },
    TOEKENNEN: { description: 'The application was granted and became a contract.' },
    AFWIJZEN: { description: 'The application was rejected.' },
    INTREKKEN: { description: 'The provider withdrew the application.' },
    SCHORSEN: { description: 'The contract was suspended.' },
    HERSTELLEN: { description: 'The suspension of the contract was lifted.' },
    BEEINDIGEN: { description: 'The contract was ended.' },
  },
})

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
