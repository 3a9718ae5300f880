import { Field, Int, ObjectType } from 'type-graphql'
import { Column, Entity, PrimaryColumn } from 'typeorm'

/** The longest reason a version keeps (its column). */
export const MAX_REDEN = 1000

@Entity('plan_versie')
@ObjectType({ description: 'A version of a plan as it was after a change, with the reason for it.' })
export class PlanVersie {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  planId: string

  @PrimaryColumn({ type: 'int' })
  @Field(() => Int)
  versie: number

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: MAX_REDEN })
  @Field(() => String)
  reden: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  door: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => String, { description: 'ISO 8601 timestamp, UTC.' })
  op: string

  /** The plan's content after this change, as JSON: earlier versions stay readable as they were. */
  @Column({ type: 'text' })
  @Field(() => String, { description: 'The plan as it was, as JSON (status, needs, levels, results).' })
  inhoud: string
}
