import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql'
import { Datum } from '../../../shared/graphql/scalars'
import type { CatalogusContext } from '../context'
import { Tarief, geldigOp } from '../tarief/tarief.entity'
import { Module } from './module.entity'

@Resolver(() => Module)
export class ModuleResolver {
  @Query(() => [Module], { description: 'The regional modules, bought by all fourteen gemeenten.' })
  modules(@Ctx() { db }: CatalogusContext): Promise<Module[]> {
    return db.getRepository(Module).find({ order: { code: 'ASC' } })
  }

  @Query(() => Module, { nullable: true })
  module(@Arg('code', () => ID) code: string, @Ctx() { loaders }: CatalogusContext): Promise<Module | null> {
    return loaders.module.load(code)
  }

  @FieldResolver(() => [Tarief])
  async tarieven(
    @Root() module: Module,
    @Arg('peildatum', () => Datum, { nullable: true }) peildatum: string | null,
    @Ctx() { loaders }: CatalogusContext,
  ): Promise<Tarief[]> {
    const tarieven = await loaders.tarievenVanModule.load(module.code)
    return peildatum ? tarieven.filter((t) => geldigOp(t, peildatum)) : tarieven
  }
}
