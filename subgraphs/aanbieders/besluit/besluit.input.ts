import { ArgsType, Field } from 'type-graphql'
import { Tekst } from '../../../shared/graphql/validation'

/** The reason a decision is given with; kept in the decision's history (Besluit.reden). */
@ArgsType()
export class RedenArgs {
  @Field(() => String)
  @Tekst(2000, 3)
  reden: string
}

/** A reason the one deciding may leave out. */
@ArgsType()
export class ToelichtingArgs {
  @Field(() => String, { nullable: true })
  @Tekst(2000, 3)
  reden?: string | null
}
