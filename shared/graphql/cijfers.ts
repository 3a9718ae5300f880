import { createHash } from 'node:crypto'
import { Matches } from 'class-validator'
import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql'
import { vandaag } from '../domain/dates'
import { aandeel, aandelen, onthul, percentiel } from '../domain/statistiek'

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

/** One raw, unsuppressed count from one gemeente: only ever added up, then hidden and rounded. */
export interface RuweTelling {
  gemeenteCode: string
  soort: TellingSoort
  /** What is counted, per soort: see TellingSoort. */
  sleutel: string
  /** YYYY-MM the count belongs to; empty for a stock (ACTIEVE_PLANNEN). */
  maand: string
  aantal: number
  /** Eurocents, for TOEWIJZINGEN, KOSTEN and BESCHIKBAARHEID; 0 otherwise. */
  bedragCent: number
}

/** Where a gemeente instance sends its raw counts to the catalogue (POST, its own token). */
export const REGIO_TELLINGEN_PATH = '/regio/tellingen'

/**
 * One gemeente's raw counts in columns, as its instance sends them to the catalogue: each count
 * costs four numbers, and each key and month is written once. `versie` is a hash of the rest, so
 * that the catalogue can check what it received and name it by its content.
 */
export interface TellingKolommen {
  gemeenteCode: string
  /** The distinct keys, as soort|sleutel, one per line. */
  sleutels: string
  /** The distinct months (YYYY-MM; empty for a stock), one per line. */
  maanden: string
  /** Four numbers per count, separated by commas: its line in sleutels, its line in maanden, aantal, bedragCent. */
  rijen: string
  versie: string
}

/**
 * A gemeente's raw counts by reference, as the gateway carries them to the catalogue (@requires):
 * the instance has sent the counts themselves to the catalogue first, straight and only when they
 * changed, and names here the version the catalogue holds. So a question for the region's
 * figures moves fourteen versions through the gateway, not fourteen gemeenten' counts, and costs
 * the same however many residents there are. Never shown to clients (@inaccessible).
 */
@ObjectType()
@Directive('@inaccessible')
@Directive('@shareable')
export class RuweTellingen {
  @Field(() => ID)
  gemeenteCode: string

  @Field(() => String, {
    description: 'The version of the counts the catalogue holds (TellingKolommen.versie).',
  })
  versie: string
}

/** The hash that names a gemeente's counts: the same bytes as the four parts joined by NULs. */
export function tellingVersie(kolommen: Omit<TellingKolommen, 'versie'>): string {
  // Fed part by part, without copying the columns.
  const hash = createHash('sha256').update(kolommen.gemeenteCode)
  for (const deel of [kolommen.sleutels, kolommen.maanden, kolommen.rijen]) hash.update('\0').update(deel)
  return hash.digest('base64url').slice(0, 22)
}

/**
 * One gemeente's counts in columns: [{ACTIEVE_PLANNEN, 'VB-OB-01|A', '', 12, 0}] → sleutels
 * 'ACTIEVE_PLANNEN|VB-OB-01|A', maanden '', rijen '0,0,12,0'.
 */
export function inKolommen(gemeenteCode: string, tellingen: RuweTelling[]): TellingKolommen {
  const sleutels = new Map<string, number>()
  const maanden = new Map<string, number>()
  const index = (m: Map<string, number>, k: string) => m.get(k) ?? m.set(k, m.size).get(k)!
  const rijen = tellingen.map(
    (t) =>
      `${index(sleutels, `${t.soort}|${t.sleutel}`)},${index(maanden, t.maand)},${t.aantal},${t.bedragCent}`,
  )
  const kolommen = {
    gemeenteCode,
    sleutels: [...sleutels.keys()].join('\n'),
    maanden: [...maanden.keys()].join('\n'),
    rijen: rijen.join(','),
  }
  return { ...kolommen, versie: tellingVersie(kolommen) }
}

const SOORTEN = new Set<string>(Object.values(TellingSoort))

/**
 * The counts back from their columns (inKolommen's inverse). Throws on columns that do not
 * hold together (a line that is not there, a count that is not a whole number, an unknown
 * soort): the catalogue takes them from fourteen other services.
 */
