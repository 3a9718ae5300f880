import { vereisGemeente, type GemeenteContext } from './context'
import type { Toewijzing } from './toewijzing/toewijzing.entity'

type Ref = { gemeenteCode: string; id: string }

/**
 * Entity fetches obey the same rules as root fields: they are another way in, not a back door.
 * The key names the gemeente, and an instance resolves only its own, with the same error as a
 * root field for another gemeente (the key fields themselves are checked before this runs, see
 * shared/federation/entity-keys). Async on purpose: a refusal then fails only its own entity, not
 * the whole _entities list.
 */
const eigen =
  <T>(resolve: (ref: Ref, ctx: GemeenteContext) => Promise<T>) =>
  async (ref: Ref, ctx: GemeenteContext): Promise<T> => {
    vereisGemeente(ctx, ref.gemeenteCode)
    return resolve(ref, ctx)
  }

export const references = {
  Inwoner: {
    __resolveReference: eigen(async (ref, ctx) => {
      ctx.toegang.vereisMedewerker()
      const inwoner = await ctx.loaders.inwoner.load(ref.id)
      // Even an answer without fields shows that this resident lives here.
      if (inwoner) ctx.toegangslog.raadpleging(inwoner.id)
      return inwoner
    }),
  },
  Huishouden: {
    __resolveReference: eigen(async (ref, ctx) => {
      ctx.toegang.vereisMedewerker()
      return ctx.loaders.huishouden.load(ref.id)
    }),
  },
  Melding: {
    __resolveReference: eigen(async (ref, ctx) => {
      ctx.toegang.vereisMedewerker()
      return ctx.loaders.melding.load(ref.id)
    }),
  },
  Plan: {
    __resolveReference: eigen(async (ref, ctx) => {
      ctx.toegang.vereisMedewerker()
      return ctx.loaders.plan.load(ref.id)
    }),
  },
  Toewijzing: {
    __resolveReference: eigen(async (ref, ctx): Promise<Toewijzing | null> => {
      const scope = ctx.toegang.toewijzingScope()
      const toewijzing = await ctx.loaders.toewijzing.load(ref.id)
      if (toewijzing && scope.aanbiederAgbCode && toewijzing.aanbiederAgbCode !== scope.aanbiederAgbCode)
        return null
      return toewijzing
    }),
  },
}
