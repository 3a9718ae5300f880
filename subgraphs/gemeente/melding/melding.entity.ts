import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'
import { VerwijzerType } from '../../../shared/ijw/codes'

export enum MeldingStatus {
  ONTVANGEN = 'ONTVANGEN',
  IN_GESPREK = 'IN_GESPREK',
  PLAN_OPGESTELD = 'PLAN_OPGESTELD',
  AFGESLOTEN_ZONDER_PLAN = 'AFGESLOTEN_ZONDER_PLAN',
}
registerEnumType(MeldingStatus, {
  name: 'MeldingStatus',
  valuesConfig: {
    AFGESLOTEN_ZONDER_PLAN: { description: 'The conversation found a solution without paid support.' },
  },
})

@Entity('melding')
@Index(['gemeenteCode', 'status', 'datum'])
// A page of requests (meldingen) in its keyset order: a LIMITed range, not a sort of them all.
@Index(['gemeenteCode', 'datum', 'id'])
@Index(['huishoudenId'])
@ObjectType({ description: 'A request for support (melding) for a household, or for one resident in it.' })
@Directive('@key(fields: "gemeenteCode id")')
export class Melding {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  @Field(() => ID)
  gemeenteCode: string

  @Column({ type: 'varchar', length: 36 })
  huishoudenId: string

  @Column({ type: 'varchar', length: 36, nullable: true })
  inwonerId: string | null

  @Column({ type: 'varchar', length: 2 })
  @Field(() => VerwijzerType, {
    description: 'Who referred: the gemeente itself, a GP, ..., or the court (compulsory youth care).',
  })
  verwijzerType: VerwijzerType

  @Column({ type: 'varchar', length: 200, nullable: true })
  @Field(() => String, { nullable: true })
  verwijzerNaam: string | null

  @Column({ type: 'varchar', length: 2000 })
  @Field(() => String)
  omschrijving: string

  @Column({ type: 'date' })
  @Field(() => Datum)
  datum: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => MeldingStatus)
  status: MeldingStatus
}

export enum GespreksstapSoort {
  EIGEN_KRACHT = 'EIGEN_KRACHT',
  NETWERK = 'NETWERK',
  ALGEMENE_VOORZIENINGEN = 'ALGEMENE_VOORZIENINGEN',
}
registerEnumType(GespreksstapSoort, {
  name: 'GespreksstapSoort',
  description: 'The steps of the conversation, in this order, before paid support.',
  valuesConfig: {
    EIGEN_KRACHT: { description: 'What the resident can do themself.' },
    NETWERK: { description: 'What family and friends can do.' },
    ALGEMENE_VOORZIENINGEN: { description: 'Which general, free provisions help (social work, ...).' },
  },
})

/** The order is the rule: each step may be recorded only after the one before it. */
export const GESPREKSSTAPPEN: readonly GespreksstapSoort[] = [
  GespreksstapSoort.EIGEN_KRACHT,
  GespreksstapSoort.NETWERK,
  GespreksstapSoort.ALGEMENE_VOORZIENINGEN,
]

@Entity('gespreksstap')
@Index(['meldingId', 'stap'], { unique: true })
@ObjectType({ description: 'One recorded step of the conversation after a request.' })
export class Gespreksstap {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 36 })
  meldingId: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => GespreksstapSoort)
  stap: GespreksstapSoort

  @Column({ type: 'varchar', length: 2000 })
  @Field(() => String)
  bevinding: string

  @Column({ type: 'date' })
  @Field(() => Datum)
  datum: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  vastgelegdDoor: string
}
