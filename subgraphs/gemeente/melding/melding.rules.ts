import type { Voorwaarde } from '../../../shared/domain/preconditions'
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

/** A step of the conversation, against the steps already recorded. */
export interface StapFeiten {
  stap: GespreksstapSoort
  stappen: Pick<Gespreksstap, 'stap'>[]
}

/** The steps go in order; the error names the step to record first. */
export const stapVoorwaarden: readonly Voorwaarde<StapFeiten>[] = [
  {
    ontbreekt: 'vorigeStap',
    geldt: (f) => f.stap === ontbrekendeStappen(f.stappen)[0],
    melding: (f) =>
      `Eerst stap ${ontbrekendeStappen(f.stappen)[0]} vastleggen: ` +
      `de stappen gaan in volgorde ${GESPREKSSTAPPEN.join(', ')}.`,
    details: (f) => ({ ontbrekendeStap: ontbrekendeStappen(f.stappen)[0] }),
  },
]

/** A request and the steps of its conversation recorded so far. */
export interface GesprekFeiten {
  melding: Pick<Melding, 'verwijzerType'>
  stappen: Pick<Gespreksstap, 'stap'>[]
}

/**
 * Paid, indicated support only after the three steps (not for compulsory youth care: the court
 * decided); the error names the first missing step and all of them.
 */
export const gesprekVoorwaarden: readonly Voorwaarde<GesprekFeiten>[] = [
  {
    ontbreekt: 'afgerondGesprek',
    geldt: (f) => isGedwongenKader(f.melding) || ontbrekendeStappen(f.stappen).length === 0,
    melding: (f) => {
      const ontbrekend = ontbrekendeStappen(f.stappen)
      return (
        `Eerst het gesprek afronden: stap ${ontbrekend[0]} is nog niet vastgelegd ` +
        `(ontbreekt: ${ontbrekend.join(', ')}).`
      )
    },
    details: (f) => {
      const ontbrekend = ontbrekendeStappen(f.stappen)
      return { ontbrekendeStap: ontbrekend[0], ontbrekendeStappen: ontbrekend }
    },
  },
]
