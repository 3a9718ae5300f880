import { ArrayMaxSize, ArrayMinSize, Matches, Max, Min, ValidateNested } from 'class-validator'
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql'
import { Tekst } from '../../../shared/graphql/validation'

@InputType({ description: 'One delivered product: the support itself (no module), or one of its modules.' })
export class DeclaratieRegelInvoer {
  @Field(() => ID, {
    nullable: true,
    description: 'A module of the allocation; left out: the support itself.',
  })
  module?: string | null

  @Field(() => Int, {
    description: 'Delivered volume in the product’s unit: hours for level A, 1 month of output for B-D.',
  })
  // The iJw/iWmo message carries five digits.
  @Min(1, { message: '1 tot en met 99999' })
  @Max(99_999, { message: '1 tot en met 99999' })
  volume: number
}

@ArgsType()
export class DeclarerenArgs {
  @Field(() => ID)
  toewijzingId: string

  @Field(() => String, { description: 'The month, as YYYY-MM.' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'een maand als JJJJ-MM' })
  periode: string

  @Field(() => [DeclaratieRegelInvoer])
  @ArrayMinSize(1, { message: 'minstens één regel' })
  @ArrayMaxSize(21, { message: 'ten hoogste 21 regels' })
  @ValidateNested()
  regels: DeclaratieRegelInvoer[]
}

@InputType({ description: 'The gemeente’s judgement of one declared line.' })
export class RegelBeoordeling {
  @Field(() => ID)
  regelId: string

  @Field(() => Boolean, { description: 'true: accepted; false: refused (a reason is required).' })
  toegekend: boolean

  @Field(() => String, { nullable: true })
  @Tekst(500, 0)
  reden?: string | null
}

@ArgsType()
export class BeoordelenArgs {
  @Field(() => ID)
  declaratieId: string

  @Field(() => Int, { description: 'The version of the declaration you read.' })
  versie: number

  @Field(() => [RegelBeoordeling])
  @ArrayMinSize(1, { message: 'minstens één beoordeling' })
  @ArrayMaxSize(21, { message: 'ten hoogste 21 beoordelingen' })
  @ValidateNested()
  beoordelingen: RegelBeoordeling[]
}
