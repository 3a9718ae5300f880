import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import type { Niveau, Wet } from '../../../shared/ijw/codes'

// Only Almelo and Hof van Twente fill these tables: they buy the support for the support
// needs themselves. The other twelve use the regional catalogue and the OZJT contracts.

@Entity('eigen_ondersteuningsbehoefte')
export class EigenOndersteuningsbehoefte {
  @PrimaryColumn({ type: 'varchar', length: 30 })
  code: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 200 })
  naam: string

  @Column({ type: 'varchar', length: 1000 })
  omschrijving: string

  @Column({ type: 'varchar', length: 10 })
  wet: Wet

  @Column({ type: 'simple-array' })
  niveaus: Niveau[]
}

@Entity('eigen_contract')
@Index(['aanbiederAgbCode'])
export class EigenContract {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 8 })
  aanbiederAgbCode: string

  @Column({ type: 'varchar', length: 20 })
  status: 'ACTIEF' | 'GESCHORST' | 'BEEINDIGD'

  @Column({ type: 'date' })
  ingangsdatum: string

  @Column({ type: 'date', nullable: true })
  einddatum: string | null
}

@Entity('eigen_contractperceel')
@Index(['ondersteuningsbehoefteCode', 'niveau'])
export class EigenContractperceel {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  contractId: string

  @PrimaryColumn({ type: 'varchar', length: 30 })
  ondersteuningsbehoefteCode: string

  @PrimaryColumn({ type: 'varchar', length: 1 })
  niveau: Niveau
}
