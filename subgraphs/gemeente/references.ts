import type { GemeenteContext } from './context'
import type { Toewijzing } from './toewijzing/toewijzing.entity'

type Ref = { gemeenteCode: string; id: string }

// Entity fetches obey the same rules as root fields: they are another way in, not a back door.
// Async on purpose: a refusal then fails only its own entity, not the whole _entities list.
export const references = {
  Inwoner: {
    __resolveReference: async (ref: Ref, ctx: GemeenteContext) => {
      ctx.toegang.vereisMedewerker()
      const inwoner = await ctx.loaders.inwoner.load(ref.id)
      // Even an answer without fields shows that this resident lives here.
      if (inwoner) ctx.toegangslog.raadpleging(inwoner.id)
      return inwoner
    },
  },
  Huishouden: {
    __resolveReference: async (ref: Ref, ctx: GemeenteContext) => {
      ctx.toegang.vereisMedewerker()
      return ctx.loaders.huishouden.load(ref.id)
    },
  },
  Melding: {
    __resolveReference: async (ref: Ref, ctx: GemeenteContext) => {
      ctx.toegang.vereisMedewerker()
      return ctx.loaders.melding.load(ref.id)
    },
  },
  Plan: {
    __resolveReference: async (ref: Ref, ctx: GemeenteContext) => {
      ctx.toegang.vereisMedewerker()
      return ctx.loaders.plan.load(ref.id)
    },
  },
  Toewijzing: {
    __resolveReference: async (ref: Ref, ctx: GemeenteContext): Promise<Toewijzing | null> => {
      const scope = ctx.toegang.toewijzingScope()
      const toewijzing = await ctx.loaders.toewijzing.load(ref.id)
      if (toewijzing && scope.aanbiederAgbCode && toewijzing.aanbiederAgbCode !== scope.aanbiederAgbCode)
        return null
      return toewijzing
    },
  },
}
