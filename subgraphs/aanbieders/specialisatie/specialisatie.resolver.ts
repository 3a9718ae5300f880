import { Ctx, Query, Resolver } from 'type-graphql'
import type { AanbiedersContext } from '../context'
import { Specialisatie } from './specialisatie.entity'

@Resolver(() => Specialisatie)
export class SpecialisatieResolver {
  @Query(() => [Specialisatie], { description: 'The controlled list of specialisations, by code.' })
  specialisaties(@Ctx() { db }: AanbiedersContext): Promise<Specialisatie[]> {
    return db.getRepository(Specialisatie).find({ order: { code: 'ASC' } })
  }
}
