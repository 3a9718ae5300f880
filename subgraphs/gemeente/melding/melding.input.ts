import { ArgsType, Field, ID, InputType } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import { Tekst } from '../../../shared/graphql/validation'
import { VerwijzerType } from '../../../shared/ijw/codes'

@InputType()
export class MeldingInvoer {
  @Field(() => ID)
  huishoudenId: string

  @Field(() => ID, { nullable: true, description: 'The member the request is about, when it is about one.' })
  inwonerId?: string | null

  @Field(() => VerwijzerType)
  verwijzerType: VerwijzerType

  @Field(() => String, { nullable: true })
  @Tekst(200)
  verwijzerNaam?: string | null

  @Field(() => String)
  @Tekst(2000, 5)
  omschrijving: string

  @Field(() => Datum, { nullable: true, description: 'Defaults to today.' })
  datum?: string | null
}

@ArgsType()
export class BevindingArgs {
  @Field(() => String)
  @Tekst(2000, 5)
  bevinding: string
}
