import { Directive, Field, ID, Int, ObjectType } from 'type-graphql'
import { Column, Entity, PrimaryColumn } from 'typeorm'

@Entity('beschikbaarheidsvoorziening')
@ObjectType({
  description:
    'Capacity paid for whether used or not, organised regionally (crisis service, JeugdzorgPlus, ...). ' +
    'Each gemeente sets its budget per year and records the use (Gemeente.beschikbaarheid).',
})
@Directive('@key(fields: "code")')
export class Beschikbaarheidsvoorziening {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  @Field(() => ID)
  code: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  naam: string

  @Column({ type: 'varchar', length: 1000 })
  @Field(() => String)
  omschrijving: string

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'Share of the budget guaranteed, in percent, where agreed.',
  })
  budgetgarantiePercentage: number | null
}
