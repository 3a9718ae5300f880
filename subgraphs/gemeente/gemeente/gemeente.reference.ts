import type { GemeenteContext } from '../context'

export const gemeenteReference = {
  Gemeente: {
    // The gateway sends a Gemeente here only when its code is this instance's.
    __resolveReference: (ref: { code: string }, ctx: GemeenteContext) =>
      ref.code === ctx.gemeente.code ? { code: ref.code } : null,
  },
}
