import { Column, Entity, PrimaryColumn } from 'typeorm'

/**
 * The first answer to each mutation, by the caller's idempotency key. A retried call with the
 * same key gets this answer back and writes nothing again.
 */
@Entity('idempotentie')
export class Idempotentie {
  /** Who called and which mutation: keys are the caller's own, not global. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  scope: string

  @PrimaryColumn({ type: 'varchar', length: 100 })
  sleutel: string

  /** A hash of the input, so that a key reused for another request is refused, not replayed. */
  @Column({ type: 'varchar', length: 64 })
  invoerHash: string

  @Column({ type: 'text' })
  antwoord: string

  @Column({ type: 'varchar', length: 30 })
  aangemaaktOp: string
}
