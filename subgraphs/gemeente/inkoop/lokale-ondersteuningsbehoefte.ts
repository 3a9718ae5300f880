import { Field, ID, ObjectType } from 'type-graphql'
import { InkoopModus } from '../../../shared/graphql/inkoop'
import { Niveau, Wet } from '../../../shared/ijw/codes'
import { OndersteuningsbehoefteRef } from '../stubs/stubs'

@ObjectType({
  description:
    'A support need as it applies in this gemeente: from the regional catalogue, or from the gemeente’s own ' +
    '(Almelo, Hof van Twente). The same shape everywhere, so a front-end need not know which.',
})
export class LokaleOndersteuningsbehoefte {
  @Field(() => ID)
  code: string

  @Field(() => String)
  naam: string

  @Field(() => String)
  omschrijving: string

  @Field(() => Wet)
  wet: Wet

  @Field(() => [Niveau])
  niveaus: Niveau[]

  @Field(() => InkoopModus)
  bron: InkoopModus

  @Field(() => OndersteuningsbehoefteRef, {
    nullable: true,
    description: 'The regional entry, when bron is REGIONAAL.',
  })
  regionaal: OndersteuningsbehoefteRef | null
}
