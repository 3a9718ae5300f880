import { IsIn, Matches } from 'class-validator'
import { ArgsType, Field, ID, registerEnumType } from 'type-graphql'
import { GEMEENTE_CODES } from '../../../shared/gemeenten'
import { Datum } from '../../../shared/graphql/scalars'
import { Niveau } from '../../../shared/ijw/codes'
import { CATALOGUSCODE } from '../aanmelding/aanmelding.rules'

/** The first 2 to 4 digits of a postcode. */
const POSTCODEGEBIED = /^[1-9][0-9]{1,3}$/

/** A gemeente of Twente; the message repeats the code that was given. */
export const twentseGemeente = {
  message: ({ value }: { value: unknown }) => `${String(value)} is geen Twentse gemeentecode`,
}

export enum KeuzeSortering {
  NAAM = 'NAAM',
  WACHTTIJD = 'WACHTTIJD',
}
registerEnumType(KeuzeSortering, {
  name: 'KeuzeSortering',
  valuesConfig: {
    NAAM: { description: 'By name.' },
    WACHTTIJD: {
      description: 'Shortest waiting time first, then by name; providers that report none come last.',
    },
  },
})

@ArgsType()
export class KeuzeArgs {
  @Field(() => ID, { description: 'The gemeente (CBS code) the resident lives in.' })
  @IsIn(GEMEENTE_CODES, twentseGemeente)
  gemeente: string

  @Field(() => ID, { description: 'Code of the support need in the regional catalogue.' })
  @Matches(CATALOGUSCODE, { message: 'een code uit de regionale catalogus' })
  ondersteuningsbehoefte: string

  @Field(() => Niveau)
  niveau: Niveau

  @Field(() => Datum, {
    nullable: true,
    description: 'The day the contract must be valid on; today when left out.',
  })
  peildatum?: string | null

  @Field(() => ID, { nullable: true, description: 'Only providers with this specialisation.' })
  specialisatie?: string | null

  @Field(() => String, {
    nullable: true,
    description:
      'The first 2 to 4 digits of a postcode (75, 751, 7511): only providers with a location there.',
  })
  @Matches(POSTCODEGEBIED, { message: '2 tot 4 cijfers van een postcode (75, 751, 7511)' })
  postcodegebied?: string | null

  @Field(() => KeuzeSortering, { defaultValue: KeuzeSortering.NAAM })
  sorteer: KeuzeSortering
}
