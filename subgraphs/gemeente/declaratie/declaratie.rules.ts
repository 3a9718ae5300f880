import type { Voorwaarde } from '../../../shared/domain/preconditions'
import { stateMachine } from '../../../shared/domain/state-machine'
import { ToewijzingStatus, type Toewijzing } from '../toewijzing/toewijzing.entity'
import { RegelStatus } from './declaratie.entity'

/** A declared line is judged once: accepted or refused. */
export const regelStatus = stateMachine<RegelStatus, 'toekennen' | 'afwijzen'>('Declaratieregel', {
  toekennen: { from: [RegelStatus.INGEDIEND], to: RegelStatus.TOEGEKEND },
  afwijzen: { from: [RegelStatus.INGEDIEND], to: RegelStatus.AFGEWEZEN },
})

/** The first and last day of a month `YYYY-MM`. */
export function maandGrenzen(periode: string): { eerste: string; laatste: string } {
  const [jaar, maand] = periode.split('-').map(Number)
  const laatste = new Date(Date.UTC(jaar, maand, 0)).toISOString().slice(0, 10)
  return { eerste: `${periode}-01`, laatste }
}

/** What a declaration for a month is checked against. */
export interface DeclaratieFeiten {
  toewijzing: Pick<
    Toewijzing,
    'status' | 'ingangsdatum' | 'einddatum' | 'gestartOp' | 'toegewezenOp' | 'toewijzingNummer'
  >
  periode: string
  vandaag: string
}

/** The first day of care on an allocation: the day the provider confirmed its start (305). */
export const eersteZorgdag = (t: Pick<Toewijzing, 'gestartOp' | 'ingangsdatum'>) =>
  t.gestartOp ?? t.ingangsdatum

/**
 * What must hold for a month to be paid on an allocation, when it is declared and again when it
 * is accepted (the allocation may have been ended or shortened in between): its care started
 * (305), and the month overlaps the days of care, from the confirmed start to the end.
 * An allocation that ended is declarable only when its care had started: one replaced or ended
 * before its start (BEEINDIGD, without gestartOp) never gave care. Rows made before these dates
 * were kept (no toegewezenOp either) cannot tell, and count as started, as they did.
 */
export const betaalbaarVoorwaarden: readonly Voorwaarde<DeclaratieFeiten>[] = [
  {
    ontbreekt: 'gestarteZorg',
    geldt: (f) =>
      f.toewijzing.status === ToewijzingStatus.GESTART ||
      (f.toewijzing.status === ToewijzingStatus.BEEINDIGD &&
        (!!f.toewijzing.gestartOp || !f.toewijzing.toegewezenOp)),
    melding: (f) =>
      `Declareren kan voor zorg die gestart is (zorgGestart); toewijzing ${f.toewijzing.toewijzingNummer} ` +
      `is ${f.toewijzing.status}${f.toewijzing.status === ToewijzingStatus.BEEINDIGD ? ' en is nooit gestart' : ''}.`,
    details: (f) => ({ huidigeStatus: f.toewijzing.status }),
  },
  {
    ontbreekt: 'periodeInToewijzing',
    geldt: (f) => {
      const { eerste, laatste } = maandGrenzen(f.periode)
      return eerste <= f.toewijzing.einddatum && laatste >= eersteZorgdag(f.toewijzing)
    },
    melding: (f) =>
      `${f.periode} valt buiten de zorg op deze toewijzing (${eersteZorgdag(f.toewijzing)} tot ${f.toewijzing.einddatum}).`,
  },
]

/**
 * A provider declares care that was given: on an allocation whose care started (305), for a month
 * that overlaps the days of care and has begun (never a month ahead).
 */
export const declaratieVoorwaarden: readonly Voorwaarde<DeclaratieFeiten>[] = [
  ...betaalbaarVoorwaarden,
  {
    ontbreekt: 'begonnenPeriode',
    geldt: (f) => maandGrenzen(f.periode).eerste <= f.vandaag,
    melding: (f) => `${f.periode} is nog niet begonnen: declareer geleverde zorg (vandaag is ${f.vandaag}).`,
  },
]

/** One product declared: its tariff as stored with the allocation, and whether it is open already. */
export interface RegelFeiten {
  product: string
  tariefCent: number | null
  alGedeclareerd: boolean
}

/**
 * A product is priced at the tariff stored with the allocation (allocations made before tariffs
 * were stored, and module lines made before modules were priced, cannot be declared), and is
 * declared once per month unless the earlier line was refused.
 */
export const regelVoorwaarden: readonly Voorwaarde<RegelFeiten>[] = [
  {
    ontbreekt: 'tarief',
    geldt: (f) => f.tariefCent !== null,
    melding: (f) => `Voor ${f.product} is bij de toewijzing geen tarief vastgelegd: declareren kan niet.`,
    details: (f) => ({ product: f.product }),
  },
  {
    ontbreekt: 'eersteDeclaratie',
    geldt: (f) => !f.alGedeclareerd,
    melding: (f) =>
      `${f.product} is voor deze maand al gedeclareerd; opnieuw declareren kan als de regel is afgewezen.`,
    details: (f) => ({ product: f.product }),
  },
]

/** What accepting a line is checked against: the allocation's budget and what was accepted before. */
export interface ToekenningFeiten {
  toewijzing: Pick<Toewijzing, 'budgetCent' | 'toegekendCent' | 'toewijzingNummer'>
  bedragCent: number
}

/** Accepted amounts never pass the allocation's budget. */
export const toekenningVoorwaarden: readonly Voorwaarde<ToekenningFeiten>[] = [
  {
    ontbreekt: 'budget',
    geldt: (f) => f.toewijzing.toegekendCent + f.bedragCent <= f.toewijzing.budgetCent,
    melding: (f) =>
      `Toekennen gaat boven het budget van toewijzing ${f.toewijzing.toewijzingNummer}: ` +
      `${f.bedragCent} eurocent gevraagd, ${f.toewijzing.budgetCent - f.toewijzing.toegekendCent} over. ` +
      'Wijs de regel af met een reden.',
    details: (f) => ({
      budgetCent: f.toewijzing.budgetCent,
      toegekendCent: f.toewijzing.toegekendCent,
      bedragCent: f.bedragCent,
    }),
  },
]
