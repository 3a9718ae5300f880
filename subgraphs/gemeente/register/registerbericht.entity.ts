import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

export type RegisterberichtSoort = 'UITKOMST' | 'WAARDERING' | 'CONTRACT'

/**
 * The outbox towards the provider registry. A message is written in the same transaction as
 * the change it reports, so it cannot be lost; a deliverer sends it until the registry has
 * it, and the registry applies each id once. Messages carry no personal data.
 */
@Entity('registerbericht')
@Index(['bezorgdOp', 'aangemaaktOp'])
export class Registerbericht {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string

  @Column({ type: 'varchar', length: 20 })
  soort: RegisterberichtSoort

  /** The message as the registry receives it, JSON. */
  @Column({ type: 'text' })
  inhoud: string

  @Column({ type: 'varchar', length: 30 })
  aangemaaktOp: string

  @Column({ type: 'varchar', length: 30, nullable: true })
  bezorgdOp: string | null

  /** Set when the registry refused the message: it is parked for a person, not sent again. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  geweigerdOp: string | null

  @Column({ type: 'int', default: 0 })
  pogingen: number

  @Column({ type: 'varchar', length: 500, nullable: true })
  laatsteFout: string | null
}

/** A resident rates a provider once per ended allocation: the key makes "once" hold under races too. */
@Entity('waardering')
export class Waardering {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  toewijzingId: string

  @Column({ type: 'varchar', length: 36 })
  berichtId: string
}
