import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql'
import { PageArgs } from '../../../shared/graphql/connection'
import { notFound } from '../../../shared/errors'
import type { GemeenteContext } from '../context'
import { Huishouden } from '../huishouden/huishouden.entity'
import { Melding } from '../melding/melding.entity'
import { PlanBehoefte } from '../plan/behoefte.entity'
import { Plan } from '../plan/plan.entity'
import { logPagina } from '../toegangslog/log-pagina'
import { ToegangslogConnection } from '../toegangslog/toegangslog.resolver'
import { Toewijzing } from '../toewijzing/toewijzing.entity'
import { Mij } from './mij.type'

/**
 * The resident's own view. The lists hold what the resident may see: for an adult the
 * household's, for a minor or one who moved away only what is about themself
 * (Toegang.zietHuishouden). Every object in
 * them passes the per-object check again (Toegang.vereisToegangTot), whatever field it is read
 * through.
 */
@Resolver(() => Mij)
export class MijResolver {
  @Query(() => Mij, {
    nullable: true,
    description:
      'The signed-in resident (INWONER token) in this gemeente’s records, leading to their household, plan, ' +
      'allocations, requests and access log.',
  })
  async mij(@Arg('gemeenteCode', () => ID) gemeenteCode: string, @Ctx() ctx: GemeenteContext): Promise<Mij> {
    const zelf = ctx.toegang.inwoner
    if (!zelf) {
      if (ctx.toegang.identity?.rol === 'INWONER')
        throw notFound('Inwoner', `met dit burgerservicenummer in gemeente ${gemeenteCode}`)
      ctx.toegang.weiger('Alleen een ingelogde inwoner vraagt de eigen gegevens op met mij.')
    }
    const inwoner = await ctx.loaders.inwoner.load(zelf.id)
    if (!inwoner) throw notFound('Inwoner', zelf.id)
    return { inwoner, volwassen: ctx.toegang.isVolwassen, zietHuishouden: ctx.toegang.zietHuishouden }
  }

  @FieldResolver(() => Huishouden, {
    nullable: true,
    description:
      'The household with its members: for an adult living in it; null for a minor or one who moved away.',
  })
  huishouden(@Root() mij: Mij, @Ctx() ctx: GemeenteContext) {
    return mij.zietHuishouden ? ctx.loaders.huishouden.load(mij.inwoner.huishoudenId) : null
  }

  @FieldResolver(() => [Plan], {
    description:
      'The household’s plans, the closed ones included, oldest first: for an adult living in it; empty for a minor or one who moved away.',
  })
  plannen(@Root() mij: Mij, @Ctx() ctx: GemeenteContext): Promise<Plan[]> | Plan[] {
    return mij.zietHuishouden ? ctx.loaders.plannenVanHuishouden.load(mij.inwoner.huishoudenId) : []
  }

  @FieldResolver(() => [PlanBehoefte], {
    description:
      'The support needs in the household’s plans and their own (an adult living in it), or only their own (a minor, or one who moved away).',
  })
  async behoeften(@Root() mij: Mij, @Ctx() ctx: GemeenteContext): Promise<PlanBehoefte[]> {
    const eigen = await ctx.db
      .getRepository(PlanBehoefte)
      .find({ where: { gemeenteCode: ctx.gemeente.code, inwonerId: mij.inwoner.id }, order: { id: 'ASC' } })
    if (!mij.zietHuishouden) return eigen
    const plannen = await ctx.loaders.plannenVanHuishouden.load(mij.inwoner.huishoudenId)
    const behoeften = (await ctx.loaders.behoeftenVanPlan.loadMany(plannen.map((p) => p.id))).flatMap(alleen)
    return metEigen(await ctx.toegang.zichtbaar('PlanBehoefte', behoeften), eigen)
  }

  @FieldResolver(() => [Toewijzing], {
    description:
      'The allocations of the household’s plans and their own (an adult living in it), or only their own (a minor, or one who moved away).',
  })
  async toewijzingen(@Root() mij: Mij, @Ctx() ctx: GemeenteContext): Promise<Toewijzing[]> {
    const eigen = await ctx.db.getRepository(Toewijzing).find({
      where: { gemeenteCode: ctx.gemeente.code, inwonerId: mij.inwoner.id },
      order: { toewijzingNummer: 'ASC' },
    })
    if (!mij.zietHuishouden) return eigen
    const plannen = await ctx.loaders.plannenVanHuishouden.load(mij.inwoner.huishoudenId)
    const toewijzingen = (await ctx.loaders.toewijzingenVanPlan.loadMany(plannen.map((p) => p.id))).flatMap(
      alleen,
    )
    return metEigen(await ctx.toegang.zichtbaar('Toewijzing', toewijzingen), eigen)
  }

  @FieldResolver(() => [Melding], {
    description:
      'The requests for support for the household (an adult living in it), or for themself (a minor, or one who moved away), oldest first.',
  })
  meldingen(@Root() mij: Mij, @Ctx() ctx: GemeenteContext): Promise<Melding[]> {
    const { huishoudenId, id } = mij.inwoner
    return ctx.db.getRepository(Melding).find({
      where: {
        gemeenteCode: ctx.gemeente.code,
        huishoudenId,
        ...(mij.zietHuishouden ? {} : { inwonerId: id }),
      },
      order: { datum: 'ASC', id: 'ASC' },
    })
  }

  @FieldResolver(() => ToegangslogConnection, {
    description:
      'Who else saw or changed what of you, oldest first (NEN 7513). Your own reads are not in it.',
  })
  toegangslog(@Root() mij: Mij, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: GemeenteContext) {
    return logPagina(ctx.db, ctx.gemeente.code, mij.inwoner.id, page)
  }
}

/** loadMany answers an Error in place of a failed key: rethrown, never shown as an empty list. */
function alleen<T>(rows: T[] | Error): T[] {
  if (rows instanceof Error) throw rows
  return rows
}

/**
 * The household's items and, after them, the resident's own that the household's plans do not
 * hold: a member who moved to another household keeps their need in the plan of the one they left.
 */
function metEigen<T extends { id: string }>(vanHuishouden: T[], eigen: T[]): T[] {
  const al = new Set(vanHuishouden.map((x) => x.id))
  return [...vanHuishouden, ...eigen.filter((x) => !al.has(x.id))]
}
