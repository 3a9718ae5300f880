import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'

export enum EvaluatieDoor {
  GEMEENTE = 'GEMEENTE',
  AANBIEDER = 'AANBIEDER',
  INWONER = 'INWONER',
}
registerEnumType(EvaluatieDoor, { name: 'EvaluatieDoor' })

@Entity('evaluatie')
@Index(['resultaatId', 'datum'])
@ObjectType({ description: 'How a result is progressing, as seen by gemeente, provider or resident.' })
export class Evaluatie {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 36 })
  resultaatId: string

  @Column({ type: 'varchar', length: 20 })
  @Field(() => EvaluatieDoor)
  door: EvaluatieDoor

  @Column({ type: 'date' })
  @Field(() => Datum)
  datum: string

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Progress towards the result, 0 to 100 percent.' })
  voortgang: number

  @Column({ type: 'varchar', length: 2000 })
  @Field(() => String)
  toelichting: string
}
