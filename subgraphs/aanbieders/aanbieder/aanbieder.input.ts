import { IsIn, Matches, Max, Min } from 'class-validator'
import { ArgsType, Field, ID, Int } from 'type-graphql'
import { GEMEENTE_CODES } from '../../../shared/gemeenten'
import { Niveau } from '../../../shared/ijw/codes'
import { twentseGemeente } from '../keuze/keuze.input'
import { MAX_WACHTTIJD_WEKEN } from './aanbieder.entity'

@ArgsType()
export class AgbCodeArgs {
  @Field(() => ID)
  @Matches(/^\d{8}$/, { message: 'een AGB-code bestaat uit acht cijfers' })
  agbCode: string
}

@ArgsType()
export class AanbiedersFilter {
  @Field(() => ID, {
    nullable: true,
    description: 'Only providers whose service area includes this gemeente (CBS code).',
  })
  @IsIn(GEMEENTE_CODES, twentseGemeente)
  gemeente?: string | null

  @Field(() => ID, {
    nullable: true,
    description: 'Only providers with an active contract that has a lot for this support need.',
  })
  ondersteuningsbehoefte?: string | null

  @Field(() => Niveau, {
    nullable: true,
    description:
      'Only providers with an active contract that has a lot at this level (of the support need, if given).',
  })
  niveau?: Niveau | null

  @Field(() => ID, { nullable: true, description: 'Only providers with this specialisation.' })
  specialisatie?: string | null
}

@ArgsType()
export class WachttijdArgs {
  @Field(() => Int, { nullable: true })
  @Min(0, { message: `tussen 0 en ${MAX_WACHTTIJD_WEKEN} weken` })
  @Max(MAX_WACHTTIJD_WEKEN, { message: `tussen 0 en ${MAX_WACHTTIJD_WEKEN} weken` })
  weken?: number | null
}
