import type { AanbiedersContext } from '../context'

export const aanbiederReference = {
  Aanbieder: {
    __resolveReference: (ref: { agbCode: string }, { loaders }: AanbiedersContext) =>
      loaders.aanbieder.aanbieder.load(ref.agbCode),
  },
}