export function uitKolommen(kolommen: Omit<TellingKolommen, 'versie'>): RuweTelling[] {
  const sleutels = kolommen.sleutels.split('\n')
  const maanden = kolommen.maanden.split('\n')
  if (!maanden.every((maand) => maand === '' || MAAND.test(maand)))
    throw new Error('maanden: YYYY-MM or empty')
  if (!/^(-?\d+(,-?\d+)*)?$/.test(kolommen.rijen))
    throw new Error('rijen: whole numbers, separated by commas')
  const getallen = kolommen.rijen ? kolommen.rijen.split(',').map(Number) : []
  if (getallen.length % 4 !== 0) throw new Error('rijen: four numbers per count')
  const uit: RuweTelling[] = []
  for (let i = 0; i < getallen.length; i += 4) {
    if (!getallen.slice(i, i + 4).every(Number.isSafeInteger)) throw new Error('rijen: whole numbers only')
    const volledig = sleutels[getallen[i]]
    const maand = maanden[getallen[i + 1]]
    const streep = volledig?.indexOf('|') ?? -1
    if (streep < 0 || maand === undefined || !SOORTEN.has(volledig.slice(0, streep)))
      throw new Error('rijen: a count names a key or month that is not there')
    uit.push({
      gemeenteCode: kolommen.gemeenteCode,
      soort: volledig.slice(0, streep) as TellingSoort,
      sleutel: volledig.slice(streep + 1),
      maand,
      aantal: getallen[i + 2],
      bedragCent: getallen[i + 3],
    })
  }
  return uit
}

const MAAND = /^\d{4}-(0[1-9]|1[0-2])$/

@InputType({ description: 'Months, inclusive: YYYY-MM.' })
export class Maandperiode {
  @Field(() => String)
  @Matches(MAAND, { message: 'een maand als JJJJ-MM' })
  van: string

  @Field(() => String)
  @Matches(MAAND, { message: 'een maand als JJJJ-MM' })
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
  description:
    'Results of a support need assessed in the period: how many, and the share achieved. Hidden below 10.',
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

export enum Traject {
  MELDING_PLAN = 'MELDING_PLAN',
  PLAN_TOEWIJZING = 'PLAN_TOEWIJZING',
  TOEWIJZING_START = 'TOEWIJZING_START',
  MELDING_START = 'MELDING_START',
}
registerEnumType(Traject, {
  name: 'Traject',
  description: 'A stretch of the workflow whose throughput time is measured.',
  valuesConfig: {
    MELDING_PLAN: { description: 'From the request to the adoption of the plan.' },
    PLAN_TOEWIJZING: { description: 'From the adoption of the plan to the allocation (301).' },
    TOEWIJZING_START: {
      description: 'From the allocation to the start of care the provider confirmed (305).',
    },
    MELDING_START: { description: 'From the request to the start of care: the whole way.' },
  },
})

const TRAJECTEN: [Traject, TellingSoort][] = [
  [Traject.MELDING_PLAN, TellingSoort.DOORLOOP_MELDING_PLAN],
  [Traject.PLAN_TOEWIJZING, TellingSoort.DOORLOOP_PLAN_TOEWIJZING],
  [Traject.TOEWIJZING_START, TellingSoort.DOORLOOP_TOEWIJZING_START],
  [Traject.MELDING_START, TellingSoort.DOORLOOP_MELDING_START],
]

const DAGEN =
  'In days: the upper bound of the bucket it falls in (by the day up to a week, by the week up to 12 weeks, ' +
  'by 4 weeks up to a year). Null when fewer than 10, or longer than a year.'

/** A duration's figures: how many were measured, and their median and 90th percentile. */
@ObjectType()
export class Duur {
  @Field(() => Int, { nullable: true, description: 'How many were measured; null when fewer than 10.' })
  aantal: number | null

  @Field(() => Int, { nullable: true, description: `Median. ${DAGEN}` })
  mediaanDagen: number | null

  @Field(() => Int, { nullable: true, description: `90th percentile. ${DAGEN}` })
  p90Dagen: number | null
}

@ObjectType({
  description:
    'How long a stretch of the workflow took for a support need, ending in the period. Replacements after a ' +
    'change of the plan are not counted: the care went on.',
})
@Directive('@shareable')
export class Doorlooptijd extends Duur {
  @Field(() => ID)
  ondersteuningsbehoefte: string

  @Field(() => Traject)
  traject: Traject
}

@ObjectType({
  description: 'Waiting time at a provider: from the allocation to the start of care, started in the period.',
})
@Directive('@shareable')
export class WachttijdPerAanbieder extends Duur {
  @Field(() => ID)
  agbCode: string
}

@ObjectType({
  description:
    'Cost per achieved result of a support need at a level: the accepted cost of its allocations in the period ' +
    'over the results achieved (BEHAALD) in the period.',
})
@Directive('@shareable')
export class KostenPerResultaat {
  @Field(() => ID)
  ondersteuningsbehoefte: string

