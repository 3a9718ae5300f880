import { Directive, Field, ID, ObjectType } from 'type-graphql'
import { RuweTellingen } from '../../../shared/graphql/cijfers'

/**
 * The region, owned by the catalogue. This subgraph adds its raw counts; the gateway asks all
 * fourteen gemeenten and concatenates them, and the catalogue computes the region's figures
 * from them (@requires). Clients never see the raw counts (@inaccessible).
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
