import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql'
import { Niveau, Wet } from '../../../shared/ijw/codes'
import { Datum } from '../../../shared/graphql/scalars'
import type { CatalogusContext } from '../context'
import { Tarief, geldigOp } from '../tarief/tarief.entity'
import { Ondersteuningsbehoefte } from './ondersteuningsbehoefte.entity'

@Resolver(() => Ondersteuningsbehoefte)
export class OndersteuningsbehoefteResolver {
  @Query(() => [Ondersteuningsbehoefte], {
    description: 'The regional support needs, optionally of one law.',
  })
  ondersteuningsbehoeften(
    @Arg('wet', () => Wet, { nullable: true }) wet: Wet | null,
    @Ctx() { db }: CatalogusContext,
  ): Promise<Ondersteuningsbehoefte[]> {
    return db
      .getRepository(Ondersteuningsbehoefte)
      .find({ where: wet ? { wet } : {}, order: { code: 'ASC' } })
  }

  @Query(() => Ondersteuningsbehoefte, { nullable: true })
  ondersteuningsbehoefte(
    @Arg('code', () => ID) code: string,
    @Ctx() { loaders }: CatalogusContext,
  ): Promise<Ondersteuningsbehoefte | null> {
    return loaders.ondersteuningsbehoefte.load(code)
  }

  @FieldResolver(() => [Tarief], {
    description: 'Tariffs per level and period; with peildatum only those in force then.',
  })
  async tarieven(
    @Root() behoefte: Ondersteuningsbehoefte,
    @Arg('niveau', () => Niveau, { nullable: true }) niveau: Niveau | null,
    @Arg('peildatum', () => Datum, { nullable: true }) peildatum: string | null,
    @Ctx() { loaders }: CatalogusContext,
  ): Promise<Tarief[]> {
    const tarieven = await loaders.tarievenVanBehoefte.load(behoefte.code)
    return tarieven.filter((t) => (!niveau || t.niveau === niveau) && (!peildatum || geldigOp(t, peildatum)))
  }
}
