import { stateMachine } from '../../../shared/domain/state-machine'
import { badInput } from '../../../shared/errors'
import { PlanStatus } from './plan.entity'

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
