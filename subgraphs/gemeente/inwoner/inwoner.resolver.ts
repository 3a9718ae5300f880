import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql'
import { Connection, PageArgs, paginate } from '../../../shared/graphql/connection'
import { notFound } from '../../../shared/errors'
import type { GemeenteContext } from '../context'
import { Huishouden } from '../huishouden/huishouden.entity'
import { Inwoner } from './inwoner.entity'
import { InwonerZoekArgs } from './inwoner.input'
import { normaliseerNaam } from './zoeknaam'

export const InwonerConnection = Connection(Inwoner, 'Inwoner')

@Resolver(() => Inwoner)
export class InwonerResolver {
  @Query(() => Inwoner, { nullable: true })
  async inwoner(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Inwoner> {
    ctx.toegang.vereisMedewerkerOfInwoner()
    const inwoner = await ctx.loaders.inwoner.load(id)
    if (!inwoner) throw notFound('Inwoner', id)
    await ctx.toegang.vereisInzage('Inwoner', inwoner, id)
    // Logged here, not only per field: even `{ __typename }` shows that this resident lives here.
    ctx.toegangslog.raadpleging(inwoner.id)
    return inwoner
  }

  @Query(() => InwonerConnection, {
    nullable: true,
    description:
      'Residents of one gemeente, found by BSN (exact) or by the start of their name, surname first ' +
      '("de vr", "Jansen an"; case and accents do not matter), in that order.',
  })
  async inwoners(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Args(() => InwonerZoekArgs) { zoek }: InwonerZoekArgs,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GemeenteContext,
  ) {
    ctx.toegang.vereisMedewerker()
    const query = ctx.db
      .getRepository(Inwoner)
      .createQueryBuilder('inwoner')
      .where('inwoner.gemeenteCode = :gemeenteCode', { gemeenteCode })
    const term = zoek?.trim()
    if (term && /^\d{9}$/.test(term)) query.andWhere('inwoner.bsn = :bsn', { bsn: term })
    else if (term) query.andWhere(...naamBegintMet(ctx, term))
    // Sorted on the search column, so that a page is the first rows of one index range and costs
    // the same whether the gemeente has 150 residents or 10,000.
    const pagina = await paginate(query, page, { column: 'zoeknaam' })
    // A search asks about particular people, and every answer to it (a count, a cursor, a node)
    // shows who lives here: each resident on the page is logged, whatever the caller selected. A
    // search that finds nobody names no resident of this gemeente and leaves no entry.
    if (term) for (const { node } of pagina.edges) ctx.toegangslog.raadpleging(node.id)
    return pagina
  }

  // Nullable: a provider that may see the resident is refused this field, not the resident.
  @FieldResolver(() => Huishouden, { nullable: true })
  async huishouden(@Root() inwoner: Inwoner, @Ctx() ctx: GemeenteContext): Promise<Huishouden> {
    // A provider reaches a resident through its allocation, never the rest of the family.
    ctx.toegang.vereisMedewerkerOfInwoner()
    const huishouden = await ctx.loaders.huishouden.load(inwoner.huishoudenId)
    if (!huishouden) throw notFound('Huishouden', inwoner.huishoudenId)
    await ctx.toegang.vereisInzage('Huishouden', huishouden, huishouden.id)
    return huishouden
  }
}

/**
 * A prefix of `inwoner.zoeknaam`, as a condition each dialect answers from the index on
 * (gemeenteCode, zoeknaam): MySQL/MariaDB range-scan `LIKE 'prefix%'`; SQLite does so only for
 * GLOB on a column with its default (binary) collation, its LIKE being case-insensitive. The
 * normalised term holds only letters, digits and spaces, so neither pattern needs escaping.
 */
function naamBegintMet(ctx: GemeenteContext, term: string): [string, Record<string, string>] {
  const prefix = normaliseerNaam(term)
  return ctx.db.options.type === 'better-sqlite3'
    ? ['inwoner.zoeknaam GLOB :patroon', { patroon: `${prefix}*` }]
    : ['inwoner.zoeknaam LIKE :patroon', { patroon: `${prefix}%` }]
}
