import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql'
import { notFound } from '../../../shared/errors'
import type { GemeenteContext } from '../context'
import { Resultaat } from '../plan/resultaat.entity'
import { AanbiederRef, ModuleRef } from '../stubs/stubs'
import { Toewijzing } from '../toewijzing/toewijzing.entity'
import { Aanpak } from './aanpak.entity'

/** A provider reads only its own approach; gemeente and resident read every one (types check the resident). */
function zichtbaar(ctx: GemeenteContext, lijst: Aanpak[]): Aanpak[] {
  const agb = ctx.toegang.aanbiederAgbCode
  return agb ? lijst.filter((a) => a.aanbiederAgbCode === agb) : lijst
}

@Resolver(() => Aanpak)
export class AanpakResolver {
  @FieldResolver(() => Resultaat)
  async resultaat(@Root() a: Aanpak, @Ctx() ctx: GemeenteContext): Promise<Resultaat> {
    const resultaat = await ctx.loaders.resultaat.load(a.resultaatId)
    if (!resultaat) throw notFound('Resultaat', a.resultaatId)
    return resultaat
  }

  @FieldResolver(() => AanbiederRef)
  aanbieder(@Root() a: Aanpak): AanbiederRef {
    return { agbCode: a.aanbiederAgbCode }
  }

  @FieldResolver(() => [ModuleRef], { description: 'The allocation’s modules this approach uses.' })
  modules(@Root() a: Aanpak): ModuleRef[] {
    return a.moduleCodes.map((code) => ({ code }))
  }
}

@Resolver(() => Resultaat)
export class ResultaatAanpakResolver {
  @FieldResolver(() => [Aanpak], {
    nullable: true,
    description: 'How the allocated provider(s) work towards this result; a provider sees only its own.',
  })
  async aanpak(@Root() r: Resultaat, @Ctx() ctx: GemeenteContext): Promise<Aanpak[]> {
    return zichtbaar(ctx, await ctx.loaders.aanpakVanResultaat.load(r.id))
  }
}

@Resolver(() => Toewijzing)
export class ToewijzingAanpakResolver {
  @FieldResolver(() => [Aanpak], {
    nullable: true,
    description: 'The provider’s approach per result of the need, under this allocation.',
  })
  aanpak(@Root() t: Toewijzing, @Ctx() ctx: GemeenteContext): Promise<Aanpak[]> {
    return ctx.loaders.aanpakVanToewijzing.load(t.id)
  }
}
