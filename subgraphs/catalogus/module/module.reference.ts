import type { CatalogusContext } from '../context'

export const moduleReference = {
  Module: {
    __resolveReference: (ref: { code: string }, { loaders }: CatalogusContext) =>
      loaders.module.load(ref.code),
  },
}
