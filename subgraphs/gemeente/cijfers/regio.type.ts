import { Directive, Field, ID, ObjectType } from 'type-graphql'
import { RuweTellingen } from '../../../shared/graphql/cijfers'

/**
 * The region, owned by the catalogue. This subgraph adds its raw counts by reference: it sends
 * them to the catalogue itself and names the version; the gateway asks all fourteen gemeenten,
 * concatenates the versions, and the catalogue computes the region's figures from the counts
 * it holds under them (@requires). Clients never see the raw counts (@inaccessible).
 */
@ObjectType('Regio')
@Directive('@key(fields: "id")')
export class RegioRef {
  @Field(() => ID)
  id: string

  @Field(() => [RuweTellingen], { nullable: true })
  @Directive('@inaccessible')
  ruweTellingen?: RuweTellingen[] | null
}
