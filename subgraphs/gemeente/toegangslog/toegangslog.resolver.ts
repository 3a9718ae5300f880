import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql'
import { Connection, PageArgs } from '../../../shared/graphql/connection'
import { forbidden, notFound } from '../../../shared/errors'
import type { GemeenteContext } from '../context'
import { Inwoner } from '../inwoner/inwoner.entity'
import { logPagina } from './log-pagina'
import { Toegangslog } from './toegangslog.entity'

export const ToegangslogConnection = Connection(Toegangslog, 'Toegangslog')

@Resolver(() => Toegangslog)
export class ToegangslogResolver {
  @Query(() => ToegangslogConnection, {
    nullable: true,
    description:
      'Who saw or changed what of a resident, oldest first (NEN 7513). For the resident themself, or for the ' +
      'gemeente’s staff answering a resident’s request.',
  })
  async toegangslog(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('inwonerId', () => ID, { nullable: true, description: 'Omit to see your own log as a resident.' })
    inwonerId: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GemeenteContext,
  ) {
    let id = inwonerId
    const bsn = ctx.toegang.inwonerBsn
    if (bsn) {
      const zelf = await ctx.db.getRepository(Inwoner).findOneBy({ gemeenteCode, bsn })
      if (!zelf || (id && id !== zelf.id)) throw forbidden('Een inwoner ziet alleen het eigen toegangslog.')
      id = zelf.id
    } else {
      ctx.toegang.vereisMedewerker()
      if (!id) throw notFound('Inwoner', '(geen id)')
      // A resident's log is about them and shows that they live here: reading it is an access too.
      if (!(await ctx.loaders.inwoner.load(id))) throw notFound('Inwoner', id)
      ctx.toegangslog.raadpleging(id)
    }
    return logPagina(ctx.db, gemeenteCode, id, page)
  }
}
