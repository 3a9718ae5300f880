import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'
import type { Eenheid, Frequentie, Niveau } from '../../../shared/ijw/codes'

/** Almelo's and Hof van Twente's own tariffs, with validity periods like the regional ones. */
@Entity('eigen_tarief')
@Index(['ondersteuningsbehoefteCode', 'niveau', 'geldigVan'])
export class EigenTarief {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 30 })
  ondersteuningsbehoefteCode: string

  @Column({ type: 'varchar', length: 1 })
  niveau: Niveau

  @Column({ type: 'date' })
  geldigVan: string

  @Column({ type: 'date', nullable: true })
  geldigTot: string | null

  @Column({ type: 'int' })
  bedragCent: number

  @Column({ type: 'varchar', length: 2 })
  eenheid: Eenheid

  @Column({ type: 'varchar', length: 1 })
  frequentie: Frequentie
}
