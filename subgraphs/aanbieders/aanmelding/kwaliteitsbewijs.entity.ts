import { Field, ID, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'
import { Aanmelding } from './aanmelding.entity'

export enum KwaliteitsbewijsSoort {
  KWALITEITSCERTIFICAAT = 'KWALITEITSCERTIFICAAT',
  VOG = 'VOG',
  AANSPRAKELIJKHEIDSVERZEKERING = 'AANSPRAKELIJKHEIDSVERZEKERING',
}
registerEnumType(KwaliteitsbewijsSoort, {
  name: 'KwaliteitsbewijsSoort',
  description: 'A kind of proof that the registry requires before it grants an application.',
  valuesConfig: {
    KWALITEITSCERTIFICAAT: { description: 'A certificate of the quality management system of the provider.' },
    VOG: { description: 'Verklaring omtrent het gedrag: a certificate of conduct.' },
    AANSPRAKELIJKHEIDSVERZEKERING: { description: 'Proof of professional and business liability insurance.' },
  },
})

/** Every kind is required for a grant, each valid on the decision date. */
export const VEREISTE_KWALITEITSBEWIJZEN: readonly KwaliteitsbewijsSoort[] =
  Object.values(KwaliteitsbewijsSoort)

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
