import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from 'graphql'
import { Arg, Ctx, Directive, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql'
import { figuresWithout, forbidden, unauthenticated } from '../../../shared/errors'
import { Cijferoverzicht, cijferoverzicht, Maandperiode } from '../../../shared/graphql/cijfers'
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
  @Directive('@requires(fields: "ruweTellingen { gemeenteCode versie }")')
  async cijfers(
    @Root() regio: Regio,
    @Arg('periode', () => Maandperiode, { nullable: true }) periode: Maandperiode | null,
    @Arg('ondersteuningsbehoeften', () => [ID], {
      nullable: true,
      description: 'Only these support needs (the figures per need); all when absent.',
    })
    ondersteuningsbehoeften: string[] | null,
    @Ctx() { identity, tellingen, bijkomend }: CatalogusContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Cijferoverzicht> {
    if (!identity) throw unauthenticated()
    if (identity.rol !== 'ANALIST') throw forbidden('Regionale cijfers zijn voor de regionale analist.')
    const delen = regio.ruweTellingen ?? []
    const vraag = { periode, ondersteuningsbehoeften }
    const sleutel = JSON.stringify([vraag, delen.map((deel) => `${deel.gemeenteCode}:${deel.versie}`).sort()])
    const bewaard = berekeningen.get(sleutel)
    if (bewaard) return bewaard
    const { tellingen: rijen, ontbrekend } = await tellingen.neem(delen)
    const overzicht = cijferoverzicht(rijen, vraag)
    if (ontbrekend.length === 0) bewaar(sleutel, overzicht)
    else {
      // Given without them, with an error that names them; computed again when asked again.
      const { message, extensions } = figuresWithout(ontbrekend)
      bijkomend.push(new GraphQLError(message, { path: responsePathAsArray(info.path), extensions }))
    }
    return overzicht
  }
}

/**
 * The region's figures computed last, by question and the versions of the counts they came
 * from (each a hash of a gemeente's counts): every dashboard asks the same few questions, and at
 * 10,000 residents per gemeente the counts are some 130,000 rows.
 */
const berekeningen = new Map<string, Cijferoverzicht>()
const MAX_BEREKENINGEN = 100

function bewaar(sleutel: string, overzicht: Cijferoverzicht) {
  if (berekeningen.size >= MAX_BEREKENINGEN) berekeningen.delete(berekeningen.keys().next().value!)
  berekeningen.set(sleutel, overzicht)
}
