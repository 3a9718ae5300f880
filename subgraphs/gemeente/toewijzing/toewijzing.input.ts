import { ArrayMaxSize, Matches, Max, Min } from 'class-validator'
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import { Tekst } from '../../../shared/graphql/validation'
import { Productcategorie } from '../../../shared/ijw/codes'

@InputType({
  description: 'The iJw/iWmo fields of a toewijzing; unit, frequency and budget follow from the tariff.',
})
export class ToewijzingInvoer {
  @Field(() => ID, {
    description: 'The need in the plan this allocation serves; its chosen provider receives it.',
  })
  behoefteId: string

  @Field(() => Productcategorie)
  productcategorie: Productcategorie

  @Field(() => String, { nullable: true, description: 'Productcode, at most 5 characters.' })
  @Matches(/^[A-Za-z0-9]{1,5}$/, { message: '1 tot 5 letters of cijfers' })
  productcode?: string | null

  @Field(() => Datum)
  ingangsdatum: string

  @Field(() => Datum)
  einddatum: string

  @Field(() => Int, { description: 'Volume, in the tariff’s unit per its frequency.' })
  // The iJw/iWmo message carries five digits.
  @Min(1, { message: '1 tot en met 99999' })
  @Max(99_999, { message: '1 tot en met 99999' })
  volume: number

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Regional modules allocated with it, such as transport or a stay.',
  })
  @ArrayMaxSize(20, { message: 'ten hoogste 20 modules' })
  modules: string[]

  @Field(() => String, { nullable: true, description: 'ReferentieAanbieder, at most 36 characters.' })
  @Tekst(36)
  referentieAanbieder?: string | null

  @Field(() => String, { nullable: true })
  @Tekst(1000)
  commentaar?: string | null
}

/** A resident's rating of a provider; it goes to the registry without the resident. */
@ArgsType()
export class WaarderingArgs {
  @Field(() => String, { nullable: true })
  @Tekst(1000)
  toelichting?: string | null

  @Field(() => Int, { description: '1 (poor) to 5 (excellent).' })
  @Min(1, { message: '1 tot en met 5' })
  @Max(5, { message: '1 tot en met 5' })
  score: number
}
