import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql'
import type { GemeenteContext } from '../context'
import { AanbiederRef } from '../stubs/stubs'
import { Toewijzing } from './toewijzing.entity'
import { groupedLoader } from '../../../shared/db/loaders'
import { ToewijzingFilter, toewijzingenQuery } from './toewijzing.query'

// A provider is regional, so the gateway asks every gemeente for this field and concatenates
// the answers: one list across the fourteen instead of fourteen portals.
@Resolver(() => AanbiederRef)
export class AanbiederToewijzingenResolver {
  @FieldResolver(() => [Toewijzing], {
    nullable: true,
    description:
      'This provider’s allocations in every gemeente, as far as the caller may see them: a provider its own, ' +
      'a toegangsmedewerker those of their gemeente.',
  })
  async toewijzingen(
    @Root() aanbieder: AanbiederRef,
    @Arg('filter', () => ToewijzingFilter, { nullable: true }) filter: ToewijzingFilter | null,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Toewijzing[]> {
    const identity = ctx.toegang.identity
    // Staff of another gemeente have nothing to see here; that is an empty list, not an error.
    if (identity?.rol === 'TOEGANGSMEDEWERKER' && !ctx.toegang.isMedewerker) return []
    const agb = ctx.toegang.aanbiederAgbCode
    if (agb && agb !== aanbieder.agbCode) return []
    return toewijzingenVanAanbieder(ctx, filter).load(aanbieder.agbCode)
  }
}

/**
 * One loader per filter per request: a list of providers (a choice list, a registry page) costs
 * one statement per instance, not one per provider.
 */
function toewijzingenVanAanbieder(ctx: GemeenteContext, filter: ToewijzingFilter | null) {
  const key = JSON.stringify(filter ?? {})
  let loader = ctx.loaders.toewijzingenVanAanbieder.get(key)
  if (!loader) {
    loader = groupedLoader(
      (agbCodes: readonly string[]) =>
        toewijzingenQuery(ctx, filter)
          .andWhere('toewijzing.aanbiederAgbCode IN (:...agbCodes)', { agbCodes: [...agbCodes] })
          .orderBy('toewijzing.ingangsdatum', 'ASC')
          .addOrderBy('toewijzing.toewijzingNummer', 'ASC')
          .getMany(),
      (t) => t.aanbiederAgbCode,
    )
    ctx.loaders.toewijzingenVanAanbieder.set(key, loader)
  }
  return loader
}
