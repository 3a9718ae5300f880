import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql'
import { aandeel, onthul } from '../domain/statistiek'

/**
 * Regional figures for dashboards: counts, never persons. Computed from raw counts that every
 * gemeente groups in its own database; shown with small counts hidden (see shared/domain/statistiek).
 * The gemeente subgraph shows one gemeente's figures, the catalogue the region's: the same types.
 */

/** What a raw count counts; its `sleutel` and `maand` as described per value. */
export enum TellingSoort {
  /** code|niveau; maand '': plans active now. */
  ACTIEVE_PLANNEN = 'ACTIEVE_PLANNEN',
  /** agb; maand of the start date; bedragCent the budget. */
  TOEWIJZINGEN = 'TOEWIJZINGEN',
  /** code|niveau|uitkomst; maand of the assessment. */
  RESULTATEN = 'RESULTATEN',
  /** ONTVANGEN, or the step that solved it without paid support; maand of the request. */
  MELDINGEN = 'MELDINGEN',
  /** code|bucket (statistiek's DUUR_GRENZEN); maand of the end of the stretch. */
  DOORLOOP_MELDING_PLAN = 'DOORLOOP_MELDING_PLAN',
  DOORLOOP_PLAN_TOEWIJZING = 'DOORLOOP_PLAN_TOEWIJZING',
  DOORLOOP_TOEWIJZING_START = 'DOORLOOP_TOEWIJZING_START',
  DOORLOOP_MELDING_START = 'DOORLOOP_MELDING_START',
  /** agb|bucket: allocation to start of care, per provider. */
  WACHTTIJD = 'WACHTTIJD',
  /** code|OMHOOG or code|OMLAAG. */
  NIVEAUWIJZIGINGEN = 'NIVEAUWIJZIGINGEN',
  /** code|niveau; bedragCent the accepted cost. */
  KOSTEN = 'KOSTEN',
  /** voorzieningCode; bedragCent what its use cost. */
  BESCHIKBAARHEID = 'BESCHIKBAARHEID',
}
registerEnumType(TellingSoort, { name: 'TellingSoort' })

/** One raw, unsuppressed count from one gemeente. Never shown to clients (@inaccessible). */
@ObjectType()
@Directive('@inaccessible')
@Directive('@shareable')
export class RuweTelling {
  @Field(() => ID)
  gemeenteCode: string

  @Field(() => TellingSoort)
  soort: TellingSoort

  @Field(() => String, { description: 'What is counted, per soort: see TellingSoort.' })
  sleutel: string

  @Field(() => String, { description: 'YYYY-MM the count belongs to; empty for a stock (ACTIEVE_PLANNEN).' })
  maand: string

  @Field(() => Int)
  aantal: number

  @Field(() => Float, {
    description: 'Eurocents, for TOEWIJZINGEN, KOSTEN and BESCHIKBAARHEID; 0 otherwise.',
  })
  bedragCent: number
}

@InputType({ description: 'Months, inclusive: YYYY-MM.' })
export class Maandperiode {
  @Field(() => String)
  van: string

  @Field(() => String)
  tot: string
}

@ObjectType({
  description:
    'Active plans with a support need at a level. Counts below 10 are hidden, others rounded to 5.',
})
@Directive('@shareable')
export class PlannenPerBehoefte {
  @Field(() => ID)
  ondersteuningsbehoefte: string

  @Field(() => String)
  niveau: string

  @Field(() => Int, { nullable: true, description: 'Null when fewer than 10.' })
  aantal: number | null
}

@ObjectType({
  description: 'Allocations to a provider starting in the period, and their budget. Hidden below 10.',
})
@Directive('@shareable')
export class ToewijzingenPerAanbieder {
  @Field(() => ID)
  agbCode: string

  @Field(() => Int, { nullable: true })
  aantal: number | null

  @Field(() => Float, {
    nullable: true,
    description: 'Total budget in eurocents; null when the count is hidden.',
  })
  budgetCent: number | null
}

