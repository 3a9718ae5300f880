import { Directive, Field, ID, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

@Entity('huishouden')
@Index(['gemeenteCode', 'naam'])
@ObjectType({ description: 'A household: the family that one plan is written for.' })
@Directive('@key(fields: "gemeenteCode id")')
export class Huishouden {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  @Field(() => ID)
  gemeenteCode: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  naam: string

  @Column({ type: 'varchar', length: 6 })
  @Field(() => String)
  postcode: string

  @Column({ type: 'varchar', length: 10 })
  @Field(() => String)
  huisnummer: string
}
