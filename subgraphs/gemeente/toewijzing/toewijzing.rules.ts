import type { Voorwaarde } from '../../../shared/domain/preconditions'
import { stateMachine } from '../../../shared/domain/state-machine'
import type { Tariefinfo } from '../inkoop/inkoop'
import type { PlanBehoefte } from '../plan/behoefte.entity'
import { ToewijzingStatus, type Toewijzing } from './toewijzing.entity'

/** 301 allocates; 305 and 307 confirm start and stop of care; a wrong one is withdrawn (reason 13). */
export const toewijzingStatus = stateMachine<ToewijzingStatus, 'starten' | 'beeindigen' | 'intrekken'>(
  'Toewijzing',
  {
    starten: { from: [ToewijzingStatus.TOEGEWEZEN], to: ToewijzingStatus.GESTART },
    beeindigen: { from: [ToewijzingStatus.GESTART], to: ToewijzingStatus.BEEINDIGD },
    intrekken: { from: [ToewijzingStatus.TOEGEWEZEN], to: ToewijzingStatus.INGETROKKEN },
  },
)

export const REDEN_INTREKKING = '13'
export const MAX_TOEWIJZINGNUMMER = 999_999_999

/** What an allocation is checked against: the need, the start date, and the region's answers. */
export interface ToewijzingFeiten {
  behoefte: Pick<PlanBehoefte, 'code' | 'niveau' | 'gekozenAanbiederAgbCode'>
  ingangsdatum: string
  regionaal: { gecontracteerd: string[]; tarief: Tariefinfo | null }
}

/**
 * What an allocation needs beyond an active plan and a finished conversation (the plan's state
 * machine and gesprekVoorwaarden in melding.rules.ts): the resident's choice of provider, that
 * provider's contract on the start date, and a tariff in force then. No tariff, no allocation.
 */
export const toewijzingVoorwaarden: readonly Voorwaarde<ToewijzingFeiten>[] = [
  {
    ontbreekt: 'gekozenAanbieder',
    geldt: (f) => !!f.behoefte.gekozenAanbiederAgbCode,
    melding: () => 'Eerst de aanbieder kiezen die de inwoner wil (aanbiederKiezen).',
  },
  {
    ontbreekt: 'contract',
    geldt: (f) => f.regionaal.gecontracteerd.includes(f.behoefte.gekozenAanbiederAgbCode!),
    melding: (f) =>
      `Aanbieder ${f.behoefte.gekozenAanbiederAgbCode} is op ${f.ingangsdatum} niet gecontracteerd ` +
      `voor ${f.behoefte.code} niveau ${f.behoefte.niveau}.`,
  },
  {
    ontbreekt: 'tarief',
    geldt: (f) => !!f.regionaal.tarief,
    melding: (f) =>
      `Geen tarief voor ${f.behoefte.code} niveau ${f.behoefte.niveau} op ${f.ingangsdatum}: ` +
      'geen tarief, geen toewijzing.',
  },
]

/** What a resident's rating is checked against: the allocation, and whether it was rated before. */
export interface WaarderingFeiten {
  toewijzing: Pick<Toewijzing, 'status'>
  gewaardeerd: boolean
}

/** A rating is of care that has ended, and one per allocation. */
export const waarderingVoorwaarden: readonly Voorwaarde<WaarderingFeiten>[] = [
  {
    ontbreekt: 'beeindigdeZorg',
    geldt: (f) => f.toewijzing.status === ToewijzingStatus.BEEINDIGD,
    melding: (f) => `Waarderen kan als de zorg is beëindigd (nu ${f.toewijzing.status}).`,
    details: (f) => ({ huidigeStatus: f.toewijzing.status }),
  },
  {
    ontbreekt: 'eersteWaardering',
    geldt: (f) => !f.gewaardeerd,
    melding: () => 'Deze toewijzing is al gewaardeerd: één waardering per toewijzing.',
  },
]
