import { ArrayMaxSize } from 'class-validator'
import { ArgsType, Field, ID } from 'type-graphql'
import { Tekst } from '../../../shared/graphql/validation'

@ArgsType()
export class AanpakArgs {
  @Field(() => ID)
  toewijzingId: string

  @Field(() => ID, { description: 'A result of the need this allocation serves.' })
  resultaatId: string

  @Field(() => String, { description: 'How the provider works on it, with the resident: in plain words.' })
  @Tekst(2000, 15, { message: 'beschrijf de aanpak in 15 tot 2000 tekens' })
  beschrijving: string

  @Field(() => [ID], { defaultValue: [], description: 'The allocation’s modules this approach uses.' })
  @ArrayMaxSize(20, { message: 'ten hoogste 20 modules' })
  modules: string[]
}
