import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Aanmelding } from './aanmelding.entity'

// The gemeenten applied for, by CBS code. The gemeente lives in the catalogus subgraph: no foreign key.
@Entity('aanmelding_gemeente')
export class AanmeldingGemeente {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  aanmeldingId: string

  @PrimaryColumn({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @ManyToOne(() => Aanmelding, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'aanmeldingId' })
  aanmelding?: Aanmelding
}
