import { Field, ID, InputType, Int } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import { Niveau } from '../../../shared/ijw/codes'

@InputType({
  description:
    'A result written for this family: concrete, with a target date. There are no standard results.',
})
export class ResultaatInvoer {
  @Field(() => String)
  omschrijving: string

  @Field(() => Datum)
  streefdatum: string
}

@InputType()
export class BehoefteInvoer {
  @Field(() => ID, { description: 'The member of the household the need is for.' })
  inwonerId: string

  @Field(() => ID, {
    description: 'Code in the catalogue this gemeente uses (see Gemeente.ondersteuningsbehoeften).',
  })
  ondersteuningsbehoefte: string

  @Field(() => Niveau)
  niveau: Niveau

  @Field(() => [ResultaatInvoer])
  resultaten: ResultaatInvoer[]
}

@InputType()
export class NiveauWijziging {
  @Field(() => ID)
  behoefteId: string

  @Field(() => Niveau)
  niveau: Niveau
}

@InputType()
export class ExtraResultaat {
  @Field(() => ID)
  behoefteId: string

  @Field(() => String)
  omschrijving: string

  @Field(() => Datum)
  streefdatum: string
}

@InputType({ description: 'An adjustment of an active plan; every part is optional, the reason is not.' })
export class PlanAanpassing {
  @Field(() => [NiveauWijziging], { nullable: true })
  niveaus?: NiveauWijziging[] | null

  @Field(() => [ExtraResultaat], { nullable: true })
  resultaten?: ExtraResultaat[] | null
}

@InputType()
export class EvaluatieInvoer {
  @Field(() => ID)
  resultaatId: string

  @Field(() => Int, { description: 'Progress towards the result, 0 to 100.' })
  voortgang: number

  @Field(() => String)
  toelichting: string
}
