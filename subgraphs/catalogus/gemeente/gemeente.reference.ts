import type { CatalogusContext } from '../context'

export const gemeenteReference = {
  Gemeente: {
    __resolveReference: (ref: { code: string }, { loaders }: CatalogusContext) =>
      loaders.gemeente.load(ref.code),
  },
}
