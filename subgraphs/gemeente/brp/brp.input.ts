import {
  ArrayMaxSize,
  ArrayMinSize,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator'
import { ArgsType, Field, InputType, Int } from 'type-graphql'
import { isValidBsn, normalisePostcode } from '../../../shared/ijw/identifiers'
import { Datum } from '../../../shared/graphql/scalars'
import { Tekst } from '../../../shared/graphql/validation'

/** Persons per call: one address's residents, or a day's changes, never the whole register. */
export const MAX_BRP_PERSONEN = 100

function Geldig(name: string, check: (value: string) => boolean, options: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: property,
      options,
      validator: { validate: (value: unknown) => typeof value === 'string' && check(value) },
    })
}

// The names of these inputs follow Haal Centraal BRP Personen (the person the API returns), so
// that a gemeente's BRP link maps its answer field by field; only what this task needs is asked.

@InputType({ description: 'A name as the BRP holds it.' })
export class BrpNaamInvoer {
  @Field(() => String, { nullable: true })
  @Tekst(200)
  voornamen?: string | null

  @Field(() => String, { nullable: true, description: 'Such as "van", "de", "ter".' })
  @Tekst(10)
  voorvoegsel?: string | null

  // With a prefix and a space the stored surname stays within its 200 characters.
  @Field(() => String)
  @Tekst(189, 1)
  geslachtsnaam: string
}

@InputType()
export class BrpGeboorteInvoer {
  @Field(() => Datum)
  datum: string
}

@InputType({ description: 'The address in the gemeente where the person lives (verblijfadres).' })
export class BrpVerblijfplaatsInvoer {
  @Field(() => String)
  @Tekst(80, 1)
  straat: string

  @Field(() => Int)
  @Min(1, { message: 'een huisnummer van 1 tot en met 99999' })
  @Max(99999, { message: 'een huisnummer van 1 tot en met 99999' })
  huisnummer: number

  @Field(() => String, { nullable: true })
  @Matches(/^[A-Za-z]$/, { message: 'één letter' })
  huisletter?: string | null

  @Field(() => String, { nullable: true })
  @Matches(/^[A-Za-z0-9]{1,4}$/, { message: '1 tot 4 letters of cijfers' })
  huisnummertoevoeging?: string | null

  @Field(() => String)
  @Geldig('postcode', (v) => normalisePostcode(v) !== null, {
    message: 'een Nederlandse postcode, zoals 7511 AB',
  })
  postcode: string

  @Field(() => String)
  @Tekst(80, 1)
  woonplaats: string
}

@InputType({ description: 'One person as the BRP returns them (Haal Centraal BRP Personen).' })
export class BrpPersoonInvoer {
  @Field(() => String)
  @Geldig('bsn', isValidBsn, { message: 'geen geldig burgerservicenummer (9 cijfers en de elfproef)' })
  burgerservicenummer: string

  @Field(() => BrpNaamInvoer)
  @ValidateNested()
  naam: BrpNaamInvoer

  @Field(() => BrpGeboorteInvoer)
  @ValidateNested()
  geboorte: BrpGeboorteInvoer

  @Field(() => String, {
    description:
      'CBS code of the gemeente the person is registered in. Another gemeente than this one: ' +
      'the person moved out, and only the move is recorded.',
  })
  @Matches(/^\d{4}$/, { message: 'een gemeentecode van vier cijfers' })
  gemeenteVanInschrijving: string

  @Field(() => Datum, {
    nullable: true,
    description: 'Since when the person is registered there: the day of a move to another gemeente.',
  })
  datumInschrijvingInGemeente?: string | null

  @Field(() => BrpVerblijfplaatsInvoer, {
    nullable: true,
    description: 'Needed for a person registered in this gemeente; not asked for anyone else.',
  })
  @ValidateNested()
  verblijfplaats?: BrpVerblijfplaatsInvoer | null
}

@ArgsType()
export class BrpPersonenArgs {
  @Field(() => [BrpPersoonInvoer], {
    description: `At most ${MAX_BRP_PERSONEN}; the persons at one address form one household.`,
  })
  @ArrayMinSize(1, { message: `1 tot ${MAX_BRP_PERSONEN} personen` })
  @ArrayMaxSize(MAX_BRP_PERSONEN, { message: `1 tot ${MAX_BRP_PERSONEN} personen` })
  @ValidateNested()
  personen: BrpPersoonInvoer[]
}
