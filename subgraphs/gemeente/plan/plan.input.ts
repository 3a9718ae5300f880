import { ArrayMaxSize, ArrayMinSize, Max, Min, ValidateNested } from 'class-validator'
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql'
import { Uitkomst } from './resultaat.entity'
import { Datum } from '../../../shared/graphql/scalars'
import { Tekst } from '../../../shared/graphql/validation'
import { Niveau } from '../../../shared/ijw/codes'

/** Results per need in one change: a plan is read by people, not a list of everything. */
const MAX_RESULTATEN = 20

@InputType({
  description:
    'A result written for this family: concrete, with a target date. There are no standard results.',
})
export class ResultaatInvoer {
  @Field(() => String)
  @Tekst(1000, 15, { message: 'schrijf het resultaat concreet uit, in 15 tot 1000 tekens' })
  omschrijving: string

  @Field(() => Datum)
  streefdatum: string
}

@InputType()
export class BehoefteInvoer {
  @Field(() => ID, { description: 'The member of the household the need is for.' })
  inwonerId: string

  @Field(() => ID, {
    description: 'Code in the catalogue this gemeente uses (see Gemeente.ondersteuningsbehoeften).',
  })
  ondersteuningsbehoefte: string

  @Field(() => Niveau)
  niveau: Niveau

  @Field(() => [ResultaatInvoer])
  @ArrayMinSize(1, { message: 'een behoefte heeft minstens één resultaat' })
  @ArrayMaxSize(MAX_RESULTATEN, { message: `ten hoogste ${MAX_RESULTATEN} resultaten tegelijk` })
  @ValidateNested()
  resultaten: ResultaatInvoer[]
}

@InputType({
  description:
    'A new level for a need. A running allocation for it is replaced in the same change: it ends, ' +
    'and a new one at the new level’s tariff takes over.',
})
export class NiveauWijziging {
  @Field(() => ID)
  behoefteId: string

  @Field(() => Niveau)
  niveau: Niveau

  @Field(() => Int, {
    nullable: true,
    description:
      'Volume of the replacing allocation, in the new level’s unit: needed when that unit differs, ' +
      'otherwise the running allocation’s volume is kept.',
  })
  @Min(1, { message: '1 tot en met 99999' })
  @Max(99_999, { message: '1 tot en met 99999' })
  volume?: number | null
}

@InputType()
export class ExtraResultaat {
  @Field(() => ID)
  behoefteId: string

  @Field(() => String)
  @Tekst(1000, 15, { message: 'schrijf het resultaat concreet uit, in 15 tot 1000 tekens' })
  omschrijving: string

  @Field(() => Datum)
  streefdatum: string
}

@InputType({ description: 'An adjustment of an active plan; every part is optional, the reason is not.' })
export class PlanAanpassing {
  @Field(() => [NiveauWijziging], { nullable: true })
  @ArrayMaxSize(MAX_RESULTATEN, { message: `ten hoogste ${MAX_RESULTATEN} wijzigingen tegelijk` })
  @ValidateNested()
  niveaus?: NiveauWijziging[] | null

  @Field(() => [ExtraResultaat], { nullable: true })
  @ArrayMaxSize(MAX_RESULTATEN, { message: `ten hoogste ${MAX_RESULTATEN} resultaten tegelijk` })
  @ValidateNested()
  resultaten?: ExtraResultaat[] | null
}

@InputType()
export class EvaluatieInvoer {
  @Field(() => ID)
  resultaatId: string

  @Field(() => Int, { description: 'Progress towards the result, 0 to 100.' })
  @Min(0, { message: 'van 0 tot en met 100' })
  @Max(100, { message: 'van 0 tot en met 100' })
  voortgang: number

  @Field(() => String)
  @Tekst(2000, 3)
  toelichting: string
}

@InputType({ description: 'The outcome of one result of the plan.' })
export class ResultaatBeoordeling {
  @Field(() => ID)
  resultaatId: string

  @Field(() => Uitkomst)
  uitkomst: Uitkomst
}

const BEOORDELINGEN = { message: '1 tot en met 100 resultaten tegelijk' }

/** Several results of one plan assessed at once: one new version of the plan, not one per result. */
@ArgsType()
export class BeoordelingenArgs {
  @Field(() => [ResultaatBeoordeling])
  @ArrayMinSize(1, BEOORDELINGEN)
  @ArrayMaxSize(100, BEOORDELINGEN)
  @ValidateNested()
  beoordelingen: ResultaatBeoordeling[]
}

const reden = { message: 'geef de reden, in 5 tot 500 tekens' }

/** Why a plan is changed: kept with the version it makes (PlanVersie.reden). */
@ArgsType()
export class RedenArgs {
  @Field(() => String)
  @Tekst(500, 5, reden)
  reden: string
}

@ArgsType()
export class BehoefteRedenArgs {
  @Field(() => String, { defaultValue: 'Ondersteuningsbehoefte toegevoegd' })
  @Tekst(500, 5, reden)
  reden: string
}
