import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'
import { Eenheid, Frequentie, Productcategorie } from '../../../shared/ijw/codes'

export enum ToewijzingStatus {
  TOEGEWEZEN = 'TOEGEWEZEN',
  GESTART = 'GESTART',
  BEEINDIGD = 'BEEINDIGD',
  INGETROKKEN = 'INGETROKKEN',
}
registerEnumType(ToewijzingStatus, {
  name: 'ToewijzingStatus',
  valuesConfig: {
    TOEGEWEZEN: { description: 'Sent to the provider (301); care not yet started.' },
    GESTART: { description: 'The provider confirmed the start of care (305).' },
    BEEINDIGD: {
      description:
        'Ended: the provider confirmed the stop of care (307), or the gemeente ended it or replaced it ' +
        'after a change of the plan (redenBeeindiging says why).',
    },
    INGETROKKEN: { description: 'Withdrawn (reason 13) and, where needed, replaced by a new one.' },
  },
})

@ObjectType({ description: 'iJw/iWmo Omvang: volume, unit and frequency.' })
export class Omvang {
  @Field(() => Int)
  volume: number

  @Field(() => Eenheid)
  eenheid: Eenheid

  @Field(() => Frequentie)
  frequentie: Frequentie
}

@Entity('toewijzing')
@Index(['gemeenteCode', 'toewijzingNummer'], { unique: true })
@Index(['aanbiederAgbCode', 'status'])
// A provider's page of allocations (Aanbieder.toewijzingenPerGemeente) in its keyset order.
@Index(['gemeenteCode', 'aanbiederAgbCode', 'ingangsdatum', 'id'])
// The gemeente's page of allocations (toewijzingen) in the same order.
@Index(['gemeenteCode', 'ingangsdatum', 'id'])
@Index(['planId'])
@ObjectType({ description: 'An allocation (toewijzing, iJw/iWmo 301) of support to a provider.' })
@Directive('@key(fields: "gemeenteCode id")')
export class Toewijzing {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  @Field(() => ID)
  gemeenteCode: string

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'ToewijzingNummer, unique within the gemeente (at most 999999999).' })
  toewijzingNummer: number

  @Column({ type: 'varchar', length: 36 })
  planId: string

  @Column({ type: 'varchar', length: 36 })
  behoefteId: string

  @Column({ type: 'varchar', length: 36 })
  inwonerId: string

  @Column({ type: 'varchar', length: 8 })
  aanbiederAgbCode: string

  @Column({ type: 'varchar', length: 20 })
  @Field(() => ToewijzingStatus)
  status: ToewijzingStatus

  @Column({ type: 'varchar', length: 2 })
  @Field(() => Productcategorie)
  productcategorie: Productcategorie

  @Column({ type: 'varchar', length: 5, nullable: true })
  @Field(() => String, { nullable: true })
  productcode: string | null

  @Column({ type: 'date' })
  @Field(() => Datum)
  ingangsdatum: string

  @Column({ type: 'date' })
  @Field(() => Datum)
  einddatum: string

  @Column({ type: 'int' })
  volume: number

  @Column({ type: 'varchar', length: 2 })
  eenheid: Eenheid

  @Column({ type: 'varchar', length: 1 })
  frequentie: Frequentie

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description:
      'The need’s tariff in force on the start date, in eurocents per unit: what a declaration is ' +
      'priced at. Null on allocations made before tariffs were stored with them.',
  })
  tariefCent: number | null

  @Column({ type: 'int' })
  @Field(() => Int, {
    description:
      'Budget in eurocents (at most 99999999): the need’s tariff over the period plus every module’s amount.',
  })
  budgetCent: number

  // Kept on the row, in the transaction that changes them, so that accepting a declaration can
  // check the budget in one guarded update (no two acceptances pass it together).
  @Column({ type: 'int', default: 0 })
  @Field(() => Int, {
    description: 'Eurocents declared by the provider, accepted or not (refused lines excluded).',
  })
  gedeclareerdCent: number

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Eurocents the gemeente accepted: what this allocation cost so far.' })
  toegekendCent: number

  @Column({ type: 'varchar', length: 36, nullable: true })
  @Field(() => String, { nullable: true, description: 'ReferentieAanbieder, at most 36 characters.' })
  referentieAanbieder: string | null

  @Column({ type: 'varchar', length: 1000, nullable: true })
  @Field(() => String, { nullable: true })
  commentaar: string | null

  @Column({ type: 'varchar', length: 2, nullable: true })
  @Field(() => String, { nullable: true, description: 'RedenWijziging; 13 when withdrawn as wrong.' })
  redenWijziging: string | null

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'Why the gemeente ended this allocation (toewijzingBeeindigen, or a change of the plan that ' +
      'replaced it), in words: no code of the message standard fits these cases. Null when the ' +
      'provider reported the stop.',
  })
  redenBeeindiging?: string | null

  @Column({ type: 'varchar', length: 36, nullable: true })
  vervangtToewijzingId: string | null

  /** The day the 301 was made (for the figures); null on rows made before it was kept. */
  @Column({ type: 'date', nullable: true })
  toegewezenOp?: string | null

  /** The start of care the provider confirmed (305): months are declared from it, and the figures count it. */
  @Column({ type: 'date', nullable: true })
  @Field(() => Datum, {
    name: 'zorgGestartOp',
    nullable: true,
    description:
      'The start of care the provider confirmed (zorgGestart); months are declared from it. Null until then.',
  })
  gestartOp?: string | null
}

/**
 * A regional module on an allocation, with its volume and the module's tariff in force on the
 * allocation's start date. The price columns are null only on lines made before modules were
 * priced: such a line cannot be declared.
 */
@Entity('toewijzing_module')
@Index(['toewijzingId'])
@ObjectType({ description: 'A regional module allocated with the support: its volume, tariff and amount.' })
export class ToewijzingModule {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  toewijzingId: string

  @PrimaryColumn({ type: 'varchar', length: 20 })
  moduleCode: string

  @Column({ type: 'int', nullable: true })
  volume: number | null

  @Column({ type: 'varchar', length: 2, nullable: true })
  eenheid: Eenheid | null

  @Column({ type: 'varchar', length: 1, nullable: true })
  frequentie: Frequentie | null

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'The module’s tariff on the start date, eurocents per unit.',
  })
  tariefCent: number | null

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'Tariff × volume over the allocation’s period, in eurocents.',
  })
  bedragCent: number | null
}
