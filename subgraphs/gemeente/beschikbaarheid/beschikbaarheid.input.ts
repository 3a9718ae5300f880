import { Max, Min } from 'class-validator'
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import { Tekst } from '../../../shared/graphql/validation'

// Years in which the Twents model runs (since 2019); a budget is set for this year or a coming one.
const JAAR = { min: 2019, max: 2100, message: '2019 tot en met 2100' }

@ArgsType()
export class BudgetArgs {
  @Field(() => ID, { description: 'Code of the regional beschikbaarheidsvoorziening.' })
  voorziening: string

  @Field(() => Int)
  @Min(JAAR.min, { message: JAAR.message })
  @Max(JAAR.max, { message: JAAR.message })
  jaar: number

  @Field(() => Int, { description: 'Eurocents for the year.' })
  @Min(0, { message: '0 tot en met 2000000000' })
  @Max(2_000_000_000, { message: '0 tot en met 2000000000' })
  budgetCent: number
}

@InputType({ description: 'Use of a beschikbaarheidsvoorziening: an amount, units, or both.' })
export class GebruikInvoer {
  @Field(() => ID)
  voorziening: string

  @Field(() => Datum, { description: 'When it was used; not in the future.' })
  datum: string

  @Field(() => Int, { defaultValue: 0, description: 'Eurocents spent.' })
  @Min(0, { message: '0 tot en met 99999999' })
  @Max(99_999_999, { message: '0 tot en met 99999999' })
  bedragCent: number

  @Field(() => Int, { nullable: true })
  @Min(1, { message: '1 tot en met 99999' })
  @Max(99_999, { message: '1 tot en met 99999' })
  eenheden?: number | null

  @Field(() => String, { nullable: true })
  @Tekst(500)
  omschrijving?: string | null
}

@ArgsType()
export class JaarArgs {
  @Field(() => Int)
  @Min(JAAR.min, { message: JAAR.message })
  @Max(JAAR.max, { message: JAAR.message })
  jaar: number
}
