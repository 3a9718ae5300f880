import { FieldResolver, Resolver, Root } from 'type-graphql'
import { Ondersteuningsbehoefte } from '../catalogus-stubs/ondersteuningsbehoefte.stub'
import { Contractperceel } from './contractperceel.entity'

@Resolver(() => Contractperceel)
export class ContractperceelResolver {
  @FieldResolver(() => Ondersteuningsbehoefte)
  ondersteuningsbehoefte(@Root() perceel: Contractperceel): Ondersteuningsbehoefte {
    return { code: perceel.ondersteuningsbehoefteCode }
  }
}
