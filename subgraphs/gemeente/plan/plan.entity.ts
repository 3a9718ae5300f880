import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'

export enum PlanStatus {
  CONCEPT = 'CONCEPT',
  ACTIEF = 'ACTIEF',
  AFGESLOTEN = 'AFGESLOTEN',
  INGETROKKEN = 'INGETROKKEN',
}
registerEnumType(PlanStatus, {
  name: 'PlanStatus',
  valuesConfig: {
    INGETROKKEN: { description: 'A draft that was never adopted; the household may get a new plan.' },
  },
})

@ObjectType({ description: 'The director of a plan: a toegangsmedewerker of the gemeente.' })
export class Regisseur {
  @Field(() => ID)
  id: string

  @Field(() => String)
  naam: string
}

@Entity('plan')
@Index(['gemeenteCode', 'status', 'startdatum'])
// A page of plans (zoekPlannen) in its keyset order: a LIMITed range, not a sort of them all.
@Index(['gemeenteCode', 'startdatum', 'id'])
@Index(['huishoudenId'])
@ObjectType({ description: 'One family, one plan, one director.' })
@Directive('@key(fields: "gemeenteCode id")')
export class Plan {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  @Field(() => ID)
  gemeenteCode: string

  @Column({ type: 'varchar', length: 36 })
  huishoudenId: string

  @Column({ type: 'varchar', length: 36, nullable: true })
  meldingId: string | null

  /**
   * The household while the plan is open, null once closed: a unique index on it lets the
   * database itself refuse a second open plan for a household, also under concurrent requests.
   */
  @Column({ type: 'varchar', length: 36, nullable: true, unique: true })
  openSleutel: string | null

  @Column({ type: 'varchar', length: 20 })
  @Field(() => PlanStatus)
  status: PlanStatus

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Raised by every change; a change names the version it read.' })
  versie: number

  @Column({ type: 'date' })
  @Field(() => Datum)
  startdatum: string

  @Column({ type: 'date', nullable: true })
  @Field(() => Datum, { nullable: true })
  einddatum: string | null

  /** The day the plan was adopted (planVaststellen): where the figures' throughput times start. */
  @Column({ type: 'date', nullable: true })
  vastgesteldOp?: string | null

  @Column({ type: 'varchar', length: 100 })
  regisseurId: string

  @Column({ type: 'varchar', length: 200 })
  regisseurNaam: string
}
