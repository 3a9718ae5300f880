import { Field, Int, ObjectType } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import { Toewijzing } from './toewijzing.entity'

/**
 * What `aanbiederWaarderen` recorded, so that the resident sees their rating as it was kept. The
 * registry receives only provider, score and text; this answer goes back to the resident alone.
 */
@ObjectType({ description: 'A resident’s rating of the provider of an ended allocation, as recorded.' })
export class AanbiederWaardering {
  @Field(() => Int, { description: '1 (poor) to 5 (excellent).' })
  score: number

  @Field(() => String, { nullable: true })
  toelichting: string | null

  @Field(() => Datum, { description: 'The day the rating was given.' })
  datum: string

  @Field(() => Toewijzing, { description: 'The ended allocation the rating is about.' })
  toewijzing: Toewijzing
}
