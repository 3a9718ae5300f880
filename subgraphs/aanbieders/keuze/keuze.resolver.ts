import { Args, Ctx, Query, Resolver } from 'type-graphql'
import { badInput } from '../../../shared/errors'
import { gemeenteInfo } from '../../../shared/gemeenten'
import { MAX_PAGE_SIZE, PageArgs } from '../../../shared/graphql/connection'
import { AanbiederConnection } from '../aanbieder/aanbieder.connection'
import { Aanbieder } from '../aanbieder/aanbieder.entity'
import { vandaag, type AanbiedersContext } from '../context'
import { KeuzeArgs } from './keuze.input'
import { keuzeQuery, LEGE_PAGINA, pagineerKeuze } from './keuze.query'

@Resolver(() => Aanbieder)
export class KeuzeResolver {
  @Query(() => AanbiederConnection, {
    description:
      'Freedom of choice: the providers a resident of the gemeente can choose for a support need at a level, with public information only (service area, locations, specialisations, waiting time). Eligible: an ACTIEF regional contract valid on the day, with a lot for that need and level and covering the gemeente, from a provider that serves the gemeente. Almelo (0141) and Hof van Twente (1735) buy the support needs themselves, so their contracts are not in this registry: for them this answers an empty list, and their choice is offered by their own gemeente subgraph.',
  })
  keuzeAanbieders(
    @Args(() => KeuzeArgs) args: KeuzeArgs,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: AanbiedersContext,
  ) {
    if (!Number.isInteger(page.eerste) || page.eerste < 1 || page.eerste > MAX_PAGE_SIZE) {
      throw badInput(`eerste moet tussen 1 en ${MAX_PAGE_SIZE} liggen.`, 'eerste')
    }
    if (gemeenteInfo(args.gemeente).inkoop === 'EIGEN') return LEGE_PAGINA
    const query = keuzeQuery(ctx.db, { ...args, peildatum: args.peildatum ?? vandaag(ctx) })
    return pagineerKeuze(query, args.sorteer, page)
  }
}
