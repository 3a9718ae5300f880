import type { CatalogusContext } from '../context'

export const ondersteuningsbehoefteReference = {
  Ondersteuningsbehoefte: {
    __resolveReference: (ref: { code: string }, { loaders }: CatalogusContext) =>
      loaders.ondersteuningsbehoefte.load(ref.code),
  },
}
