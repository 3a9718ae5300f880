import { preconditionFailed } from '../../../shared/errors'
import { stateMachine } from '../../../shared/domain/state-machine'
import { VerwijzerType } from '../../../shared/ijw/codes'
import {
  GESPREKSSTAPPEN,
  MeldingStatus,
  type Gespreksstap,
  type GespreksstapSoort,
  type Melding,
} from './melding.entity'

export const meldingStatus = stateMachine<
  MeldingStatus,
  'stapVastleggen' | 'planOpstellen' | 'afsluitenZonderPlan'
>('Melding', {
  stapVastleggen: { from: [MeldingStatus.ONTVANGEN, MeldingStatus.IN_GESPREK, MeldingStatus.PLAN_OPGESTELD] },
  planOpstellen: {
    from: [MeldingStatus.ONTVANGEN, MeldingStatus.IN_GESPREK],
    to: MeldingStatus.PLAN_OPGESTELD,
  },
  afsluitenZonderPlan: { from: [MeldingStatus.IN_GESPREK], to: MeldingStatus.AFGESLOTEN_ZONDER_PLAN },
})

/**
 * Compulsory youth care comes through the court: the judge decided, so the steps of the
 * voluntary conversation (own strength, network, general provisions) are not a condition.
 */
export const isGedwongenKader = (melding: Pick<Melding, 'verwijzerType'>) =>
  melding.verwijzerType === VerwijzerType.RECHTER_OF_JUSTITIE

export const ontbrekendeStappen = (stappen: Pick<Gespreksstap, 'stap'>[]): GespreksstapSoort[] =>
  GESPREKSSTAPPEN.filter((s) => !stappen.some((x) => x.stap === s))

/** Paid, indicated support only after the three steps, in that order; the error names the first missing one. */
export function vereisStappenVoltooid(melding: Melding, stappen: Pick<Gespreksstap, 'stap'>[]) {
  if (isGedwongenKader(melding)) return
  const ontbrekend = ontbrekendeStappen(stappen)
  if (ontbrekend.length) {
    throw preconditionFailed(
      `Eerst het gesprek afronden: stap ${ontbrekend[0]} is nog niet vastgelegd (ontbreekt: ${ontbrekend.join(', ')}).`,
      { ontbrekendeStap: ontbrekend[0], ontbrekendeStappen: ontbrekend },
    )
  }
}
