import type { Voorwaarde } from '../../../shared/domain/preconditions'
import { stateMachine } from '../../../shared/domain/state-machine'
import { badInput } from '../../../shared/errors'
import type { Tariefinfo } from '../inkoop/inkoop'
import type { PlanBehoefte } from '../plan/behoefte.entity'
import { ToewijzingStatus, type Toewijzing } from './toewijzing.entity'

/**
 * 301 allocates; 305 and 307 confirm start and stop of care; a wrong one is withdrawn (reason 13).
 * The gemeente ends started care itself with a reason (beeindigenDoorGemeente), and a change of
 * the plan ends a running allocation to replace it at the new level (vervangen).
 */
export const toewijzingStatus = stateMachine<
  ToewijzingStatus,
  'starten' | 'beeindigen' | 'intrekken' | 'beeindigenDoorGemeente' | 'vervangen'
>('Toewijzing', {
  starten: { from: [ToewijzingStatus.TOEGEWEZEN], to: ToewijzingStatus.GESTART },
  beeindigen: { from: [ToewijzingStatus.GESTART], to: ToewijzingStatus.BEEINDIGD },
  intrekken: { from: [ToewijzingStatus.TOEGEWEZEN], to: ToewijzingStatus.INGETROKKEN },
  beeindigenDoorGemeente: { from: [ToewijzingStatus.GESTART], to: ToewijzingStatus.BEEINDIGD },
  vervangen: {
    from: [ToewijzingStatus.TOEGEWEZEN, ToewijzingStatus.GESTART],
    to: ToewijzingStatus.BEEINDIGD,
  },
})

/** An allocation that still pays for care: sent, or started and not yet ended. */
export const isLopend = (t: Pick<Toewijzing, 'status'>) =>
  t.status === ToewijzingStatus.TOEGEWEZEN || t.status === ToewijzingStatus.GESTART

/**
 * A date of care reported or decided (start, stop, the gemeente's end): not in the future, since
 * it says what happened, and within the allocation's period. Refused as BAD_USER_INPUT on `veld`.
 */
export function controleerZorgdatum(
  datum: string,
  periode: Pick<Toewijzing, 'ingangsdatum' | 'einddatum'>,
  vandaag: string,
  veld: string,
): void {
  if (datum > vandaag)
    throw badInput(
      `De datum ${datum} ligt in de toekomst (vandaag is ${vandaag}): meld het als het gebeurd is.`,
      veld,
    )
  const { ingangsdatum, einddatum } = periode
  if (datum < ingangsdatum || datum > einddatum)
    throw badInput(`De datum ligt binnen de toewijzing (${ingangsdatum} tot ${einddatum}).`, veld)
}

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

/**
 * A running allocation replaced after a level change in the plan: the same provider goes on at
 * the new level from `wisseldatum`, until the old allocation's end date, at the new tariff.
 */
export interface VervangingFeiten {
  toewijzing: Pick<Toewijzing, 'toewijzingNummer' | 'einddatum' | 'eenheid' | 'aanbiederAgbCode'>
  /** The need at its new level. */
  behoefte: Pick<PlanBehoefte, 'code' | 'niveau'>
  wisseldatum: string
  gecontracteerd: string[]
  tarief: Tariefinfo | null
  /** The volume given with the level change, if any. */
  volume: number | null
  /** Where that volume is given in the input, for the error. */
  veld: string
}

const nummer = (f: VervangingFeiten) => f.toewijzing.toewijzingNummer

/**
 * What replacing a running allocation at a new level needs: its period not yet over, the
 * provider contracted for the new level then, a tariff in force then, and a volume in the new
 * tariff's unit (the old volume is kept only when the unit is the same).
 */
export const vervangingVoorwaarden: readonly Voorwaarde<VervangingFeiten>[] = [
  {
    ontbreekt: 'lopendePeriode',
    geldt: (f) => f.wisseldatum <= f.toewijzing.einddatum,
    melding: (f) =>
      `Toewijzing ${nummer(f)} liep tot ${f.toewijzing.einddatum}: de aanbieder meldt eerst het einde ` +
      'van de zorg (zorgBeeindigd), daarna kan het niveau veranderen.',
    details: (f) => ({ toewijzingNummer: nummer(f) }),
  },
  {
    ontbreekt: 'contract',
    geldt: (f) => f.gecontracteerd.includes(f.toewijzing.aanbiederAgbCode),
    melding: (f) =>
      `Aanbieder ${f.toewijzing.aanbiederAgbCode} is op ${f.wisseldatum} niet gecontracteerd voor ` +
      `${f.behoefte.code} niveau ${f.behoefte.niveau}: beëindig toewijzing ${nummer(f)} eerst ` +
      'en kies met de inwoner een andere aanbieder.',
    details: (f) => ({ toewijzingNummer: nummer(f) }),
  },
  {
    ontbreekt: 'tarief',
    geldt: (f) => !!f.tarief,
    melding: (f) =>
      `Geen tarief voor ${f.behoefte.code} niveau ${f.behoefte.niveau} op ${f.wisseldatum}: ` +
      'geen tarief, geen toewijzing.',
    details: (f) => ({ toewijzingNummer: nummer(f) }),
  },
  {
    ontbreekt: 'volume',
    geldt: (f) => f.volume !== null || f.tarief!.eenheid === f.toewijzing.eenheid,
    melding: (f) =>
      `Niveau ${f.behoefte.niveau} rekent in een andere eenheid (${f.tarief!.eenheid}, was ` +
      `${f.toewijzing.eenheid}): geef het volume voor de nieuwe toewijzing.`,
    details: (f) => ({ toewijzingNummer: nummer(f), field: f.veld }),
  },
]

/** A module on an allocation: which, on what day its tariff was looked up, and that tariff. */
export interface ModuleFeiten {
  moduleCode: string
  datum: string
  tarief: Tariefinfo | null
}

/** A module is priced at the regional tariff in force on the allocation's start date. */
export const moduleVoorwaarden: readonly Voorwaarde<ModuleFeiten>[] = [
  {
    ontbreekt: 'moduletarief',
    geldt: (f) => !!f.tarief,
    melding: (f) => `Geen tarief voor module ${f.moduleCode} op ${f.datum}: geen tarief, geen module.`,
    details: (f) => ({ module: f.moduleCode }),
  },
]
