import { Directive, Field, ID, ObjectType } from 'type-graphql'
import { Column, Entity, PrimaryColumn } from 'typeorm'
import { Niveau, Wet } from '../../../shared/ijw/codes'

@Entity('ondersteuningsbehoefte')
@ObjectType({ description: 'A support need of the regional catalogue; the levels at which it is bought.' })
@Directive('@key(fields: "code")')
export class Ondersteuningsbehoefte {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  @Field(() => ID)
  code: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  naam: string

  @Column({ type: 'varchar', length: 1000 })
  @Field(() => String)
  omschrijving: string

  @Column({ type: 'varchar', length: 10 })
  @Field(() => Wet)
  wet: Wet

  @Column({ type: 'simple-array' })
  @Field(() => [Niveau])
  niveaus: Niveau[]
}
