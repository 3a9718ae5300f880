import { vandaag } from '../../../shared/domain/dates'
import { dagenTussen, duurBucket } from '../../../shared/domain/statistiek'
import { TellingSoort } from '../../../shared/graphql/cijfers'

/** A plan as a version of it records it (planInhoud): what the figures compare between versions. */
export interface PlanStand {
  status: string
  behoeften: {
    id: string
    code: string
    niveau: string
    resultaten: { id: string; uitkomst: string | null }[]
  }[]
}

/**
 * Everything that changes a figure, as it happens. Each mutation that counts for the figures
 * reports its events through telMee in its own transaction; herbouwCijfers derives the same events
 * from the raw rows. Dates are ISO days; a month is the first seven characters.
 */
export type Gebeurtenis =
  | { soort: 'MELDING_ONTVANGEN'; datum: string }
  /** Closed without paid support, by the last step of the conversation; counted in the request's month. */
  | { soort: 'MELDING_ZONDER_MAATWERK'; meldingDatum: string; opgelostMet: string }
  /** A new version of a plan: adoption, closing, levels and outcomes follow from the difference. */
  | {
      soort: 'PLAN_GEWIJZIGD'
      voor: PlanStand | null
      na: PlanStand
      datum: string
      meldingDatum: string | null
    }
  | {
      soort: 'TOEGEWEZEN'
      aanbiederAgbCode: string
      behoefteCode: string
      ingangsdatum: string
      budgetCent: number
      /** The day it was made; null for rows from before that was recorded. */
      datum: string | null
      planVastgesteldOp: string | null
      /** A replacement after a change of the plan (level, results): the same care going on, no new wait. */
      naPlanwijziging: boolean
    }
  | { soort: 'INGETROKKEN'; aanbiederAgbCode: string; ingangsdatum: string; budgetCent: number }
  | {
      soort: 'ZORG_GESTART'
      aanbiederAgbCode: string
      behoefteCode: string
      datum: string
      toegewezenOp: string | null
      meldingDatum: string | null
      naPlanwijziging: boolean
    }
  | {
      soort: 'KOSTEN_GEACCEPTEERD'
      toewijzingId: string
      behoefteCode: string
      niveau: string
      bedragCent: number
      datum: string
    }
  | { soort: 'BESCHIKBAARHEID_GEBRUIKT'; voorzieningCode: string; datum: string; bedragCent: number }

/** The day a plan version was stored (its `op`, UTC), as the gemeente lives it. */
export const versieDatum = (op: string) => vandaag(new Date(op))

/** One change to one row of the summary: added to what is there. */
export interface Telling {
  soort: TellingSoort
  sleutel: string
  maand: string
  aantal: number
  bedragCent: number
}

const maandVan = (datum: string) => datum.slice(0, 7)
const GEEN_MAAND = ''
const ACTIEF = new Set(['ACTIEF'])
const VASTGESTELD = new Set(['ACTIEF', 'AFGESLOTEN'])

function tel(soort: TellingSoort, sleutel: string, maand: string, aantal = 1, bedragCent = 0): Telling {
  return { soort, sleutel, maand, aantal, bedragCent }
}

function duur(soort: TellingSoort, sleutel: string, van: string | null, tot: string): Telling[] {
  return van ? [tel(soort, `${sleutel}|${duurBucket(dagenTussen(van, tot))}`, maandVan(tot))] : []
}

/** The need-and-level pairs an active plan counts once each (two children with the same need: one). */
function actieveParen(stand: PlanStand | null): Set<string> {
  if (!stand || !ACTIEF.has(stand.status)) return new Set()
  return new Set(stand.behoeften.map((b) => `${b.code}|${b.niveau}`))
}

