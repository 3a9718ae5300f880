import { Column, Entity, PrimaryColumn } from 'typeorm'

/**
 * The raw counts a gemeente sent for the region's figures (TellingKolommen), as JSON in parts
 * of at most DEEL_TEKENS characters: a text column holds 64 KB in MySQL, and at 10,000
 * residents a gemeente's counts are some 150 KB. Kept per version: the newest of each gemeente,
 * and older ones for a minute (a question may name the version before the newest).
 */
@Entity('regio_telling_deel')
export class RegioTellingDeel {
  @PrimaryColumn({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @PrimaryColumn({ type: 'varchar', length: 22 })
  versie: string

  @PrimaryColumn({ type: 'int' })
  volgnummer: number

  @Column({ type: 'text' })
  inhoud: string

  /** When the gemeente last sent this version (ISO, UTC). */
  @Column({ type: 'varchar', length: 30 })
  ontvangenOp: string
}

/** Characters per part: four bytes each at most in utf8mb4, within a text column's 65,535. */
export const DEEL_TEKENS = 16_000
