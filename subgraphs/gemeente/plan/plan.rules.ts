import type { Voorwaarde } from '../../../shared/domain/preconditions'
import { stateMachine } from '../../../shared/domain/state-machine'
import { leeftijdOp } from '../../../shared/domain/dates'
import { badInput } from '../../../shared/errors'
import { Wet } from '../../../shared/ijw/codes'
import { ToewijzingStatus, type Toewijzing } from '../toewijzing/toewijzing.entity'
import type { PlanBehoefte } from './behoefte.entity'
import { PlanStatus, type Plan } from './plan.entity'
import { MAX_REDEN } from './plan-versie.entity'
import { Uitkomst, type Resultaat } from './resultaat.entity'

export const planStatus = stateMachine<
  PlanStatus,
  | 'behoefteToevoegen'
  | 'vaststellen'
  | 'aanpassen'
  | 'resultaatBeoordelen'
  | 'toewijzen'
  | 'afsluiten'
  | 'intrekken'
>('Plan', {
  behoefteToevoegen: { from: [PlanStatus.CONCEPT, PlanStatus.ACTIEF] },
  vaststellen: { from: [PlanStatus.CONCEPT], to: PlanStatus.ACTIEF },
  aanpassen: { from: [PlanStatus.ACTIEF] },
  resultaatBeoordelen: { from: [PlanStatus.ACTIEF] },
  toewijzen: { from: [PlanStatus.ACTIEF] },
  afsluiten: { from: [PlanStatus.ACTIEF], to: PlanStatus.AFGESLOTEN },
  intrekken: { from: [PlanStatus.CONCEPT], to: PlanStatus.INGETROKKEN },
})

/** The household's open plan, if it has one, when a new plan is drawn up for it. */
export interface OpstellenFeiten {
  openPlan: Pick<Plan, 'id' | 'status'> | null
}

/** One family, one plan: a household gets a new plan once its open one is closed or withdrawn. */
export const opstellenVoorwaarden: readonly Voorwaarde<OpstellenFeiten>[] = [
  {
    ontbreekt: 'geenOpenPlan',
    geldt: (f) => !f.openPlan,
    melding: (f) => `Dit huishouden heeft al een open plan (${f.openPlan!.status}): één gezin, één plan.`,
    details: (f) => ({ bestaandPlanId: f.openPlan!.id }),
  },
]

/** A support need's law against the resident it is for. */
export interface WetFeiten {
  behoefte: { naam: string; wet: Wet }
  geboortedatum: string
  /** The day the need applies from: the plan's start, or today in a plan already running. */
  peildatum: string
  /**
   * Jeugdwet help that began before 18: a Jeugdwet need of this resident in an adopted plan (ACTIEF
   * or AFGESLOTEN) that started before their 18th birthday. An allocation starts within its plan,
   * so help that started before 18 always has such a plan; a need decided before 18 has it too.
   */
  eerdereJeugdhulp: boolean
}

const leeftijd = (f: WetFeiten) => leeftijdOp(f.geboortedatum, f.peildatum)
const wetDetails = (f: WetFeiten) => ({ wet: f.behoefte.wet, leeftijd: leeftijd(f), peildatum: f.peildatum })

/**
 * The law fits the person: the Jeugdwet is for residents under 18, and up to 23 only to continue
 * help that began before 18 (verlengde jeugdhulp); the Wmo 2015 is for residents of 18 and over.
 */
export const wetVoorwaarden: readonly Voorwaarde<WetFeiten>[] = [
  {
    ontbreekt: 'jeugdige',
    geldt: (f) =>
      f.behoefte.wet !== Wet.JEUGDWET || leeftijd(f) < 18 || (leeftijd(f) < 23 && f.eerdereJeugdhulp),
    melding: (f) =>
      `${f.behoefte.naam} valt onder de Jeugdwet. Die is voor inwoners jonger dan 18 jaar. ` +
      'Tot 23 jaar kan jeugdhulp alleen doorgaan als die voor het 18e jaar begon. ' +
      `Deze inwoner is ${leeftijd(f)} jaar op ${f.peildatum}` +
      (leeftijd(f) < 23 ? ' en kreeg voor het 18e jaar geen jeugdhulp.' : '.'),
    details: wetDetails,
  },
  {
    ontbreekt: 'volwassene',
    geldt: (f) => f.behoefte.wet !== Wet.WMO || leeftijd(f) >= 18,
    melding: (f) =>
      `${f.behoefte.naam} valt onder de Wmo. Die is voor inwoners van 18 jaar en ouder. ` +
      `Deze inwoner is ${leeftijd(f)} jaar op ${f.peildatum}: kies een behoefte onder de Jeugdwet.`,
    details: wetDetails,
  },
]

/** How many support needs a drafted plan has when it is adopted. */
export interface VaststellenFeiten {
  behoeften: number
}

export const vaststellenVoorwaarden: readonly Voorwaarde<VaststellenFeiten>[] = [
  {
    ontbreekt: 'behoefte',
    geldt: (f) => f.behoeften > 0,
    melding: () => 'Een plan zonder ondersteuningsbehoefte kan niet worden vastgesteld.',
  },
]

