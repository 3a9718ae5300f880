import { Args, Ctx, Query, Resolver } from 'type-graphql'
import { badInput } from '../../../shared/errors'
import { gemeenteInfo, isGemeenteCode } from '../../../shared/gemeenten'
import { MAX_PAGE_SIZE, PageArgs } from '../../../shared/graphql/connection'
import { CATALOGUSCODE } from '../aanmelding/aanmelding.rules'
import { AanbiederConnection } from '../aanbieder/aanbieder.connection'
import { Aanbieder } from '../aanbieder/aanbieder.entity'
import { vandaag, type AanbiedersContext } from '../context'
import { KeuzeArgs } from './keuze.input'
import { keuzeQuery, LEGE_PAGINA, pagineerKeuze } from './keuze.query'

const POSTCODEGEBIED = /^[1-9][0-9]{1,3}$/

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
    if (!isGemeenteCode(args.gemeente))
      throw badInput(`${args.gemeente} is geen Twentse gemeentecode.`, 'gemeente')
    if (!CATALOGUSCODE.test(args.ondersteuningsbehoefte)) {
      throw badInput(
        'Een ondersteuningsbehoefte is een code uit de regionale catalogus.',
        'ondersteuningsbehoefte',
      )
    }
    if (args.postcodegebied != null && !POSTCODEGEBIED.test(args.postcodegebied)) {
      throw badInput(
        'Een postcodegebied is 2 tot 4 cijfers van een postcode (75, 751, 7511).',
        'postcodegebied',
      )
    }
    if (!Number.isInteger(page.eerste) || page.eerste < 1 || page.eerste > MAX_PAGE_SIZE) {
      throw badInput(`eerste moet tussen 1 en ${MAX_PAGE_SIZE} liggen.`, 'eerste')
    }
    if (gemeenteInfo(args.gemeente).inkoop === 'EIGEN') return LEGE_PAGINA
    const query = keuzeQuery(ctx.db, { ...args, peildatum: args.peildatum ?? vandaag(ctx) })
    return pagineerKeuze(query, args.sorteer, page)
  }
}
