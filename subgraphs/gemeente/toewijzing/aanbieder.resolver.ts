import { Arg, Args, Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql'
import type { GemeenteContext } from '../context'
import { GemeenteRef } from '../gemeente/gemeente.type'
import { AanbiederRef } from '../stubs/stubs'
import { Toewijzing } from './toewijzing.entity'
import { groupedLoader } from '../../../shared/db/loaders'
import { scopedCursor, ScopedPageArgs, type ConnectionShape } from '../../../shared/graphql/connection'
import { ToewijzingFilter, pageToewijzingen, toewijzingenQuery } from './toewijzing.query'
import { ToewijzingConnection } from './toewijzing.resolver'

@ObjectType({ description: 'One gemeente’s page of a provider’s allocations.' })
export class ToewijzingenVanGemeente {
  @Field(() => GemeenteRef)
  gemeente: GemeenteRef

  @Field(() => ToewijzingConnection)
  toewijzingen: ConnectionShape<Toewijzing>
}

// A provider is regional, so the gateway asks every gemeente for this field and concatenates
// the answers: one list across the fourteen instead of fourteen portals.
@Resolver(() => AanbiederRef)
export class AanbiederToewijzingenResolver {
  @FieldResolver(() => [Toewijzing], {
    nullable: true,
    deprecationReason:
      'Unpaginated, so its cost grows with the provider’s allocations: use toewijzingenPerGemeente.',
    description:
      'This provider’s allocations in every gemeente, as far as the caller may see them: a provider its own, ' +
      'a toegangsmedewerker those of their gemeente.',
  })
  async toewijzingen(
    @Root() aanbieder: AanbiederRef,
    @Arg('filter', () => ToewijzingFilter, { nullable: true }) filter: ToewijzingFilter | null,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Toewijzing[]> {
    if (!magZien(ctx, aanbieder)) return []
    return toewijzingenVanAanbieder(ctx, filter).load(aanbieder.agbCode)
  }

  // A connection cannot be concatenated (R4, R17): each gemeente answers a list of at most one
  // page, its own, with cursors that name it. The client continues the gemeenten with a next
  // page by handing their endCursors back together; each instance picks its own. A page is a
  // LIMITed range of the index (gemeenteCode, aanbiederAgbCode, ingangsdatum, id), so its cost
  // does not grow with the gemeente's data.
  @FieldResolver(() => [ToewijzingenVanGemeente], {
    nullable: true,
    description:
      'This provider’s allocations, a page per gemeente in CBS-code order, ordered by ingangsdatum within ' +
      'it, as far as the caller may see them (a provider its own, a toegangsmedewerker those of their ' +
      'gemeente). A gemeente without any is left out.',
  })
  async toewijzingenPerGemeente(
    @Root() aanbieder: AanbiederRef,
    @Args(() => ScopedPageArgs) { eerste, na }: ScopedPageArgs,
    @Arg('filter', () => ToewijzingFilter, { nullable: true }) filter: ToewijzingFilter | null,
    @Ctx() ctx: GemeenteContext,
  ): Promise<ToewijzingenVanGemeente[]> {
    const code = ctx.gemeente.code
    // Checked before anything else, so that a bad cursor is refused alike by every gemeente.
    const cursor = na?.length ? scopedCursor.pick(code, na) : null
    if (!magZien(ctx, aanbieder) || (na?.length && cursor === null)) return []
    const pagina = await pageToewijzingen(
      ctx,
      { ...filter, aanbieder: aanbieder.agbCode },
      { eerste, na: cursor },
    )
    if (cursor === null && pagina.edges.length === 0) return []
    return [{ gemeente: { code }, toewijzingen: scopedCursor.scope(code, pagina) }]
  }
}

/** Staff of another gemeente, or another provider, have nothing to see here: an empty list, not an error. */
function magZien(ctx: GemeenteContext, aanbieder: AanbiederRef) {
  const identity = ctx.toegang.identity
  if (identity?.rol === 'TOEGANGSMEDEWERKER' && !ctx.toegang.isMedewerker) return false
  const agb = ctx.toegang.aanbiederAgbCode
  return !agb || agb === aanbieder.agbCode
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
