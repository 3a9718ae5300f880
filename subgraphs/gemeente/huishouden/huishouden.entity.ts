import { Directive, Field, ID, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

@Entity('huishouden')
@Index(['gemeenteCode', 'naam'])
// A household is the set of persons at one address: the BRP registration finds it by its address.
@Index(['gemeenteCode', 'postcode', 'huisnummer'])
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

  // The parts below come from the BRP; optional, so that households made without it (the seed)
  // need not name them.
  @Column({ type: 'varchar', length: 1, nullable: true })
  @Field(() => String, { nullable: true })
  huisletter?: string | null

  @Column({ type: 'varchar', length: 4, nullable: true })
  @Field(() => String, { nullable: true })
  huisnummertoevoeging?: string | null

  @Column({ type: 'varchar', length: 80, nullable: true })
  @Field(() => String, { nullable: true })
  straat?: string | null

  @Column({ type: 'varchar', length: 80, nullable: true })
  @Field(() => String, { nullable: true })
  woonplaats?: string | null
}
