import { Field, ObjectType } from 'type-graphql'
import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Niveau } from '../../../shared/ijw/codes'
import { Aanmelding } from './aanmelding.entity'

// The support need lives in the catalogus subgraph, so the code has no foreign key here.
@Entity('aanmelding_perceel')
@ObjectType({ description: 'A lot applied for: one support need at one level.' })
export class AanmeldingPerceel {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  aanmeldingId: string

  @PrimaryColumn({ type: 'varchar', length: 20 })
  ondersteuningsbehoefteCode: string

  @PrimaryColumn({ type: 'varchar', length: 1 })
  @Field(() => Niveau)
  niveau: Niveau

  @ManyToOne(() => Aanmelding, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'aanmeldingId' })
  aanmelding?: Aanmelding
}
