import { registerEnumType } from 'type-graphql'

/** Who buys the support for the support needs of a gemeente. See shared/gemeenten. */
export enum InkoopModus {
  REGIONAAL = 'REGIONAAL',
  EIGEN = 'EIGEN',
}
registerEnumType(InkoopModus, {
  name: 'InkoopModus',
  valuesConfig: {
    REGIONAAL: { description: 'Bought jointly by the region (OZJT contracts).' },
    EIGEN: { description: 'Bought by the gemeente itself (Almelo, Hof van Twente); modules stay regional.' },
  },
})
