import { ArrayMaxSize, ArrayMinSize, Matches, Max, Min, ValidateNested } from 'class-validator'
import { Field, ID, InputType, Int } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import { Tekst } from '../../../shared/graphql/validation'
import { Eenheid, Frequentie, Niveau, Wet } from '../../../shared/ijw/codes'

@InputType({ description: 'A lot to apply for: one of the gemeente’s own support needs at one level.' })
export class EigenPerceelInvoer {
  @Field(() => ID, { description: 'Code of the gemeente’s own support need (VB-HVT-OB-01).' })
  @Tekst(30, 1)
  ondersteuningsbehoefte: string

  @Field(() => Niveau)
  niveau: Niveau
}

@InputType({ description: 'An application for lots of a gemeente with its own procurement.' })
export class EigenAanmeldingInvoer {
  @Field(() => ID, {
    description: 'AGB code of the applying provider: the caller’s own, known in the registry.',
  })
  @Matches(/^\d{8}$/, { message: 'acht cijfers' })
  agbCode: string

  @Field(() => [EigenPerceelInvoer])
  @ArrayMinSize(1, { message: 'ten minste één ondersteuningsbehoefte met niveau' })
  @ArrayMaxSize(100, { message: 'ten hoogste 100 percelen' })
  @ValidateNested()
  percelen: EigenPerceelInvoer[]
}

@InputType({
  description:
    'A new tariff for one of the gemeente’s own lots, from geldigVan on. The tariff running then ends the day before; earlier periods are not changed.',
})
export class EigenTariefInvoer {
  @Field(() => ID)
  @Tekst(30, 1)
  ondersteuningsbehoefte: string

  @Field(() => Niveau)
  niveau: Niveau

  @Field(() => Datum)
  geldigVan: string

  @Field(() => Datum, { nullable: true, description: 'Last day; open-ended when left out.' })
  geldigTot?: string | null

  @Field(() => Int, { description: 'Price per unit in eurocents.' })
  @Min(1, { message: 'ten minste 1 cent' })
  @Max(99_999_999, { message: 'ten hoogste 99999999 cent' })
  bedragCent: number

  @Field(() => Eenheid)
  eenheid: Eenheid

  @Field(() => Frequentie)
  frequentie: Frequentie
}

@InputType({
  description:
    'One of the gemeente’s own support needs with the levels it buys: new, or an existing one with its name, description or more levels. Levels are never taken away: contracts and plans refer to them.',
})
export class EigenOndersteuningsbehoefteInvoer {
  @Field(() => ID, { description: 'Its code, as the gemeente’s contract annex gives it.' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,19}$/, { message: 'hoofdletters, cijfers en streepjes, ten hoogste 20' })
  code: string

  @Field(() => String)
  @Tekst(200, 1)
  naam: string

  @Field(() => String)
  @Tekst(1000, 1)
  omschrijving: string

  @Field(() => Wet)
  wet: Wet

  @Field(() => [Niveau])
  @ArrayMinSize(1, { message: 'ten minste één niveau' })
  niveaus: Niveau[]
}
