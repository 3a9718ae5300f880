import { Field, ID, Int, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'
import { Eenheid, Frequentie, Niveau } from '../../../shared/ijw/codes'
import { Datum } from '../../../shared/graphql/scalars'

@Entity('tarief')
@Index(['ondersteuningsbehoefteCode', 'niveau', 'geldigVan'])
@Index(['moduleCode', 'geldigVan'])
@ObjectType({ description: 'A price for a support need at a level, or for a module, valid in one period.' })
export class Tarief {
  @PrimaryGeneratedColumn({ type: 'int' })
  @Field(() => ID)
  id: number

  @Column({ type: 'varchar', length: 20, nullable: true })
  ondersteuningsbehoefteCode: string | null

  @Column({ type: 'varchar', length: 1, nullable: true })
  @Field(() => Niveau, { nullable: true })
  niveau: Niveau | null

  @Column({ type: 'varchar', length: 20, nullable: true })
  moduleCode: string | null

  @Column({ type: 'date' })
  @Field(() => Datum)
  geldigVan: string

  @Column({ type: 'date', nullable: true })
  @Field(() => Datum, { nullable: true, description: 'Last day of validity; null while open-ended.' })
  geldigTot: string | null

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Amount in eurocents per unit and frequency.' })
  bedragCent: number

  @Column({ type: 'varchar', length: 2 })
  @Field(() => Eenheid)
  eenheid: Eenheid

  @Column({ type: 'varchar', length: 1 })
  @Field(() => Frequentie)
  frequentie: Frequentie
}

/** Whether a tariff is in force on a date (both ends inclusive). */
export const geldigOp = (tarief: Pick<Tarief, 'geldigVan' | 'geldigTot'>, datum: string) =>
  tarief.geldigVan <= datum && (tarief.geldigTot === null || datum <= tarief.geldigTot)
