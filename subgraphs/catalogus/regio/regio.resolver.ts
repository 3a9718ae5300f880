import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql'
import { forbidden, unauthenticated } from '../../../shared/errors'
import { Cijferoverzicht, cijferoverzicht, Maandperiode, uitKolommen } from '../../../shared/graphql/cijfers'
import type { CatalogusContext } from '../context'
import { Regio, TWENTE } from './regio.type'

@Resolver(() => Regio)
export class RegioResolver {
  @Query(() => Regio, { description: 'The region, for regional figures.' })
  regio(): Regio {
    return { id: TWENTE }
  }

  @FieldResolver(() => Cijferoverzicht, {
    nullable: true,
    description:
      'The region’s figures for dashboards: counts summed over the gemeenten first, then counts below 10 hidden and ' +
      'the others rounded to 5. `gemeenten` lists whose counts are in; a gemeente that is down is missing, with an error.',
  })
  @Directive('@requires(fields: "ruweTellingen { gemeenteCode sleutels maanden rijen }")')
  cijfers(
    @Root() regio: Regio,
    @Arg('periode', () => Maandperiode, { nullable: true }) periode: Maandperiode | null,
    @Arg('ondersteuningsbehoeften', () => [ID], {
      nullable: true,
      description: 'Only these support needs (the figures per need); all when absent.',
    })
    ondersteuningsbehoeften: string[] | null,
    @Ctx() { identity }: CatalogusContext,
  ): Cijferoverzicht {
    if (!identity) throw unauthenticated()
    if (identity.rol !== 'ANALIST') throw forbidden('Regionale cijfers zijn voor de regionale analist.')
    return cijferoverzicht((regio.ruweTellingen ?? []).flatMap(uitKolommen), {
      periode,
      ondersteuningsbehoeften,
    })
  }
}