function planTellingen(g: Extract<Gebeurtenis, { soort: 'PLAN_GEWIJZIGD' }>): Telling[] {
  const { voor, na, datum } = g
  const maand = maandVan(datum)
  const uit: Telling[] = []
  const [was, is] = [actieveParen(voor), actieveParen(na)]
  for (const paar of was) if (!is.has(paar)) uit.push(tel(TellingSoort.ACTIEVE_PLANNEN, paar, GEEN_MAAND, -1))
  for (const paar of is) if (!was.has(paar)) uit.push(tel(TellingSoort.ACTIEVE_PLANNEN, paar, GEEN_MAAND, 1))
  if (!VASTGESTELD.has(voor?.status ?? '') && VASTGESTELD.has(na.status))
    for (const code of new Set(na.behoeften.map((b) => b.code)))
      uit.push(...duur(TellingSoort.DOORLOOP_MELDING_PLAN, code, g.meldingDatum, datum))
  for (const b of na.behoeften) {
    const oud = voor?.behoeften.find((x) => x.id === b.id)
    if (oud && oud.niveau !== b.niveau)
      uit.push(
        tel(
          TellingSoort.NIVEAUWIJZIGINGEN,
          `${b.code}|${b.niveau > oud.niveau ? 'OMHOOG' : 'OMLAAG'}`,
          maand,
        ),
      )
    for (const r of b.resultaten) {
      const eerder = oud?.resultaten.find((x) => x.id === r.id)?.uitkomst ?? null
      if (eerder === r.uitkomst) continue
      // A changed outcome moves from the old to the new one in this month: the totals stay right.
      if (eerder) uit.push(tel(TellingSoort.RESULTATEN, `${b.code}|${oud!.niveau}|${eerder}`, maand, -1))
      if (r.uitkomst) uit.push(tel(TellingSoort.RESULTATEN, `${b.code}|${b.niveau}|${r.uitkomst}`, maand))
    }
  }
  return uit
}

/**
 * What an event adds to the summary. Pure, so that the incremental path (telMee) and the rebuild
 * (herbouwCijfers) count the same way by construction.
 * Example: ZORG_GESTART for need VB-OB-01 with provider 12345678, allocated 2026-03-01, started
 * 2026-03-10, request of 2026-02-01 → DOORLOOP_TOEWIJZING_START VB-OB-01|14, WACHTTIJD
 * 12345678|14 and DOORLOOP_MELDING_START VB-OB-01|42, each +1 in 2026-03.
 */
export function tellingenVoor(g: Gebeurtenis): Telling[] {
  switch (g.soort) {
    case 'MELDING_ONTVANGEN':
      return [tel(TellingSoort.MELDINGEN, 'ONTVANGEN', maandVan(g.datum))]
    case 'MELDING_ZONDER_MAATWERK':
      return [tel(TellingSoort.MELDINGEN, g.opgelostMet, maandVan(g.meldingDatum))]
    case 'PLAN_GEWIJZIGD':
      return planTellingen(g)
    case 'TOEGEWEZEN':
      return [
        tel(TellingSoort.TOEWIJZINGEN, g.aanbiederAgbCode, maandVan(g.ingangsdatum), 1, g.budgetCent),
        ...(g.naPlanwijziging || !g.datum
          ? []
          : duur(TellingSoort.DOORLOOP_PLAN_TOEWIJZING, g.behoefteCode, g.planVastgesteldOp, g.datum)),
      ]
    case 'INGETROKKEN':
      return [tel(TellingSoort.TOEWIJZINGEN, g.aanbiederAgbCode, maandVan(g.ingangsdatum), -1, -g.budgetCent)]
    case 'ZORG_GESTART':
      if (g.naPlanwijziging) return []
      return [
        ...duur(TellingSoort.DOORLOOP_TOEWIJZING_START, g.behoefteCode, g.toegewezenOp, g.datum),
        ...duur(TellingSoort.WACHTTIJD, g.aanbiederAgbCode, g.toegewezenOp, g.datum),
        ...duur(TellingSoort.DOORLOOP_MELDING_START, g.behoefteCode, g.meldingDatum, g.datum),
      ]
    case 'KOSTEN_GEACCEPTEERD':
      return [tel(TellingSoort.KOSTEN, `${g.behoefteCode}|${g.niveau}`, maandVan(g.datum), 1, g.bedragCent)]
    case 'BESCHIKBAARHEID_GEBRUIKT':
      return [tel(TellingSoort.BESCHIKBAARHEID, g.voorzieningCode, maandVan(g.datum), 1, g.bedragCent)]
  }
}

/** Adds up changes to the same row: fewer statements, and rows always written in the same order. */
export function voegSamen(tellingen: Telling[]): Telling[] {
  const som = new Map<string, Telling>()
  for (const t of tellingen) {
    const k = `${t.soort}\u0000${t.sleutel}\u0000${t.maand}`
    const s = som.get(k)
    som.set(k, s ? { ...s, aantal: s.aantal + t.aantal, bedragCent: s.bedragCent + t.bedragCent } : { ...t })
  }
  return [...som]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, t]) => t)
    .filter((t) => t.aantal !== 0 || t.bedragCent !== 0)
}
