import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

// What gemeenten report to the registry, without persons. The primary key is the message id
// the gemeente chose: a message delivered twice is applied once.

@Entity('uitkomstmelding')
@Index(['agbCode', 'ondersteuningsbehoefteCode', 'niveau'])
export class Uitkomstmelding {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 8 })
  agbCode: string

  @Column({ type: 'varchar', length: 30 })
  ondersteuningsbehoefteCode: string

  /** As the gemeente wrote it: Almelo's and Hof van Twente's own needs are in no regional list. */
  @Column({ type: 'varchar', length: 200 })
  naam: string

  @Column({ type: 'varchar', length: 1 })
  niveau: string

  @Column({ type: 'date' })
  afgeslotenOp: string

  @Column({ type: 'int' })
  behaald: number

  @Column({ type: 'int' })
  deelsBehaald: number

  @Column({ type: 'int' })
  nietBehaald: number

  @Column({ type: 'varchar', length: 30 })
  ontvangenOp: string
}

@Entity('waardering')
@Index(['agbCode'])
export class Waardering {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 8 })
  agbCode: string

  @Column({ type: 'int' })
  score: number

  @Column({ type: 'varchar', length: 1000, nullable: true })
  toelichting: string | null

  @Column({ type: 'date' })
  datum: string

  @Column({ type: 'varchar', length: 30 })
  ontvangenOp: string
}
