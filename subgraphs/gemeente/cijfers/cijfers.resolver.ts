import { Arg, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql'
import { requireGateway } from '../../../shared/auth/caller'
import { dependencyUnavailable, forbidden, unauthenticated } from '../../../shared/errors'
import {
  Cijferoverzicht,
  cijferoverzicht,
  Maandperiode,
  RuweTellingen,
} from '../../../shared/graphql/cijfers'
import type { GemeenteContext } from '../context'
import { GemeenteRef } from '../gemeente/gemeente.type'
import { RegioRef } from './regio.type'
import { ruweTellingen, ruweTellingenInKolommen } from './tellingen'

function vereisCijfertoegang(ctx: GemeenteContext, ookMedewerker: boolean) {
  const rol = ctx.toegang.identity?.rol
  if (rol === 'ANALIST' || (ookMedewerker && ctx.toegang.isMedewerker)) return
  if (!rol) throw unauthenticated()
  throw forbidden('Cijfers zijn voor de regionale analist en de eigen gemeente.')
}

@Resolver(() => GemeenteRef)
export class GemeenteCijfersResolver {
  @FieldResolver(() => Cijferoverzicht, {
    nullable: true,
    description: 'This gemeente’s figures, without persons: counts below 10 hidden, others rounded to 5.',
  })
  async cijfers(
    @Root() _gemeente: GemeenteRef,
    @Arg('periode', () => Maandperiode, { nullable: true }) periode: Maandperiode | null,
    @Arg('ondersteuningsbehoeften', () => [ID], {
      nullable: true,
      description: 'Only these support needs (the figures per need); all when absent.',
    })
    ondersteuningsbehoeften: string[] | null,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Cijferoverzicht> {
    vereisCijfertoegang(ctx, true)
    return cijferoverzicht(await ruweTellingen(ctx.db, ctx.gemeente.code), {
      periode,
      ondersteuningsbehoeften,
    })
  }
}

@Resolver(() => RegioRef)
export class RegioTellingenResolver {
  @FieldResolver(() => [RuweTellingen], { nullable: true })
  async ruweTellingen(@Root() _regio: RegioRef, @Ctx() ctx: GemeenteContext): Promise<RuweTellingen[]> {
    // Unrounded counts exist only to be summed and suppressed by the region: never to a caller directly.
    requireGateway(ctx, 'Ruwe tellingen')
    vereisCijfertoegang(ctx, false)
    if (!ctx.naarRegio) throw dependencyUnavailable('catalogus')
    // The counts go to the catalogue straight; the gateway carries only the version it holds.
    const kolommen = await ruweTellingenInKolommen(ctx.db, ctx.gemeente.code)
    await ctx.naarRegio.zorgDatRegioHeeft(kolommen, ctx.signal)
    return [{ gemeenteCode: kolommen.gemeenteCode, versie: kolommen.versie }]
  }
}
