import { ArgsType, Field } from 'type-graphql'
import { Tekst } from '../../../shared/graphql/validation'

@ArgsType()
export class InwonerZoekArgs {
  @Field(() => String, { nullable: true })
  // A BSN is 9 digits and a name part is short; a longer string is a mistake or an attack.
  @Tekst(100)
  zoek?: string | null
}