  @Field(() => String)
  niveau: string

  @Field(() => Float, {
    nullable: true,
    description: 'Accepted cost in eurocents; null when fewer than 10 declarations were accepted.',
  })
  kostenCent: number | null

  @Field(() => Int, { nullable: true, description: 'Results achieved; null when fewer than 10.' })
  behaald: number | null

  @Field(() => Float, {
    nullable: true,
    description: 'kostenCent over behaald, rounded to a cent; null when either is hidden.',
  })
  kostenPerBehaaldResultaatCent: number | null
}

@ObjectType({ description: 'Changes of the level of a support need in running plans, in the period.' })
@Directive('@shareable')
export class NiveauwijzigingenPerBehoefte {
  @Field(() => ID)
  ondersteuningsbehoefte: string

  @Field(() => Int, {
    nullable: true,
    description: 'To a higher level (A to B, ..., C to D); null when fewer than 10.',
  })
  omhoog: number | null

  @Field(() => Int, { nullable: true, description: 'To a lower level; null when fewer than 10.' })
  omlaag: number | null
}

@ObjectType({
  description:
    'Requests (meldingen) received in the period, and how many of those were solved without paid support ' +
    '(maatwerk), by the step of the conversation that solved them.',
})
@Directive('@shareable')
export class MeldingCijfers {
  @Field(() => Int, { nullable: true })
  ontvangen: number | null

  @Field(() => Int, { nullable: true })
  zonderMaatwerk: number | null

  @Field(() => Float, { nullable: true, description: 'zonderMaatwerk over ontvangen, 0 to 1.' })
  aandeelZonderMaatwerk: number | null

  @Field(() => Int, { nullable: true, description: 'Solved by what the resident can do themself.' })
  eigenKracht: number | null

  @Field(() => Int, { nullable: true, description: 'Solved by family and friends.' })
  netwerk: number | null

  @Field(() => Int, { nullable: true, description: 'Solved by a general, free provision.' })
  algemeneVoorziening: number | null
}

@ObjectType({
  description: 'Use of a beschikbaarheidsvoorziening (capacity paid for whether used or not) in the period.',
})
@Directive('@shareable')
export class BeschikbaarheidsvoorzieningGebruik {
  @Field(() => ID)
  voorzieningCode: string

  @Field(() => Int, { nullable: true, description: 'Times used; null when fewer than 10.' })
  aantal: number | null

  @Field(() => Float, {
    nullable: true,
    description: 'What the use cost, in eurocents; null when the count is hidden.',
  })
  bedragCent: number | null
}

/** The figures that happen in time (not a stock), for a period or for one month. */
@ObjectType()
export class Stroomcijfers {
  @Field(() => [ToewijzingenPerAanbieder], { description: 'Allocations starting in the period.' })
  toewijzingen: ToewijzingenPerAanbieder[]

  @Field(() => [ResultatenPerBehoefte])
  resultaten: ResultatenPerBehoefte[]

  @Field(() => MeldingCijfers)
  meldingen: MeldingCijfers

  @Field(() => [Doorlooptijd])
  doorlooptijden: Doorlooptijd[]

  @Field(() => [WachttijdPerAanbieder])
  wachttijden: WachttijdPerAanbieder[]

  @Field(() => [KostenPerResultaat])
  kostenPerResultaat: KostenPerResultaat[]

  @Field(() => [NiveauwijzigingenPerBehoefte])
  niveauwijzigingen: NiveauwijzigingenPerBehoefte[]

  @Field(() => [BeschikbaarheidsvoorzieningGebruik])
  beschikbaarheidsvoorzieningen: BeschikbaarheidsvoorzieningGebruik[]
}

@ObjectType({ description: 'The figures of one month.' })
@Directive('@shareable')
export class Maandcijfers extends Stroomcijfers {
  @Field(() => String, { description: 'YYYY-MM.' })
  maand: string
}

@ObjectType()
@Directive('@shareable')
export class Cijferoverzicht extends Stroomcijfers {
  @Field(() => [ID], { description: 'The gemeenten whose counts are in these figures.' })
  gemeenten: string[]

  @Field(() => [PlannenPerBehoefte], { description: 'Plans active now, whatever the period.' })
  actievePlannen: PlannenPerBehoefte[]

