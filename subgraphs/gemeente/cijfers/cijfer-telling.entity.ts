import { Column, Entity, PrimaryColumn } from 'typeorm'

/**
 * The figures' summary: one additive count (and amount) per kind, key and month, kept up to date
 * in the transaction of every change it counts (telMee), so that reading the figures costs the
 * same however many residents, plans and allocations there are. Rebuilt from the raw rows by
 * herbouwCijfers. A stock (active plans) has maand ''.
 */
@Entity('cijfer_telling')
export class CijferTelling {
  @PrimaryColumn({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @PrimaryColumn({ type: 'varchar', length: 40 })
  soort: string

  @PrimaryColumn({ type: 'varchar', length: 120 })
  sleutel: string

  @PrimaryColumn({ type: 'varchar', length: 7 })
  maand: string

  @Column({ type: 'int' })
  aantal: number

  @Column({ type: 'bigint' })
  bedragCent: number
}
