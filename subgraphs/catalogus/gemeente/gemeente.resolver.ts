import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql'
import type { CatalogusContext } from '../context'
import { Gemeente } from './gemeente.entity'

@Resolver(() => Gemeente)
export class GemeenteResolver {
  @Query(() => [Gemeente], { description: 'The fourteen Twentse gemeenten, by CBS code.' })
  gemeenten(@Ctx() { db }: CatalogusContext): Promise<Gemeente[]> {
    return db.getRepository(Gemeente).find({ order: { code: 'ASC' } })
  }

  @Query(() => Gemeente, { nullable: true })
  gemeente(
    @Arg('code', () => ID) code: string,
    @Ctx() { loaders }: CatalogusContext,
  ): Promise<Gemeente | null> {
    return loaders.gemeente.load(code)
  }
}