  @Field(() => [Maandcijfers], {
    description:
      'The same figures month by month: the 12 months up to the end of the period (or up to this month), oldest first.',
  })
  perMaand: Maandcijfers[]
}

/** What a figures query asks: months, and optionally only some support needs. */
export interface Cijfervraag {
  periode?: Maandperiode | null
  ondersteuningsbehoeften?: string[] | null
  /** Today, for the months of perMaand when no period is given. */
  vandaag?: string
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
  for (const r of rows) {
    const k = sleutel(r)
    const groep = groepen.get(k)
    if (groep) groep.push(r)
    else groepen.set(k, [r])
  }
  return new Map([...groepen].sort(([a], [b]) => a.localeCompare(b)))
}

const eerste = (r: RuweTelling) => r.sleutel.split('|')[0]

/** Histograms per key: `code|bucket` rows become code → {bucket → count}. */
function histogrammen(rows: RuweTelling[]): Map<string, Map<number, number>> {
  const uit = new Map<string, Map<number, number>>()
  for (const [k, groep] of groepeer(rows, (r) => r.sleutel.slice(0, r.sleutel.lastIndexOf('|')))) {
    const h = new Map<number, number>()
    for (const r of groep) {
      const bucket = Number(r.sleutel.slice(r.sleutel.lastIndexOf('|') + 1))
      h.set(bucket, (h.get(bucket) ?? 0) + r.aantal)
    }
    uit.set(k, h)
  }
  return uit
}

const duur = (h: Map<number, number>) => ({
  aantal: onthul([...h.values()].reduce((a, b) => a + b, 0)),
  mediaanDagen: percentiel(h, 0.5),
  p90Dagen: percentiel(h, 0.9),
})

/** The figures of rows that happen in time: for a whole period, or for one month. */
function stroomcijfers(rows: RuweTelling[]): Stroomcijfers {
  const van = groepeer(rows, (r) => r.soort)
  const soort = (s: TellingSoort) => van.get(s) ?? []
  const meldingen = groepeer(soort(TellingSoort.MELDINGEN), (r) => r.sleutel)
  const aantal = (k: string) => som(meldingen.get(k) ?? []).aantal
  const ontvangen = aantal('ONTVANGEN')
  const zonder = aantal('EIGEN_KRACHT') + aantal('NETWERK') + aantal('ALGEMENE_VOORZIENINGEN')
  const kosten = groepeer(soort(TellingSoort.KOSTEN), (r) => r.sleutel)
  const behaald = groepeer(
    soort(TellingSoort.RESULTATEN).filter((r) => r.sleutel.endsWith('|BEHAALD')),
    (r) => r.sleutel.slice(0, r.sleutel.lastIndexOf('|')),
  )
  const niveaus = groepeer(soort(TellingSoort.NIVEAUWIJZIGINGEN), eerste)
  return {
    meldingen: {
      ontvangen: onthul(ontvangen),
      zonderMaatwerk: onthul(zonder),
      aandeelZonderMaatwerk: aandeel(zonder, ontvangen),
      eigenKracht: onthul(aantal('EIGEN_KRACHT')),
      netwerk: onthul(aantal('NETWERK')),
      algemeneVoorziening: onthul(aantal('ALGEMENE_VOORZIENINGEN')),
    },
    doorlooptijden: TRAJECTEN.flatMap(([traject, s]) =>
      [...histogrammen(soort(s))].map(([ondersteuningsbehoefte, h]) => ({
        ondersteuningsbehoefte,
        traject,
        ...duur(h),
      })),
    ).sort((a, b) => a.ondersteuningsbehoefte.localeCompare(b.ondersteuningsbehoefte)),
    wachttijden: [...histogrammen(soort(TellingSoort.WACHTTIJD))].map(([agbCode, h]) => ({
      agbCode,
      ...duur(h),
    })),
    toewijzingen: [...groepeer(soort(TellingSoort.TOEWIJZINGEN), (r) => r.sleutel)].map(
      ([agbCode, groep]) => {
        const { aantal, bedragCent } = som(groep)
        const zichtbaar = onthul(aantal)
        return { agbCode, aantal: zichtbaar, budgetCent: zichtbaar === null ? null : bedragCent }
      },
    ),
    resultaten: [...groepeer(soort(TellingSoort.RESULTATEN), eerste)].map(
      ([ondersteuningsbehoefte, groep]) => {
        const totaal = som(groep).aantal
        const met = (uitkomst: string) => som(groep.filter((r) => r.sleutel.endsWith(`|${uitkomst}`))).aantal
        // Both shares of one base: together they tell the results not reached (see aandelen).
        const [aandeelBehaald, aandeelDeelsBehaald] = aandelen([met('BEHAALD'), met('DEELS_BEHAALD')], totaal)
        return { ondersteuningsbehoefte, beoordeeld: onthul(totaal), aandeelBehaald, aandeelDeelsBehaald }
      },
    ),
    kostenPerResultaat: [...new Set([...kosten.keys(), ...behaald.keys()])].sort().map((k) => {
      const [ondersteuningsbehoefte, niveau] = k.split('|')
      const k1 = som(kosten.get(k) ?? [])
      const n = som(behaald.get(k) ?? []).aantal
      const kostenCent = onthul(k1.aantal) === null ? null : k1.bedragCent
      const zichtbaar = onthul(n)
      return {
        ondersteuningsbehoefte,
        niveau,
        kostenCent,
        behaald: zichtbaar,
        kostenPerBehaaldResultaatCent:
          kostenCent === null || zichtbaar === null ? null : Math.round(kostenCent / n),
      }
    }),
    niveauwijzigingen: [...niveaus].map(([ondersteuningsbehoefte, groep]) => ({
      ondersteuningsbehoefte,
      omhoog: onthul(som(groep.filter((r) => r.sleutel.endsWith('|OMHOOG'))).aantal),
      omlaag: onthul(som(groep.filter((r) => r.sleutel.endsWith('|OMLAAG'))).aantal),
    })),
    beschikbaarheidsvoorzieningen: [...groepeer(soort(TellingSoort.BESCHIKBAARHEID), (r) => r.sleutel)].map(
      ([voorzieningCode, groep]) => {
        const { aantal, bedragCent } = som(groep)
        const zichtbaar = onthul(aantal)
        return { voorzieningCode, aantal: zichtbaar, bedragCent: zichtbaar === null ? null : bedragCent }
      },
    ),
  }
}

/** The `n` months up to and including `tot` (YYYY-MM), oldest first: 2026-02, 3 → 2025-12, 2026-01, 2026-02. */
export function maandenTot(tot: string, n = 12): string[] {
  const [j, m] = tot.split('-').map(Number)
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(j, m - 1 - (n - 1 - i), 1))
    return d.toISOString().slice(0, 7)
  })
}

