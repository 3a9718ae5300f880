import { Directive, Field, ID, ObjectType } from 'type-graphql'
import { RuweTellingen } from '../../../shared/graphql/cijfers'

export const TWENTE = 'twente'

@ObjectType({ description: 'The region Twente: the fourteen gemeenten together.' })
@Directive('@key(fields: "id")')
export class Regio {
  @Field(() => ID)
  id: string

  /** Supplied by every gemeente subgraph instance, concatenated by the gateway; see Regio.cijfers. */
  @Field(() => [RuweTellingen], { nullable: true })
  @Directive('@external')
  ruweTellingen?: RuweTellingen[] | null
}
