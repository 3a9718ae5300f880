import { Max, Min } from 'class-validator'
import { ArgsType, Field, ID, Int } from 'type-graphql'
import { Niveau } from '../../../shared/ijw/codes'
import { MAX_WACHTTIJD_WEKEN } from './aanbieder.entity'

@ArgsType()
export class AanbiedersFilter {
  @Field(() => ID, {
    nullable: true,
    description: 'Only providers whose service area includes this gemeente (CBS code).',
  })
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
