import type { Voorwaarde } from '../../../shared/domain/preconditions'
import { stateMachine } from '../../../shared/domain/state-machine'
import { badInput } from '../../../shared/errors'
import { ToewijzingStatus, type Toewijzing } from '../toewijzing/toewijzing.entity'
import type { PlanBehoefte } from './behoefte.entity'
import { PlanStatus, type Plan } from './plan.entity'
import type { Resultaat } from './resultaat.entity'

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

/** A choice is recorded in a plan that is not closed, for a provider contracted on the date. */
export const keuzeVoorwaarden: readonly Voorwaarde<KeuzeFeiten>[] = [
  {
    ontbreekt: 'openPlan',
    geldt: (f) => f.plan.status !== PlanStatus.AFGESLOTEN,
    melding: () => 'Het plan is afgesloten.',
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
