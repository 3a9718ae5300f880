import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'
import { Eenheid } from '../../../shared/ijw/codes'

// Shaped after the iJw/iWmo declaration (323) and its answer (325): a declaration per allocation
// and month, lines (prestaties) with delivered volume, unit, tariff and amount, each accepted or
// refused. The standard's retourcodes are not used: a refusal carries its reason in words.

export enum RegelStatus {
  INGEDIEND = 'INGEDIEND',
  TOEGEKEND = 'TOEGEKEND',
  AFGEWEZEN = 'AFGEWEZEN',
}
registerEnumType(RegelStatus, {
  name: 'DeclaratieRegelStatus',
  valuesConfig: {
    INGEDIEND: { description: 'Declared by the provider; the gemeente has not judged it yet.' },
    TOEGEKEND: { description: 'Accepted: paid, within the allocation’s budget.' },
    AFGEWEZEN: { description: 'Refused, with a reason; the provider may declare the product again.' },
  },
})

@Entity('declaratie')
@Index(['gemeenteCode', 'toewijzingId', 'periode'], { unique: true })
// A page of declarations (declaraties) in its keyset order, the staff's and a provider's own.
@Index(['gemeenteCode', 'periode', 'id'])
@Index(['gemeenteCode', 'aanbiederAgbCode', 'periode', 'id'])
@ObjectType({
  description:
    'What a provider declares for one allocation and one month (after the iJw/iWmo 323), priced ' +
    'at the tariffs stored with the allocation.',
})
export class Declaratie {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 36 })
  toewijzingId: string

  @Column({ type: 'varchar', length: 8 })
  aanbiederAgbCode: string

  @Column({ type: 'varchar', length: 7 })
  @Field(() => String, { description: 'The month declared, as YYYY-MM.' })
  periode: string

  @Column({ type: 'date' })
  @Field(() => Datum, { description: 'First day of the month within the allocation.' })
  begindatum: string

  @Column({ type: 'date' })
  @Field(() => Datum, { description: 'Last day of the month within the allocation.' })
  einddatum: string

  @Column({ type: 'date' })
  @Field(() => Datum, { description: 'The day the provider last declared lines in it.' })
  ingediendOp: string

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Raised by every change: judging names the version read.' })
  versie: number
}

@Entity('declaratie_regel')
@Index(['declaratieId'])
@ObjectType({ description: 'One product declared (prestatie): the support itself, or a module.' })
export class DeclaratieRegel {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 36 })
  declaratieId: string

  @Column({ type: 'varchar', length: 20, nullable: true })
  moduleCode: string | null

  @Column({ type: 'int' })
  @Field(() => Int, {
    description: 'Delivered volume, in the unit: hours for level A, monthly output for B-D, module units.',
  })
  volume: number

  @Column({ type: 'varchar', length: 2 })
  @Field(() => Eenheid)
  eenheid: Eenheid

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'The tariff stored with the allocation, in eurocents per unit.' })
  tariefCent: number

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'volume × tariefCent: computed here, never sent by the provider.' })
  bedragCent: number

  @Column({ type: 'varchar', length: 20 })
  @Field(() => RegelStatus)
  status: RegelStatus

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why the gemeente accepted or refused it.' })
  reden: string | null

  @Column({ type: 'date', nullable: true })
  @Field(() => Datum, { nullable: true })
  beoordeeldOp: string | null
}
