import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql'
import { forbidden, unauthenticated } from '../../../shared/errors'
import {
  Cijferoverzicht,
  cijferoverzicht,
  Maandperiode,
  uitKolommen,
  type RuweTellingen,
} from '../../../shared/graphql/cijfers'
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
  @Directive('@requires(fields: "ruweTellingen { gemeenteCode sleutels maanden rijen versie }")')
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
    const delen = regio.ruweTellingen ?? []
    return berekend(delen, { periode, ondersteuningsbehoeften }, () =>
      cijferoverzicht(delen.flatMap(uitKolommen), { periode, ondersteuningsbehoeften }),
    )
  }
}

/** The region's figures computed last, by question and the versions of the counts they came from. */
const berekeningen = new Map<string, Cijferoverzicht>()
const MAX_BEREKENINGEN = 100

/**
 * The figures from the same counts (each gemeente's part names its version, a hash of its
 * columns) for the same question are computed once: every dashboard asks the same few questions,
 * and at 10,000 residents per gemeente the counts are some 130,000 rows. A part without a
 * version is always computed.
 */
function berekend(delen: RuweTellingen[], vraag: object, bereken: () => Cijferoverzicht): Cijferoverzicht {
  if (delen.some((deel) => !deel.versie)) return bereken()
  const sleutel = JSON.stringify([vraag, delen.map((deel) => `${deel.gemeenteCode}:${deel.versie}`).sort()])
  let overzicht = berekeningen.get(sleutel)
  if (overzicht) return overzicht
  overzicht = bereken()
  if (berekeningen.size >= MAX_BEREKENINGEN) berekeningen.delete(berekeningen.keys().next().value!)
  berekeningen.set(sleutel, overzicht)
  return overzicht
}
