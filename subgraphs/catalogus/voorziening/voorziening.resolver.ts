import { Ctx, Query, Resolver } from 'type-graphql'
import type { CatalogusContext } from '../context'
import { Beschikbaarheidsvoorziening } from './voorziening.entity'

@Resolver(() => Beschikbaarheidsvoorziening)
export class VoorzieningResolver {
  @Query(() => [Beschikbaarheidsvoorziening], { description: 'The regional availability provisions.' })
  beschikbaarheidsvoorzieningen(@Ctx() { db }: CatalogusContext): Promise<Beschikbaarheidsvoorziening[]> {
    return db.getRepository(Beschikbaarheidsvoorziening).find({ order: { code: 'ASC' } })
  }
}
