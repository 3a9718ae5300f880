import { Field, ObjectType } from 'type-graphql'
import { Inwoner } from '../inwoner/inwoner.entity'

/**
 * The signed-in resident's own view. Not an entity: it is reached only through `mij`, and only
 * by the resident themself.
 */
@ObjectType({
  description:
    'The signed-in resident and everything about them: an adult sees the plan of their household, a minor what is about themself.',
})
export class Mij {
  @Field(() => Inwoner)
  inwoner: Inwoner

  @Field(() => Boolean, {
    description:
      '18 or older today: then the household’s plan is shown too, unless they moved away (inwoner.verhuisdOp).',
  })
  volwassen: boolean

  /** Whether the lists hold the household's things or only the resident's own (Toegang.zietHuishouden). */
  zietHuishouden: boolean
}
