import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql'
import { Connection, PageArgs } from '../../../shared/graphql/connection'
import { notFound } from '../../../shared/errors'
import type { GemeenteContext } from '../context'
import { GemeenteRef } from '../gemeente/gemeente.type'
import { Inwoner } from '../inwoner/inwoner.entity'
import { PlanBehoefte } from '../plan/behoefte.entity'
import { Plan } from '../plan/plan.entity'
import { AanbiederRef, ModuleRef } from '../stubs/stubs'
import { Omvang, Toewijzing, ToewijzingModule } from './toewijzing.entity'
import { ToewijzingFilter, pageToewijzingen } from './toewijzing.query'

export const ToewijzingConnection = Connection(Toewijzing, 'Toewijzing')

/** A replaced or replacing allocation may be another provider's: a provider sees only its own. */
function zichtbaar(ctx: GemeenteContext, t: Toewijzing | null): Toewijzing | null {
  const agb = ctx.toegang.aanbiederAgbCode
  return t && (!agb || t.aanbiederAgbCode === agb) ? t : null
}

@Resolver(() => Toewijzing)
export class ToewijzingResolver {
  @Query(() => Toewijzing, {
    nullable: true,
    description:
      'One allocation: any of this gemeente’s for its staff, its own for a provider, one of their own (a minor) or ' +
      'their household’s (an adult) for a resident.',
  })
  async toewijzing(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Toewijzing> {
    const agb = ctx.toegang.aanbiederAgbCode
    if (!agb) ctx.toegang.vereisMedewerkerOfInwoner()
    const toewijzing = await ctx.loaders.toewijzing.load(id)
    // Another provider's allocation is answered as absent: its existence is not this provider's business.
    if (!toewijzing || (agb && toewijzing.aanbiederAgbCode !== agb)) throw notFound('Toewijzing', id)
    if (!agb) await ctx.toegang.vereisInzage('Toewijzing', toewijzing, id)
    return toewijzing
  }

  @Query(() => ToewijzingConnection, {
    nullable: true,
    description: 'Allocations of one gemeente: all of them for its staff, its own for a provider.',
  })
  toewijzingen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('filter', () => ToewijzingFilter, { nullable: true }) filter: ToewijzingFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GemeenteContext,
  ) {
    return pageToewijzingen(ctx, filter, page)
  }

  @FieldResolver(() => GemeenteRef)
  gemeente(@Root() toewijzing: Toewijzing): GemeenteRef {
    return { code: toewijzing.gemeenteCode }
  }

  @FieldResolver(() => Omvang)
  omvang(@Root() t: Toewijzing): Omvang {
    return { volume: t.volume, eenheid: t.eenheid, frequentie: t.frequentie }
  }

  @FieldResolver(() => AanbiederRef)
  aanbieder(@Root() t: Toewijzing): AanbiederRef {
    return { agbCode: t.aanbiederAgbCode }
  }

  @FieldResolver(() => [ModuleRef], {
    description: 'Regional modules allocated with this support, such as a stay.',
  })
  async modules(@Root() t: Toewijzing, @Ctx() ctx: GemeenteContext): Promise<ModuleRef[]> {
    const rows = await ctx.loaders.modulesVanToewijzing.load(t.id)
    return rows.map((m) => ({ code: m.moduleCode }))
  }

  @FieldResolver(() => [ToewijzingModule], {
    description: 'The regional modules allocated with this support, with volume, tariff and amount.',
  })
  moduleregels(@Root() t: Toewijzing, @Ctx() ctx: GemeenteContext): Promise<ToewijzingModule[]> {
    return ctx.loaders.modulesVanToewijzing.load(t.id)
  }

  @FieldResolver(() => Int, { description: 'budgetCent minus toegekendCent: what may still be accepted.' })
  resterendCent(@Root() t: Toewijzing): number {
    return t.budgetCent - t.toegekendCent
  }

  @FieldResolver(() => Inwoner)
  async inwoner(@Root() t: Toewijzing, @Ctx() ctx: GemeenteContext): Promise<Inwoner> {
    const inwoner = await ctx.loaders.inwoner.load(t.inwonerId)
    if (!inwoner) throw notFound('Inwoner', t.inwonerId)
    return inwoner
  }

  @FieldResolver(() => PlanBehoefte, {
    description: 'The support need, with its results, that this allocation serves.',
  })
  async behoefte(@Root() t: Toewijzing, @Ctx() ctx: GemeenteContext): Promise<PlanBehoefte> {
    const behoefte = await ctx.loaders.behoefte.load(t.behoefteId)
    if (!behoefte) throw notFound('Behoefte', t.behoefteId)
    return behoefte
  }

  @FieldResolver(() => Toewijzing, {
    nullable: true,
    description: 'The withdrawn allocation this one replaces.',
  })
  async vervangt(@Root() t: Toewijzing, @Ctx() ctx: GemeenteContext) {
    return zichtbaar(
      ctx,
      t.vervangtToewijzingId ? await ctx.loaders.toewijzing.load(t.vervangtToewijzingId) : null,
    )
  }

  @FieldResolver(() => Toewijzing, {
    nullable: true,
    description: 'The allocation that replaced this withdrawn one.',
  })
  async vervangenDoor(@Root() t: Toewijzing, @Ctx() ctx: GemeenteContext) {
    return zichtbaar(ctx, await ctx.loaders.vervangingVan.load(t.id))
  }

  @FieldResolver(() => Plan, {
    nullable: true,
    description: 'The whole plan: for the gemeente’s own staff, and for the adults of the household.',
  })
  async plan(@Root() t: Toewijzing, @Ctx() ctx: GemeenteContext): Promise<Plan | null> {
    ctx.toegang.vereisMedewerkerOfInwoner()
    const plan = await ctx.loaders.plan.load(t.planId)
    if (plan) await ctx.toegang.vereisInzage('Plan', plan, plan.id)
    return plan
  }
}

@Resolver(() => ToewijzingModule)
export class ToewijzingModuleResolver {
  @FieldResolver(() => ModuleRef)
  module(@Root() m: ToewijzingModule): ModuleRef {
    return { code: m.moduleCode }
  }

  @FieldResolver(() => Omvang, {
    nullable: true,
    description: 'Units per frequency; null on a line made before modules were priced.',
  })
  omvang(@Root() m: ToewijzingModule): Omvang | null {
    return m.volume === null ? null : { volume: m.volume, eenheid: m.eenheid!, frequentie: m.frequentie! }
  }
}
