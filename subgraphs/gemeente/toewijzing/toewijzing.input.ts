import { ArrayMaxSize, Matches, Max, Min, ValidateNested } from 'class-validator'
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import { Tekst } from '../../../shared/graphql/validation'
import { Frequentie, Productcategorie } from '../../../shared/ijw/codes'

@InputType({
  description:
    'A regional module with its volume: units (the module tariff’s unit) per frequency, over the ' +
    'allocation’s period.',
})
export class ModuleInvoer {
  @Field(() => ID)
  module: string

  @Field(() => Int)
  @Min(1, { message: '1 tot en met 99999' })
  @Max(99_999, { message: '1 tot en met 99999' })
  volume: number

  @Field(() => Frequentie, {
    nullable: true,
    description: 'How often the volume applies; the module tariff’s own frequency when left out.',
  })
  frequentie?: Frequentie | null
}

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
    description:
      'Regional modules by code alone: each at volume 1 in its tariff’s unit per its tariff’s ' +
      'frequency (a stay every night, a ride every day), priced like `moduleregels`. Give ' +
      '`moduleregels` to set the volume.',
  })
  @ArrayMaxSize(20, { message: 'ten hoogste 20 modules' })
  modules: string[]

  @Field(() => [ModuleInvoer], {
    defaultValue: [],
    description:
      'Regional modules with their volume, such as transport or a stay; priced at the tariff in force on the start date.',
  })
  @ArrayMaxSize(20, { message: 'ten hoogste 20 modules' })
  @ValidateNested()
  moduleregels: ModuleInvoer[]

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
