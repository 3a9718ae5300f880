import { Field, ID, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'

export enum Uitkomst {
  BEHAALD = 'BEHAALD',
  DEELS_BEHAALD = 'DEELS_BEHAALD',
  NIET_BEHAALD = 'NIET_BEHAALD',
}
registerEnumType(Uitkomst, { name: 'Uitkomst' })

@Entity('resultaat')
@Index(['behoefteId'])
@ObjectType({ description: 'A result written for this family: the "what"; the provider decides the "how".' })
export class Resultaat {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 36 })
  behoefteId: string

  @Column({ type: 'varchar', length: 1000 })
  @Field(() => String)
  omschrijving: string

  @Column({ type: 'date' })
  @Field(() => Datum)
  streefdatum: string

  @Column({ type: 'varchar', length: 20, nullable: true })
  @Field(() => Uitkomst, { nullable: true, description: 'Set when the plan closes.' })
  uitkomst: Uitkomst | null
}
