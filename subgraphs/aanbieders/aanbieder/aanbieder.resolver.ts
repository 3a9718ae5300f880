import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql'
import type { DataSource } from 'typeorm'
import { notFound } from '../../../shared/errors'
import { PageArgs, paginate } from '../../../shared/graphql/connection'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { Gemeente } from '../catalogus-stubs/gemeente.stub'
import { Contract, ContractStatus } from '../contract/contract.entity'
import { Contractperceel } from '../contract/contractperceel.entity'
import { vandaag, type AanbiedersContext } from '../context'
import { Locatie } from '../locatie/locatie.entity'
import { AanbiederSpecialisatie } from '../specialisatie/aanbieder-specialisatie.entity'
import { Specialisatie } from '../specialisatie/specialisatie.entity'
import { alleenAanbieder, eigenAgbCode } from '../toegang'
import { AanbiederWerkgebied } from '../werkgebied/werkgebied.entity'
import { AanbiederConnection } from './aanbieder.connection'
import { Aanbieder } from './aanbieder.entity'
import { AanbiedersFilter, AgbCodeArgs, WachttijdArgs } from './aanbieder.input'

@Resolver(() => Aanbieder)
export class AanbiederResolver {
  @Query(() => Aanbieder, { nullable: true, description: 'One provider of the registry, by AGB code.' })
  aanbieder(
    @Args(() => AgbCodeArgs) { agbCode }: AgbCodeArgs,
    @Ctx() { loaders }: AanbiedersContext,
  ): Promise<Aanbieder | null> {
    return loaders.aanbieder.aanbieder.load(agbCode)
  }

  @Query(() => AanbiederConnection, {
    description: 'Providers of the registry by name; every filter given must hold.',
  })
  aanbieders(
    @Args(() => AanbiedersFilter) filter: AanbiedersFilter,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { db }: AanbiedersContext,
  ) {
    return paginate(filtered(db, filter), page, { column: 'naam' })
  }

  @Mutation(() => Aanbieder, {
    description:
      'A provider reports its current waiting time in weeks (null: unknown). Shown in the choice query; contains no personal data.',
  })
  @Toegestaan(alleenAanbieder)
  wachttijdBijwerken(
    @Args(() => WachttijdArgs) { weken = null }: WachttijdArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: AanbiedersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Aanbieder> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { weken },
      execute: async (tx) => {
        const agbCode = eigenAgbCode(ctx)
        const aanbieder = await tx.findOneBy(Aanbieder, { id: agbCode })
        if (!aanbieder) throw notFound('Aanbieder', agbCode)
        const bijgewerkt = { wachttijdWeken: weken, wachttijdBijgewerktOp: vandaag(ctx) }
        await tx.update(Aanbieder, { id: aanbieder.id }, bijgewerkt)
        return { ...aanbieder, ...bijgewerkt }
      },
    })
  }

  @FieldResolver(() => [Locatie])
  locaties(@Root() aanbieder: Aanbieder, @Ctx() { loaders }: AanbiedersContext): Promise<Locatie[]> {
    return loaders.aanbieder.locaties.load(aanbieder.id)
  }

  @FieldResolver(() => [Gemeente], { description: 'The gemeenten this provider serves.' })
  async werkgebied(@Root() aanbieder: Aanbieder, @Ctx() { loaders }: AanbiedersContext): Promise<Gemeente[]> {
    const rows = await loaders.aanbieder.werkgebied.load(aanbieder.id)
    return rows.map((w) => ({ code: w.gemeenteCode }))
  }

  @FieldResolver(() => [Specialisatie])
  async specialisaties(
    @Root() aanbieder: Aanbieder,
    @Ctx() { loaders }: AanbiedersContext,
  ): Promise<Specialisatie[]> {
    const rows = await loaders.aanbieder.specialisaties.load(aanbieder.id)
    // The loader joins the specialisation, and the foreign key guarantees there is one.
    return rows.map((s) => s.specialisatie as Specialisatie)
  }

  @FieldResolver(() => [Contract], {
    description:
      'Contracts, oldest first, ended ones included: the regional ones and those Almelo and Hof van Twente made themselves (eigenaar says whose). A gemeente’s own contract shows as its outbox last delivered it.',
  })
  contracten(@Root() aanbieder: Aanbieder, @Ctx() { loaders }: AanbiedersContext): Promise<Contract[]> {
    return loaders.aanbieder.contracten.load(aanbieder.id)
  }
}

// Each filter is an EXISTS subquery, so the database filters and counts; nothing is filtered in memory.
function filtered(db: DataSource, filter: AanbiedersFilter) {
  const query = db.getRepository(Aanbieder).createQueryBuilder('aanbieder')
  if (filter.gemeente) {
    query.andWhere(
      (qb) =>
        'EXISTS ' +
        qb
          .subQuery()
          .select('1')
          .from(AanbiederWerkgebied, 'werkgebied')
          .where('werkgebied.agbCode = aanbieder.agbCode')
          .andWhere('werkgebied.gemeenteCode = :gemeente')
          .getQuery(),
      { gemeente: filter.gemeente },
    )
  }
  if (filter.ondersteuningsbehoefte || filter.niveau) {
    query.andWhere(
      (qb) => {
        const sub = qb
          .subQuery()
          .select('1')
          .from(Contract, 'contract')
          .innerJoin(Contractperceel, 'perceel', 'perceel.contractId = contract.id')
          .where('contract.agbCode = aanbieder.agbCode')
          .andWhere('contract.status = :actief')
        if (filter.ondersteuningsbehoefte) {
          sub.andWhere('perceel.ondersteuningsbehoefteCode = :ondersteuningsbehoefte')
        }
        if (filter.niveau) sub.andWhere('perceel.niveau = :niveau')
        return `EXISTS ${sub.getQuery()}`
      },
      {
        actief: ContractStatus.ACTIEF,
        ondersteuningsbehoefte: filter.ondersteuningsbehoefte,
        niveau: filter.niveau,
      },
    )
  }
  if (filter.specialisatie) {
    query.andWhere(
      (qb) =>
        'EXISTS ' +
        qb
          .subQuery()
          .select('1')
          .from(AanbiederSpecialisatie, 'specialisatie')
          .where('specialisatie.agbCode = aanbieder.agbCode')
          .andWhere('specialisatie.specialisatieCode = :specialisatie')
          .getQuery(),
      { specialisatie: filter.specialisatie },
    )
  }
  return query
}
