import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Aanbieder } from '../aanbieder/aanbieder.entity'
import { Specialisatie } from './specialisatie.entity'

@Entity('aanbieder_specialisatie')
@Index(['specialisatieCode', 'agbCode'])
export class AanbiederSpecialisatie {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  agbCode: string

  @PrimaryColumn({ type: 'varchar', length: 10 })
  specialisatieCode: string

  @ManyToOne(() => Aanbieder, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'agbCode' })
  aanbieder?: Aanbieder

  // Restrict: a specialisation still in use cannot leave the controlled list.
  @ManyToOne(() => Specialisatie, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'specialisatieCode' })
  specialisatie?: Specialisatie
}
