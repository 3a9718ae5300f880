import { ArrayMaxSize, ValidateNested } from 'class-validator'
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import { Niveau } from '../../../shared/ijw/codes'

@InputType({
  description: 'One message from a gemeente’s outbox: UITKOMST or WAARDERING, its content as JSON.',
})
export class RegisterberichtInvoer {
  @Field(() => ID)
  id: string

  @Field(() => String)
  soort: string

  @Field(() => String)
  inhoud: string
}

/** A batch a gemeente's outbox delivers at once. */
export const MAX_BERICHTEN = 500

@ArgsType()
export class RegisterberichtenArgs {
  @Field(() => [RegisterberichtInvoer])
  @ArrayMaxSize(MAX_BERICHTEN, { message: `ten hoogste ${MAX_BERICHTEN} berichten per keer` })
  @ValidateNested()
  berichten: RegisterberichtInvoer[]
}

@ObjectType({
  description:
    'Residents’ ratings of a provider, after their care ended: average and count. Hidden below 10, as results are.',
})
export class Waarderingscijfer {
  @Field(() => Float, {
    nullable: true,
    description: '1 to 5; null when fewer than 10 ratings, so that no single resident’s score shows.',
  })
  gemiddelde: number | null

  @Field(() => Int, { nullable: true, description: 'Ratings; null when fewer than 10, else rounded to 5.' })
  aantal: number | null
}

@ObjectType({
  description:
    'One resident’s rating, for the provider itself and the registry manager: score, comment as the resident wrote it, date. No person.',
})
export class EigenWaardering {
  @Field(() => Int, { description: '1 to 5.' })
  score: number

  @Field(() => String, {
    nullable: true,
    description: 'The resident’s comment, shown as written; null when the resident left none.',
  })
  toelichting: string | null

  @Field(() => Datum, { description: 'The day of the rating.' })
  datum: string
}

@ObjectType({
  description:
    'Results achieved with a support need at a level: closed allocations and the share of results achieved. Hidden below 10.',
})
export class BehaaldResultaat {
  @Field(() => ID, {
    description: 'The support need’s code: regional, or a gemeente’s own (Almelo, Hof van Twente).',
  })
  ondersteuningsbehoefte: string

  @Field(() => String, { description: 'Its name, as the gemeenten wrote it in their plans.' })
  naam: string

  @Field(() => Niveau)
  niveau: Niveau

  @Field(() => Int, {
    nullable: true,
    description: 'Closed allocations; null when fewer than 10, else rounded to 5.',
  })
  afgeslotenToewijzingen: number | null

  @Field(() => Float, {
    nullable: true,
    description: 'Share of their results achieved, 0 to 1; null when hidden.',
  })
  aandeelBehaald: number | null

  @Field(() => Float, { nullable: true, description: 'Share partly achieved, 0 to 1; null when hidden.' })
  aandeelDeelsBehaald: number | null
}

@ObjectType({ description: 'Results achieved over all support needs and levels together. Hidden below 10.' })
export class BehaaldTotaal {
  @Field(() => Int, {
    nullable: true,
    description: 'Closed allocations; null when fewer than 10, else rounded to 5.',
  })
  afgeslotenToewijzingen: number | null

  @Field(() => Float, {
    nullable: true,
    description: 'Share of their results achieved, 0 to 1; null when hidden.',
  })
  aandeelBehaald: number | null
}

@ObjectType()
export class GeweigerdBericht {
  @Field(() => ID)
  id: string

  @Field(() => String)
  reden: string
}

@ObjectType({
  description: 'What the registry did with a batch: applied (or already held), and refused with a reason.',
})
export class RegisterberichtenResultaat {
  @Field(() => [ID])
  verwerkt: string[]

  @Field(() => [GeweigerdBericht], {
    description: 'Messages the registry cannot apply; sending them again will not help.',
  })
  geweigerd: GeweigerdBericht[]
}
