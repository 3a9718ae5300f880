import { gemeentesysteem, serviceTokenSource, type AuthConfig } from '../../../shared/auth/identity'
import { deadlineExceeded, dependencyUnavailable } from '../../../shared/errors'
import { REGIO_TELLINGEN_PATH, type TellingKolommen } from '../../../shared/graphql/cijfers'
import { createLogger, type Logger } from '../../../shared/log'

export interface NaarRegioOpties {
  gemeenteCode: string
  catalogusUrl: string
  auth: AuthConfig
  log?: Logger
  /** How long one send may take: well within a request's deadline (EXECUTION_TIMEOUT_MS, 4.5 s). */
  timeoutMs?: number
  /** How long a version the catalogue confirmed is believed held there (see TellingenNaarRegio). */
  bevestigdMs?: number
}

/**
 * Sends this gemeente's raw counts to the catalogue, straight and only when they changed, so
 * that the gateway carries a version instead of the counts (see RuweTellingen). A question
 * for the region's figures waits for it: the figures include every change made before it.
 *
 * A version the catalogue confirmed is sent again after `bevestigdMs` (a minute), so that a
 * catalogue that lost it (a restored database) has it again within that time. Signed with this
 * gemeente's own key, for the catalogue only: it believes counts only from their gemeente.
 */
export class TellingenNaarRegio {
  private bevestigd: { versie: string; tot: number } | null = null
  /** A version being sent: questions that arrive meanwhile wait for the same send. */
  private readonly onderweg = new Map<string, Promise<void>>()
  private readonly token: () => Promise<string>
  private readonly log: Logger

  constructor(private readonly opties: NaarRegioOpties) {
    this.token = serviceTokenSource(gemeentesysteem(opties.gemeenteCode), opties.auth, 'catalogus')
    this.log = opties.log ?? createLogger('gemeente', { gemeente: opties.gemeenteCode })
  }

  /**
   * Resolves once the catalogue holds these counts; DEPENDENCY_UNAVAILABLE when it cannot take
   * them. A request whose `signal` aborts (its deadline, its caller gone) stops waiting, without
   * stopping the send that other questions may be waiting for.
   */
  async zorgDatRegioHeeft(kolommen: TellingKolommen, signal?: AbortSignal): Promise<void> {
    const { versie } = kolommen
    if (this.bevestigd?.versie === versie && this.bevestigd.tot > Date.now()) return
    let stuur = this.onderweg.get(versie)
    if (!stuur) {
      stuur = this.stuur(kolommen).finally(() => this.onderweg.delete(versie))
      this.onderweg.set(versie, stuur)
    }
    if (!signal) return stuur
    if (signal.aborted) throw deadlineExceeded()
    let opgegeven = () => {}
    const afgebroken = new Promise<never>((_, reject) => {
      opgegeven = () => reject(deadlineExceeded())
      signal.addEventListener('abort', opgegeven, { once: true })
    })
    try {
      await Promise.race([stuur, afgebroken])
    } finally {
      signal.removeEventListener('abort', opgegeven)
    }
  }

  private async stuur(kolommen: TellingKolommen): Promise<void> {
    let status: number
    try {
      const antwoord = await fetch(new URL(REGIO_TELLINGEN_PATH, this.opties.catalogusUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token()}` },
        body: JSON.stringify(kolommen),
        signal: AbortSignal.timeout(this.opties.timeoutMs ?? 2_000),
      })
      status = antwoord.status
      await antwoord.arrayBuffer()
    } catch (err) {
      this.log.warn({ err }, 'the catalogue did not take the counts')
      throw dependencyUnavailable('catalogus')
    }
    if (status !== 200) {
      this.log.warn({ status }, 'the catalogue refused the counts')
      throw dependencyUnavailable('catalogus')
    }
    this.bevestigd = { versie: kolommen.versie, tot: Date.now() + (this.opties.bevestigdMs ?? 60_000) }
  }
}
