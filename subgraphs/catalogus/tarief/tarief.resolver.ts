import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql'
import { Niveau } from '../../../shared/ijw/codes'
import { Datum } from '../../../shared/graphql/scalars'
import type { CatalogusContext } from '../context'
import { Tarief, geldigOp } from './tarief.entity'

@Resolver(() => Tarief)
export class TariefResolver {
  @Query(() => Tarief, {
    nullable: true,
    description:
      'The regional tariff in force on a date for a support need at a level: null when there is none.',
  })
  async geldendTarief(
    @Arg('ondersteuningsbehoefte', () => ID) code: string,
    @Arg('niveau', () => Niveau) niveau: Niveau,
    @Arg('peildatum', () => Datum) peildatum: string,
    @Ctx() { loaders }: CatalogusContext,
  ): Promise<Tarief | null> {
    const tarieven = await loaders.tarievenVanBehoefte.load(code)
    return tarieven.find((t) => t.niveau === niveau && geldigOp(t, peildatum)) ?? null
  }
}
