import { Directive, Field, ID, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'

@Entity('inwoner')
@Index(['gemeenteCode', 'bsn'], { unique: true })
@Index(['gemeenteCode', 'achternaam'])
// With the id: a page of the search is ordered by (zoeknaam, id), SQLite sorts nothing then.
@Index(['gemeenteCode', 'zoeknaam', 'id'])
@Index(['huishoudenId'])
@ObjectType({ description: 'A resident of the gemeente. Personal data: shown only to whoever may see it.' })
@Directive('@key(fields: "gemeenteCode id")')
export class Inwoner {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  @Field(() => ID)
  gemeenteCode: string

  // Nullable: someone the gemeente supports need not (yet) have a BSN (not registered in the BRP),
  // and the synthetic seed runs out of test BSNs long before 10,000 residents per gemeente.
  @Column({ type: 'varchar', length: 9, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Burgerservicenummer, checked with the elfproef; null for a resident without one.',
  })
  bsn: string | null

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  voornamen: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  achternaam: string

  @Column({ type: 'date' })
  @Field(() => Datum)
  geboortedatum: string

  @Column({ type: 'varchar', length: 36 })
  huishoudenId: string

  /** `zoeknaamVan(achternaam, voornamen)`: what the name search compares, on an index. */
  @Column({ type: 'varchar', length: 401, default: '' })
  zoeknaam: string

  // Optional here, so that rows made without the BRP (the seed) need not name them.
  @Column({ type: 'date', nullable: true })
  @Field(() => Datum, {
    nullable: true,
    description:
      'The day the resident moved to another gemeente, per the BRP; null while registered here. ' +
      'Their plan and allocations stay until the new gemeente takes over (woonplaatsbeginsel).',
  })
  verhuisdOp?: string | null

  @Column({ type: 'varchar', length: 4, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'CBS code of the gemeente the resident moved to, per the BRP.',
  })
  verhuisdNaarGemeenteCode?: string | null
}
