import { ArgsType, Field, ID } from 'type-graphql'
import { Niveau } from '../../../shared/ijw/codes'

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
