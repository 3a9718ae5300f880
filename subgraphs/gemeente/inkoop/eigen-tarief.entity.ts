import { Field, ID, Int, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'
import { Eenheid, Frequentie, Niveau } from '../../../shared/ijw/codes'

/** Almelo's and Hof van Twente's own tariffs, with validity periods like the regional ones. */
@Entity('eigen_tarief')
@Index(['ondersteuningsbehoefteCode', 'niveau', 'geldigVan'])
@ObjectType({
  description:
    'A tariff of a gemeente’s own lot (support need at a level), valid from geldigVan to geldigTot.',
})
export class EigenTarief {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => ID, { name: 'ondersteuningsbehoefte' })
  ondersteuningsbehoefteCode: string

  @Column({ type: 'varchar', length: 1 })
  @Field(() => Niveau)
  niveau: Niveau

  @Column({ type: 'date' })
  @Field(() => Datum)
  geldigVan: string

  @Column({ type: 'date', nullable: true })
  @Field(() => Datum, { nullable: true, description: 'Last day; null while open-ended.' })
  geldigTot: string | null

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Price per unit in eurocents.' })
  bedragCent: number

  @Column({ type: 'varchar', length: 2 })
  @Field(() => Eenheid)
  eenheid: Eenheid

  @Column({ type: 'varchar', length: 1 })
  @Field(() => Frequentie)
  frequentie: Frequentie
}
