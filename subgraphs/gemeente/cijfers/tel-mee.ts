import type { EntityManager } from 'typeorm'
import { tellingenVoor, voegSamen, type Gebeurtenis, type Telling } from './gebeurtenis'

const KOLOMMEN = '(gemeenteCode, soort, sleutel, maand, aantal, bedragCent)'

/**
 * Counts events in the figures' summary, in the caller's transaction: the change and its count
 * commit or roll back together. One upsert statement that adds to the rows (never read, then
 * write), with the rows in a fixed order so that two transactions lock them in the same order.
 */
export async function telMee(
  tx: EntityManager,
  gemeenteCode: string,
  ...gebeurtenissen: Gebeurtenis[]
): Promise<void> {
  await schrijfTellingen(tx, gemeenteCode, voegSamen(gebeurtenissen.flatMap(tellingenVoor)))
}

/** Adds these changes to the summary rows (creating missing ones). */
export async function schrijfTellingen(tx: EntityManager, gemeenteCode: string, tellingen: Telling[]) {
  const mysql = tx.connection.options.type !== 'better-sqlite3'
  const bijtellen = mysql
    ? 'ON DUPLICATE KEY UPDATE aantal = aantal + VALUES(aantal), bedragCent = bedragCent + VALUES(bedragCent)'
    : 'ON CONFLICT (gemeenteCode, soort, sleutel, maand) DO UPDATE SET ' +
      'aantal = aantal + excluded.aantal, bedragCent = bedragCent + excluded.bedragCent'
  // Chunked: SQLite limits the number of bound parameters in one statement.
  for (let i = 0; i < tellingen.length; i += 150) {
    const deel = tellingen.slice(i, i + 150)
    const waarden = deel.flatMap((t) => [gemeenteCode, t.soort, t.sleutel, t.maand, t.aantal, t.bedragCent])
    await tx.query(
      `INSERT INTO cijfer_telling ${KOLOMMEN} VALUES ${deel.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ${bijtellen}`,
      waarden,
    )
  }
}
