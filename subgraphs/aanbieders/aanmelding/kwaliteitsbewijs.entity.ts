import { Field, ID, ObjectType } from 'type-graphql'
import { KwaliteitsbewijsSoort, VEREISTE_KWALITEITSBEWIJZEN } from '../../../shared/graphql/inschrijving'
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'
import { Aanmelding } from './aanmelding.entity'

export { KwaliteitsbewijsSoort, VEREISTE_KWALITEITSBEWIJZEN }

@Entity('kwaliteitsbewijs')
@ObjectType({
  description: 'A quality proof the registry manager checked and recorded while reviewing an application.',
})
export class Kwaliteitsbewijs {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Index()
  @Column({ type: 'varchar', length: 36 })
  aanmeldingId: string

  @ManyToOne(() => Aanmelding, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'aanmeldingId' })
  aanmelding?: Aanmelding

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
