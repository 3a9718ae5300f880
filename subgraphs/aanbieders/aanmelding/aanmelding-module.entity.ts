import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Aanmelding } from './aanmelding.entity'

// The regional modules applied for. The module lives in the catalogus subgraph: no foreign key.
@Entity('aanmelding_module')
export class AanmeldingModule {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  aanmeldingId: string

  @PrimaryColumn({ type: 'varchar', length: 20 })
  moduleCode: string

  @ManyToOne(() => Aanmelding, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'aanmeldingId' })
  aanmelding?: Aanmelding
}