/** Raw counts whose key starts with a support need: the need filter applies to these. */
const PER_BEHOEFTE = new Set<TellingSoort>([
  TellingSoort.ACTIEVE_PLANNEN,
  TellingSoort.RESULTATEN,
  TellingSoort.KOSTEN,
  TellingSoort.NIVEAUWIJZIGINGEN,
  ...TRAJECTEN.map(([, s]) => s),
])

/**
 * Adds raw counts up first (over gemeenten, months), then hides and rounds: never the other way
 * round. Percentiles are taken from the summed histograms.
 */
export function cijferoverzicht(tellingen: RuweTelling[], vraag: Cijfervraag = {}): Cijferoverzicht {
  const { periode, ondersteuningsbehoeften } = vraag
  const behoeften = ondersteuningsbehoeften?.length ? new Set(ondersteuningsbehoeften) : null
  const rows = behoeften
    ? tellingen.filter((t) => !PER_BEHOEFTE.has(t.soort) || behoeften.has(eerste(t)))
    : tellingen
  const stand = rows.filter((t) => t.maand === '')
  const perMaand = groepeer(
    rows.filter((t) => t.maand !== ''),
    (t) => t.maand,
  )
  const inPeriode = [...perMaand]
    .filter(([maand]) => !periode || (maand >= periode.van && maand <= periode.tot))
    .flatMap(([, groep]) => groep)
  const plannen = groepeer(
    stand.filter((t) => t.soort === TellingSoort.ACTIEVE_PLANNEN),
    (t) => t.sleutel,
  )
  return {
    gemeenten: [...new Set(tellingen.map((t) => t.gemeenteCode))].sort(),
    actievePlannen: [...plannen].map(([sleutel, groep]) => {
      const [ondersteuningsbehoefte, niveau] = sleutel.split('|')
      return { ondersteuningsbehoefte, niveau, aantal: onthul(som(groep).aantal) }
    }),
    ...stroomcijfers(inPeriode),
    perMaand: maandenTot(periode?.tot ?? (vraag.vandaag ?? vandaag()).slice(0, 7)).map((maand) => ({
      maand,
      ...stroomcijfers(perMaand.get(maand) ?? []),
    })),
  }
}
