import { Column, Entity, PrimaryColumn } from 'typeorm'

/**
 * Counters handed out under a row lock: ToewijzingNummer must be unique within the gemeente
 * and never reused, also when two allocations are made at the same moment.
 */
@Entity('volgnummer')
export class Volgnummer {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  naam: string

  @Column({ type: 'int' })
  waarde: number
}
