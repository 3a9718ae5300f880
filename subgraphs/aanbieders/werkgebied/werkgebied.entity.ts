import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Aanbieder } from '../aanbieder/aanbieder.entity'

// A provider's service area: one row per gemeente it serves. The gemeente itself lives in the
// catalogus subgraph, so the code has no foreign key here.
@Entity('aanbieder_werkgebied')
@Index(['gemeenteCode', 'agbCode'])
export class AanbiederWerkgebied {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  agbCode: string

  @PrimaryColumn({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @ManyToOne(() => Aanbieder, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'agbCode' })
  aanbieder?: Aanbieder
}
