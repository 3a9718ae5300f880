import { ArrayMaxSize, Matches, ValidateNested } from 'class-validator'
import { ArgsType, Field, ID, InputType } from 'type-graphql'
import { Tekst } from '../../../shared/graphql/validation'
import { Niveau } from '../../../shared/ijw/codes'
import { AanmeldingStatus } from './aanmelding.entity'
import { KwaliteitsbewijsInvoer } from '../../../shared/graphql/inschrijving'

@InputType({ description: 'A lot to apply for: one support need at one level.' })
export class PerceelInvoer {
  @Field(() => ID, { description: 'Code of the support need in the regional catalogue (VB-OB-01).' })
  ondersteuningsbehoefte: string

  @Field(() => Niveau)
  niveau: Niveau
}

@InputType({ description: 'The first location of a provider that is not yet registered.' })
export class LocatieInvoer {
  @Field(() => String)
  @Tekst(200, 1)
  naam: string

  @Field(() => String, { description: 'Dutch postcode; a space and lower case are accepted.' })
  postcode: string

  @Field(() => String)
  @Tekst(100, 1)
  plaats: string
}

@InputType({ description: 'An application to the registry.' })
export class AanmeldingInvoer {
  @Field(() => ID, { description: 'AGB code of the applying provider: the caller’s own.' })
  agbCode: string

  @Field(() => String, { nullable: true, description: 'Required when the provider is not yet registered.' })
  @Matches(/^\d{8}$/, { message: 'acht cijfers' })
  kvkNummer?: string | null

  @Field(() => String, { nullable: true, description: 'Required when the provider is not yet registered.' })
  @Tekst(200, 1)
  naam?: string | null

  @Field(() => LocatieInvoer, {
    nullable: true,
    description: 'Required when the provider is not yet registered.',
  })
  @ValidateNested()
  locatie?: LocatieInvoer | null

  // As many lots as a contract carries (the registry's own contract messages hold at most 100).
  @Field(() => [PerceelInvoer], { description: 'At most 100.' })
  @ArrayMaxSize(100, { message: 'ten hoogste 100 percelen' })
  @ValidateNested()
  percelen: PerceelInvoer[]

  @Field(() => [ID], { nullable: true, description: 'Codes of regional modules (VB-MOD-01); at most 100.' })
  @ArrayMaxSize(100, { message: 'ten hoogste 100 modules' })
  modules?: string[] | null

  @Field(() => [ID], { description: 'The gemeenten (CBS codes) the provider wants to work in.' })
  @ArrayMaxSize(14, { message: 'ten hoogste de 14 Twentse gemeenten' })
  gemeenten: string[]
}

export { KwaliteitsbewijsInvoer }

@ArgsType()
export class AanmeldingenFilter {
  @Field(() => AanmeldingStatus, { nullable: true, description: 'Only applications in this state.' })
  status?: AanmeldingStatus | null
}
