import type { CatalogusContext } from '../context'

export const voorzieningReference = {
  Beschikbaarheidsvoorziening: {
    __resolveReference: (ref: { code: string }, { loaders }: CatalogusContext) =>
      loaders.voorziening.load(ref.code),
  },
}
