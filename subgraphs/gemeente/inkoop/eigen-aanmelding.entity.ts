import { Field, ID, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm'
import { AanmeldingStatus, BesluitActie, KwaliteitsbewijsSoort } from '../../../shared/graphql/inschrijving'
import { Datum } from '../../../shared/graphql/scalars'
import { Niveau } from '../../../shared/ijw/codes'

// Continuous enrolment for a gemeente's own lots, shaped as the registry's (subgraphs/aanbieders/
// aanmelding): the same states, proofs and decisions, decided by the gemeente's contract manager.

@Entity('eigen_aanmelding')
@Index(['status', 'ingediendOp'])
@ObjectType({
  description:
    'An application of a provider for lots of a gemeente with its own procurement (continuous enrolment), decided by that gemeente’s contract manager.',
})
export class EigenAanmelding {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  @Field(() => ID)
  gemeenteCode: string

  @Index()
  @Column({ type: 'varchar', length: 8 })
  @Field(() => ID, { description: 'AGB code of the applying provider, known in the OZJT registry.' })
  agbCode: string

  @Column({ type: 'varchar', length: 16 })
  @Field(() => AanmeldingStatus)
  status: AanmeldingStatus

  @Column({ type: 'varchar', length: 30 })
  @Field(() => String, { description: 'When it was submitted: ISO 8601 timestamp, UTC.' })
  ingediendOp: string
}

@Entity('eigen_aanmelding_perceel')
@ObjectType({ description: 'A lot applied for: one of the gemeente’s own support needs at one level.' })
export class EigenAanmeldingPerceel {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  aanmeldingId: string

  @PrimaryColumn({ type: 'varchar', length: 30 })
  @Field(() => ID, { name: 'ondersteuningsbehoefte' })
  ondersteuningsbehoefteCode: string

  @PrimaryColumn({ type: 'varchar', length: 1 })
  @Field(() => Niveau)
  niveau: Niveau
}

@Entity('eigen_kwaliteitsbewijs')
@ObjectType({ description: 'A quality proof the contract manager checked and recorded during the review.' })
export class EigenKwaliteitsbewijs {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Index()
  @Column({ type: 'varchar', length: 36 })
  aanmeldingId: string

  @Column({ type: 'varchar', length: 40 })
  @Field(() => KwaliteitsbewijsSoort)
  soort: KwaliteitsbewijsSoort

  @Column({ type: 'varchar', length: 100 })
  @Field(() => String, { description: 'The number of the document, as it is printed on it.' })
  documentnummer: string

  @Column({ type: 'date' })
  @Field(() => Datum, { description: 'Last day the proof is valid.' })
  geldigTot: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => String, { description: 'When it was recorded: ISO 8601 timestamp, UTC.' })
  vastgelegdOp: string
}

/** One decision on an own application or contract; rows are only ever added. */
@Entity('eigen_besluit')
@ObjectType({ description: 'A decision on an own application or contract: who decided what, when and why.' })
export class EigenBesluit {
  // Increasing, so that decisions taken within the same millisecond still keep their order.
  @PrimaryGeneratedColumn({ type: 'int' })
  @Field(() => ID)
  id: number

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  aanmeldingId: string | null

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  contractId: string | null

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
  @Field(() => String, { description: 'The role they acted in (AANBIEDER, CONTRACTBEHEERDER).' })
  rol: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => String, { description: 'When: ISO 8601 timestamp, UTC.' })
  op: string

  @Column({ type: 'varchar', length: 2000, nullable: true })
  @Field(() => String, { nullable: true })
  reden: string | null
}
