import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql'
import { Module } from '../catalogus-stubs/module.stub'
import type { AanbiedersContext } from '../context'
import { Contract } from './contract.entity'
import { Contractperceel } from './contractperceel.entity'

@Resolver(() => Contract)
export class ContractResolver {
  @FieldResolver(() => [Contractperceel], {
    description: 'The support needs and levels this contract covers.',
  })
  percelen(@Root() contract: Contract, @Ctx() { loaders }: AanbiedersContext): Promise<Contractperceel[]> {
    return loaders.contract.percelen.load(contract.id)
  }

  @FieldResolver(() => [Module], { description: 'The regional modules this contract covers.' })
  async modules(@Root() contract: Contract, @Ctx() { loaders }: AanbiedersContext): Promise<Module[]> {
    const rows = await loaders.contract.modules.load(contract.id)
    return rows.map((m) => ({ code: m.moduleCode }))
  }
}
