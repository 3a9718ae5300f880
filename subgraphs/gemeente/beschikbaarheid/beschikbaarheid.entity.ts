import { Field, ID, Int, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'

// A beschikbaarheidsvoorziening is paid for whether it is used or not, so it is not allocated
// per resident: the gemeente sets a budget per year and records what was used, from the reports
// of the institution that runs it. The gemeente records the use, not the provider: the
// catalogue does not say which provider runs which voorziening, and the budget is the gemeente's.

@Entity('beschikbaarheid_budget')
@ObjectType({ description: 'A gemeente’s budget for one beschikbaarheidsvoorziening in one year.' })
export class BeschikbaarheidBudget {
  @PrimaryColumn({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @PrimaryColumn({ type: 'varchar', length: 20 })
  voorzieningCode: string

  @PrimaryColumn({ type: 'int' })
  @Field(() => Int)
  jaar: number

  @Column({ type: 'int' })
  @Field(() => Int)
  budgetCent: number

  @Column({ type: 'date' })
  @Field(() => Datum)
  vastgesteldOp: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  vastgesteldDoor: string
}

@Entity('beschikbaarheid_gebruik')
@Index(['gemeenteCode', 'voorzieningCode', 'datum'])
@ObjectType({
  description: 'Use of a beschikbaarheidsvoorziening recorded by the gemeente: amount and/or units.',
})
export class BeschikbaarheidGebruik {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 20 })
  voorzieningCode: string

  @Column({ type: 'date' })
  @Field(() => Datum)
  datum: string

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Eurocents spent; 0 when only units were used.' })
  bedragCent: number

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Units used (places, days, contacts), where counted.' })
  eenheden: number | null

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true })
  omschrijving: string | null

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  vastgelegdDoor: string
}
