import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql'
import { notFound } from '../../../shared/errors'
import { Datum } from '../../../shared/graphql/scalars'
import type { GemeenteContext } from '../context'
import { vandaag } from '../mutatie'
import { AanbiederRef } from '../stubs/stubs'

@Resolver()
export class KeuzeResolver {
  @Query(() => [AanbiederRef], {
    nullable: true,
    description:
      'The providers the resident may choose for a need in the plan: contracted for it on the start date (the regional ' +
      'contract, or the gemeente’s own for Almelo and Hof van Twente), active, and serving this gemeente. For the ' +
      'gemeente’s staff, and for a resident for a need in their own plan.',
  })
  async keuzeVoorBehoefte(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('behoefteId', () => ID) behoefteId: string,
    @Arg('startdatum', () => Datum, { nullable: true, description: 'Defaults to today.' })
    startdatum: string | null,
    @Ctx() ctx: GemeenteContext,
  ): Promise<AanbiederRef[]> {
    ctx.toegang.vereisMedewerkerOfInwoner()
    const behoefte = await ctx.loaders.behoefte.load(behoefteId)
    if (!behoefte) throw notFound('Behoefte', behoefteId)
    await ctx.toegang.vereisInzage('PlanBehoefte', behoefte, behoefteId, 'Behoefte')
    const agbCodes = await ctx.inkoop.gecontracteerd(behoefte.code, behoefte.niveau, startdatum ?? vandaag())
    return agbCodes.map((agbCode) => ({ agbCode }))
  }
}
