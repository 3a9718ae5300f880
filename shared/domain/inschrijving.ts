import { AanmeldingStatus, ContractStatus, VEREISTE_KWALITEITSBEWIJZEN } from '../graphql/inschrijving'
import type { KwaliteitsbewijsSoort } from '../graphql/inschrijving'
import type { Voorwaarde } from './preconditions'
import { stateMachine } from './state-machine'

// The rules of continuous enrolment, shared by the OZJT registry and the gemeenten with their
// own procurement: the same steps, the same proofs, the same codes in every refusal.

export type AanmeldingActie =
  'inBehandelingNemen' | 'kwaliteitsbewijsVastleggen' | 'toekennen' | 'afwijzen' | 'intrekken'

export const aanmeldingStatus = stateMachine<AanmeldingStatus, AanmeldingActie>('Aanmelding', {
  inBehandelingNemen: { from: [AanmeldingStatus.INGEDIEND], to: AanmeldingStatus.IN_BEHANDELING },
  kwaliteitsbewijsVastleggen: {
    from: [AanmeldingStatus.IN_BEHANDELING],
    to: AanmeldingStatus.IN_BEHANDELING,
  },
  toekennen: { from: [AanmeldingStatus.IN_BEHANDELING], to: AanmeldingStatus.TOEGEKEND },
  afwijzen: { from: [AanmeldingStatus.IN_BEHANDELING], to: AanmeldingStatus.AFGEWEZEN },
  intrekken: { from: [AanmeldingStatus.INGEDIEND], to: AanmeldingStatus.INGETROKKEN },
})

export const contractStatus = stateMachine<ContractStatus, 'schorsen' | 'herstellen' | 'beeindigen'>(
  'Contract',
  {
    schorsen: { from: [ContractStatus.ACTIEF], to: ContractStatus.GESCHORST },
    herstellen: { from: [ContractStatus.GESCHORST], to: ContractStatus.ACTIEF },
    beeindigen: { from: [ContractStatus.ACTIEF, ContractStatus.GESCHORST], to: ContractStatus.BEEINDIGD },
  },
)

/** What the proofs of a grant are checked against: the proofs recorded and the decision day. */
export interface BewijsFeiten {
  bewijzen: { soort: KwaliteitsbewijsSoort; geldigTot: string }[]
  besluitdatum: string
}

const geldigOp = (f: BewijsFeiten, soort: KwaliteitsbewijsSoort) =>
  f.bewijzen.some((b) => b.soort === soort && b.geldigTot >= f.besluitdatum)

// One sentence for every proof that stands in the way, whichever rule fails first: the one
// deciding asks the provider for all of them at once.
function bewijzenMelding(f: BewijsFeiten): string {
  const ontbreekt = VEREISTE_KWALITEITSBEWIJZEN.filter((s) => !f.bewijzen.some((b) => b.soort === s))
  const verlopen = VEREISTE_KWALITEITSBEWIJZEN.filter((s) => !ontbreekt.includes(s) && !geldigOp(f, s))
  const delen = [
    ontbreekt.length ? `ontbreekt: ${ontbreekt.join(', ')}` : null,
    verlopen.length ? `verlopen op ${f.besluitdatum}: ${verlopen.join(', ')}` : null,
  ].filter(Boolean)
  return `De aanmelding kan niet worden toegekend; kwaliteitsbewijs ${delen.join('; ')}.`
}

/** Each required kind of proof, recorded and valid on the decision day (`ontbreekt` is the kind: VOG). */
export const bewijsVoorwaarden: readonly Voorwaarde<BewijsFeiten>[] = VEREISTE_KWALITEITSBEWIJZEN.map(
  (soort) => ({
    ontbreekt: soort,
    geldt: (f: BewijsFeiten) => geldigOp(f, soort),
    melding: bewijzenMelding,
  }),
)

/** Whether a contract offers a choice on `datum`: active, and running on that day. */
export const contractLoopt = (
  c: { status: ContractStatus | string; ingangsdatum: string; einddatum: string | null },
  datum: string,
) =>
  c.status === ContractStatus.ACTIEF &&
  c.ingangsdatum <= datum &&
  (c.einddatum === null || datum <= c.einddatum)
