import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Int, Query, Resolver, Root } from 'type-graphql'
import { notFound } from '../../../shared/errors'
import { Connection, PageArgs, paginate } from '../../../shared/graphql/connection'
import type { GemeenteContext } from '../context'
import { ModuleRef } from '../stubs/stubs'
import { Toewijzing } from '../toewijzing/toewijzing.entity'
import { Declaratie, DeclaratieRegel, RegelStatus } from './declaratie.entity'

export const DeclaratieConnection = Connection(Declaratie, 'Declaratie')

@InputType({ description: 'Narrows a list of declarations; every field is optional.' })
export class DeclaratieFilter {
  @Field(() => RegelStatus, {
    nullable: true,
    description: 'Declarations with at least one line in this status (INGEDIEND: still to judge).',
  })
  status?: RegelStatus | null

  @Field(() => ID, { nullable: true })
  toewijzingId?: string | null
}

const som = (regels: DeclaratieRegel[], ...statussen: RegelStatus[]) =>
  regels.filter((r) => statussen.includes(r.status)).reduce((s, r) => s + r.bedragCent, 0)

@Resolver(() => Declaratie)
export class DeclaratieResolver {
  @Query(() => Declaratie, {
    nullable: true,
    description: 'One declaration: any of this gemeente’s for its staff, its own for a provider.',
  })
  async declaratie(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Declaratie> {
    const { aanbiederAgbCode } = ctx.toegang.toewijzingScope()
    const declaratie = await ctx.db
      .getRepository(Declaratie)
      .findOneBy({ id, gemeenteCode: ctx.gemeente.code, ...(aanbiederAgbCode && { aanbiederAgbCode }) })
    // Another provider's declaration is answered as absent, as its allocation is.
    if (!declaratie) throw notFound('Declaratie', id)
    return declaratie
  }

  @Query(() => DeclaratieConnection, {
    nullable: true,
    description:
      'Declarations of one gemeente, oldest month first: all for its staff (the work list with status ' +
      'INGEDIEND), its own for a provider.',
  })
  declaraties(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('filter', () => DeclaratieFilter, { nullable: true }) filter: DeclaratieFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GemeenteContext,
  ) {
    const { aanbiederAgbCode } = ctx.toegang.toewijzingScope()
    const query = ctx.db
      .getRepository(Declaratie)
      .createQueryBuilder('declaratie')
      .where('declaratie.gemeenteCode = :gemeenteCode', { gemeenteCode: ctx.gemeente.code })
    if (aanbiederAgbCode) query.andWhere('declaratie.aanbiederAgbCode = :agb', { agb: aanbiederAgbCode })
    if (filter?.toewijzingId) query.andWhere('declaratie.toewijzingId = :t', { t: filter.toewijzingId })
    if (filter?.status)
      query.andWhere(
        'EXISTS (SELECT 1 FROM declaratie_regel r WHERE r.declaratieId = declaratie.id AND r.status = :status)',
        { status: filter.status },
      )
    return paginate(query, page, { column: 'periode' })
  }

  @FieldResolver(() => Toewijzing)
  async toewijzing(@Root() d: Declaratie, @Ctx() ctx: GemeenteContext): Promise<Toewijzing> {
    const toewijzing = await ctx.loaders.toewijzing.load(d.toewijzingId)
    if (!toewijzing) throw notFound('Toewijzing', d.toewijzingId)
    return toewijzing
  }

  @FieldResolver(() => [DeclaratieRegel])
  regels(@Root() d: Declaratie, @Ctx() ctx: GemeenteContext): Promise<DeclaratieRegel[]> {
    return ctx.loaders.regelsVanDeclaratie.load(d.id)
  }

  @FieldResolver(() => Int, { description: 'Eurocents declared in lines not refused.' })
  async gedeclareerdCent(@Root() d: Declaratie, @Ctx() ctx: GemeenteContext): Promise<number> {
    const regels = await ctx.loaders.regelsVanDeclaratie.load(d.id)
    return som(regels, RegelStatus.INGEDIEND, RegelStatus.TOEGEKEND)
  }

  @FieldResolver(() => Int, { description: 'Eurocents accepted.' })
  async toegekendCent(@Root() d: Declaratie, @Ctx() ctx: GemeenteContext): Promise<number> {
    return som(await ctx.loaders.regelsVanDeclaratie.load(d.id), RegelStatus.TOEGEKEND)
  }
}

@Resolver(() => DeclaratieRegel)
export class DeclaratieRegelResolver {
  @FieldResolver(() => ModuleRef, { nullable: true, description: 'The module; null: the support itself.' })
  module(@Root() r: DeclaratieRegel): ModuleRef | null {
    return r.moduleCode ? { code: r.moduleCode } : null
  }
}

@Resolver(() => Toewijzing)
export class ToewijzingDeclaratiesResolver {
  @FieldResolver(() => [Declaratie], {
    nullable: true,
    description:
      'What the provider declared for this allocation, per month: for the gemeente and the provider.',
  })
  declaraties(@Root() t: Toewijzing, @Ctx() ctx: GemeenteContext): Promise<Declaratie[]> {
    return ctx.loaders.declaratiesVanToewijzing.load(t.id)
  }
}