/** A resident's choice of provider for a need: the plan, and who is contracted on the date. */
export interface KeuzeFeiten {
  plan: Pick<Plan, 'status'>
  behoefte: Pick<PlanBehoefte, 'code' | 'niveau'>
  agbCode: string
  datum: string
  gecontracteerd: string[]
}

/** A choice is recorded in a plan that runs or is drawn up, for a provider contracted on the date. */
export const keuzeVoorwaarden: readonly Voorwaarde<KeuzeFeiten>[] = [
  {
    ontbreekt: 'openPlan',
    geldt: (f) => f.plan.status === PlanStatus.CONCEPT || f.plan.status === PlanStatus.ACTIEF,
    melding: (f) =>
      f.plan.status === PlanStatus.INGETROKKEN ? 'Het plan is ingetrokken.' : 'Het plan is afgesloten.',
    details: (f) => ({ huidigeStatus: f.plan.status }),
  },
  {
    ontbreekt: 'contract',
    geldt: (f) => f.gecontracteerd.includes(f.agbCode),
    melding: (f) =>
      `Aanbieder ${f.agbCode} is op ${f.datum} niet gecontracteerd voor ` +
      `${f.behoefte.code} niveau ${f.behoefte.niveau} in deze gemeente.`,
    details: () => ({ field: 'agbCode' }),
  },
]

/** The plan a result is evaluated in. */
export interface EvaluatieFeiten {
  plan: Pick<Plan, 'status'>
}

export const evaluatieVoorwaarden: readonly Voorwaarde<EvaluatieFeiten>[] = [
  {
    ontbreekt: 'actiefPlan',
    geldt: (f) => f.plan.status === PlanStatus.ACTIEF,
    melding: (f) => `Evalueren kan alleen in een actief plan (nu ${f.plan.status}).`,
    details: (f) => ({ huidigeStatus: f.plan.status }),
  },
]

/** A plan's results and allocations when it is closed. */
export interface AfsluitenFeiten {
  resultaten: Pick<Resultaat, 'id' | 'uitkomst'>[]
  toewijzingen: Pick<Toewijzing, 'status' | 'toewijzingNummer'>[]
}

const zonderUitkomst = (f: AfsluitenFeiten) => f.resultaten.filter((r) => r.uitkomst === null)
const lopend = (f: AfsluitenFeiten) =>
  f.toewijzingen.filter(
    (t) => t.status !== ToewijzingStatus.BEEINDIGD && t.status !== ToewijzingStatus.INGETROKKEN,
  )

/** A plan closes when every result is assessed and all its care has ended or was withdrawn. */
export const afsluitenVoorwaarden: readonly Voorwaarde<AfsluitenFeiten>[] = [
  {
    ontbreekt: 'uitkomsten',
    geldt: (f) => zonderUitkomst(f).length === 0,
    melding: (f) => `Nog ${zonderUitkomst(f).length} resultaat/resultaten zonder uitkomst.`,
    details: (f) => ({ openResultaten: zonderUitkomst(f).map((r) => r.id) }),
  },
  {
    ontbreekt: 'beeindigdeZorg',
    geldt: (f) => lopend(f).length === 0,
    melding: (f) =>
      `Nog ${lopend(f).length} toewijzing(en) lopen: het plan sluit als alle zorg beëindigd is.`,
    details: (f) => ({ lopendeToewijzingen: lopend(f).map((t) => t.toewijzingNummer) }),
  },
]

/**
 * Results are written for this family, concretely (their length is checked on the input): not
 * the name of the support need, not the same result twice, and due after the plan starts.
 */
export function controleerResultaat(
  r: { omschrijving: string; streefdatum: string },
  context: { naam: string; startdatum: string; bestaand: string[] },
  veld: string,
) {
  const tekst = r.omschrijving.trim()
  if (tekst.toLowerCase() === context.naam.toLowerCase()) {
    throw badInput(
      'Een resultaat is geen ondersteuningsbehoefte: schrijf op wat er voor dit gezin anders moet zijn.',
      `${veld}.omschrijving`,
    )
  }
  if (context.bestaand.some((b) => b.toLowerCase() === tekst.toLowerCase()))
    throw badInput('Dit resultaat staat al in het plan.', `${veld}.omschrijving`)
  if (r.streefdatum <= context.startdatum)
    throw badInput('De streefdatum ligt na de start van het plan.', `${veld}.streefdatum`)
  return tekst
}

/**
 * The reason of the version that records several outcomes at once: each outcome in the order
 * given, or, when that list would not fit the version's reason (up to 100 outcomes), how many of
 * each.
 */
export function beoordelingsreden(uitkomsten: readonly Uitkomst[]): string {
  const genoemd = `Resultaten beoordeeld: ${uitkomsten.join(', ')}`
  if (genoemd.length <= MAX_REDEN) return genoemd
  const aantallen = Object.values(Uitkomst)
    .map((uitkomst) => [uitkomst, uitkomsten.filter((u) => u === uitkomst).length] as const)
    .filter(([, n]) => n > 0)
  return `Resultaten beoordeeld: ${aantallen.map(([uitkomst, n]) => `${n} × ${uitkomst}`).join(', ')}`
}