@ObjectType({
  description: 'Assessed results of a support need: how many, and the share achieved. Hidden below 10.',
})
@Directive('@shareable')
export class ResultatenPerBehoefte {
  @Field(() => ID)
  ondersteuningsbehoefte: string

  @Field(() => Int, { nullable: true })
  beoordeeld: number | null

  @Field(() => Float, { nullable: true, description: 'Share achieved (BEHAALD), 0 to 1.' })
  aandeelBehaald: number | null

  @Field(() => Float, { nullable: true, description: 'Share partly achieved (DEELS_BEHAALD), 0 to 1.' })
  aandeelDeelsBehaald: number | null
}

@ObjectType()
@Directive('@shareable')
export class Cijferoverzicht {
  @Field(() => [ID], { description: 'The gemeenten whose counts are in these figures.' })
  gemeenten: string[]

  @Field(() => [PlannenPerBehoefte])
  actievePlannen: PlannenPerBehoefte[]

  @Field(() => [ToewijzingenPerAanbieder])
  toewijzingen: ToewijzingenPerAanbieder[]

  @Field(() => [ResultatenPerBehoefte])
  resultaten: ResultatenPerBehoefte[]
}

const som = (rows: RuweTelling[]) =>
  rows.reduce((a, r) => ({ aantal: a.aantal + r.aantal, bedragCent: a.bedragCent + r.bedragCent }), {
    aantal: 0,
    bedragCent: 0,
  })

function groepeer<K extends string>(
  rows: RuweTelling[],
  sleutel: (r: RuweTelling) => K,
): Map<K, RuweTelling[]> {
  const groepen = new Map<K, RuweTelling[]>()
  for (const r of rows) groepen.set(sleutel(r), [...(groepen.get(sleutel(r)) ?? []), r])
  return new Map([...groepen].sort(([a], [b]) => a.localeCompare(b)))
}

/** Adds raw counts up first (over gemeenten, months), then hides and rounds: never the other way round. */
export function cijferoverzicht(tellingen: RuweTelling[], periode?: Maandperiode | null): Cijferoverzicht {
  const van = (s: TellingSoort) => tellingen.filter((t) => t.soort === s)
  const plannen = groepeer(van(TellingSoort.ACTIEVE_PLANNEN), (t) => t.sleutel)
  const toewijzingen = groepeer(
    van(TellingSoort.TOEWIJZINGEN).filter(
      (t) => !periode || (t.maand >= periode.van && t.maand <= periode.tot),
    ),
    (t) => t.sleutel,
  )
  const resultaten = groepeer(van(TellingSoort.RESULTATEN), (t) => t.sleutel.split('|')[0])
  return {
    gemeenten: [...new Set(tellingen.map((t) => t.gemeenteCode))].sort(),
    actievePlannen: [...plannen].map(([sleutel, rows]) => {
      const [ondersteuningsbehoefte, niveau] = sleutel.split('|')
      return { ondersteuningsbehoefte, niveau, aantal: onthul(som(rows).aantal) }
    }),
    toewijzingen: [...toewijzingen].map(([agbCode, rows]) => {
      const { aantal, bedragCent } = som(rows)
      const zichtbaar = onthul(aantal)
      return { agbCode, aantal: zichtbaar, budgetCent: zichtbaar === null ? null : bedragCent }
    }),
    resultaten: [...resultaten].map(([ondersteuningsbehoefte, rows]) => {
      const totaal = som(rows).aantal
      const met = (uitkomst: string) => som(rows.filter((r) => r.sleutel.endsWith(`|${uitkomst}`))).aantal
      return {
        ondersteuningsbehoefte,
        beoordeeld: onthul(totaal),
        aandeelBehaald: aandeel(met('BEHAALD'), totaal),
        aandeelDeelsBehaald: aandeel(met('DEELS_BEHAALD'), totaal),
      }
    }),
  }
}
