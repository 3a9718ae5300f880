import { Field, ID, InputType, Int } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import { Productcategorie } from '../../../shared/ijw/codes'

@InputType({
  description: 'The iJw/iWmo fields of a toewijzing; unit, frequency and budget follow from the tariff.',
})
export class ToewijzingInvoer {
  @Field(() => ID, {
    description: 'The need in the plan this allocation serves; its chosen provider receives it.',
  })
  behoefteId: string

  @Field(() => Productcategorie)
  productcategorie: Productcategorie

  @Field(() => String, { nullable: true, description: 'Productcode, at most 5 characters.' })
  productcode?: string | null

  @Field(() => Datum)
  ingangsdatum: string

  @Field(() => Datum)
  einddatum: string

  @Field(() => Int, { description: 'Volume, in the tariff’s unit per its frequency.' })
  volume: number

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Regional modules allocated with it, such as transport or a stay.',
  })
  modules: string[]

  @Field(() => String, { nullable: true, description: 'ReferentieAanbieder, at most 36 characters.' })
  referentieAanbieder?: string | null

  @Field(() => String, { nullable: true })
  commentaar?: string | null
}
