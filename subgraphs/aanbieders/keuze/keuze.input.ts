import { ArgsType, Field, ID, registerEnumType } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import { Niveau } from '../../../shared/ijw/codes'

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
  gemeente: string

  @Field(() => ID, { description: 'Code of the support need in the regional catalogue.' })
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
  postcodegebied?: string | null

  @Field(() => KeuzeSortering, { defaultValue: KeuzeSortering.NAAM })
  sorteer: KeuzeSortering
}
