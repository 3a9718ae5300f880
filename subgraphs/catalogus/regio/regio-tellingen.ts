import type { DataSource } from 'typeorm'
import {
  tellingVersie,
  uitKolommen,
  type RuweTelling,
  type TellingKolommen,
} from '../../../shared/graphql/cijfers'
import { insertRows } from '../../../shared/db/insert-rows'
import { createLogger, type Logger } from '../../../shared/log'
import { DEEL_TEKENS } from './regio-telling-deel.entity'

type Kolommen = Omit<TellingKolommen, 'gemeenteCode' | 'versie'>

/**
 * How long an older version stays beside the newest of a gemeente: a question names the version
 * its gemeente sent a moment before the catalogue computes, and another question may have sent
 * a newer one meanwhile.
 */
const OUDE_VERSIE_MS = 60_000

/**
 * The raw counts the gemeenten sent (see TellingenNaarRegio), by gemeente and version, in the
 * catalogue's database, so that every replica and a restart find them, and the last of each
 * gemeente in memory.
 *
 * Written with plain statements, outside a transaction: the catalogue's data version (which
 * tells the gateway its cached catalogue entities changed, R29) counts the ORM's writes and
 * commits, and a gemeente's counts change nothing the gateway caches. One multi-row INSERT
 * holds a version's parts: a reader sees all of them or none.
 */
export class RegioTellingen {
  private readonly laatste = new Map<string, TellingKolommen>()

  constructor(
    private readonly db: DataSource,
    private readonly log: Logger = createLogger('catalogus'),
    private readonly deelTekens = DEEL_TEKENS,
  ) {}

  async bewaar(kolommen: TellingKolommen): Promise<void> {
    const { gemeenteCode, versie, sleutels, maanden, rijen } = kolommen
    const tekst = JSON.stringify({ sleutels, maanden, rijen } satisfies Kolommen)
    const ontvangenOp = new Date().toISOString()
    const delen = Array.from({ length: Math.ceil(tekst.length / this.deelTekens) }, (_, volgnummer) => ({
      gemeenteCode,
      versie,
      volgnummer,
      inhoud: tekst.slice(volgnummer * this.deelTekens, (volgnummer + 1) * this.deelTekens),
      ontvangenOp,
    }))
    // The same version again (sent again after a minute, or by two questions at once): its date
    // only. All parts in one statement.
    await insertRows(
      this.db,
      'regio_telling_deel',
      ['gemeenteCode', 'versie', 'volgnummer', 'inhoud', 'ontvangenOp'],
      delen,
      delen.length,
      { key: ['gemeenteCode', 'versie', 'volgnummer'], update: ['ontvangenOp'] },
    )
    await this.db.query(
      'DELETE FROM regio_telling_deel WHERE gemeenteCode = ? AND versie <> ? AND ontvangenOp < ?',
      [gemeenteCode, versie, new Date(Date.now() - OUDE_VERSIE_MS).toISOString()],
    )
    this.laatste.set(gemeenteCode, kolommen)
  }

  /**
   * The counts of these versions, and the gemeenten whose version is not here (sent to another
   * catalogue, or removed since): those are left out of the figures.
   */
  async neem(
    delen: { gemeenteCode: string; versie: string }[],
  ): Promise<{ tellingen: RuweTelling[]; ontbrekend: string[] }> {
    const gevonden = new Map<string, TellingKolommen>()
    for (const deel of delen) {
      const bewaard = this.laatste.get(deel.gemeenteCode)
      if (bewaard?.versie === deel.versie) gevonden.set(deel.gemeenteCode, bewaard)
    }
    const teLezen = delen.filter((deel) => !gevonden.has(deel.gemeenteCode))
    for (const kolommen of await this.lees(teLezen)) gevonden.set(kolommen.gemeenteCode, kolommen)
    const ontbrekend = delen.filter((deel) => !gevonden.has(deel.gemeenteCode)).map((d) => d.gemeenteCode)
    if (ontbrekend.length) this.log.warn({ ontbrekend }, 'counts named by a gemeente are not here')
    return { tellingen: [...gevonden.values()].flatMap(uitKolommen), ontbrekend }
  }

  private async lees(delen: { gemeenteCode: string; versie: string }[]): Promise<TellingKolommen[]> {
    if (!delen.length) return []
    const rijen: { gemeenteCode: string; versie: string; inhoud: string }[] = await this.db.query(
      `SELECT gemeenteCode, versie, inhoud FROM regio_telling_deel WHERE ${delen
        .map(() => '(gemeenteCode = ? AND versie = ?)')
        .join(' OR ')} ORDER BY gemeenteCode, versie, volgnummer`,
      delen.flatMap((deel) => [deel.gemeenteCode, deel.versie]),
    )
    const teksten = new Map<string, { gemeenteCode: string; versie: string; tekst: string }>()
    for (const rij of rijen) {
      const k = `${rij.gemeenteCode}:${rij.versie}`
      const t = teksten.get(k)
      if (t) t.tekst += rij.inhoud
      else teksten.set(k, { gemeenteCode: rij.gemeenteCode, versie: rij.versie, tekst: rij.inhoud })
    }
    const uit: TellingKolommen[] = []
    for (const { gemeenteCode, versie, tekst } of teksten.values()) {
      const kolommen = { gemeenteCode, versie, ...(JSON.parse(tekst) as Kolommen) }
      // The version is a hash of the counts: parts that do not add up to it are not used.
      if (tellingVersie(kolommen) !== versie) {
        this.log.error({ gemeenteCode, versie }, 'stored counts do not match their version')
        continue
      }
      this.laatste.set(gemeenteCode, kolommen)
      uit.push(kolommen)
    }
    return uit
  }
}
