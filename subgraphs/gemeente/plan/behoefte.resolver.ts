import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql'
import { notFound } from '../../../shared/errors'
import { InkoopModus } from '../../../shared/graphql/inkoop'
import { Niveau } from '../../../shared/ijw/codes'
import type { GemeenteContext } from '../context'
import { Inwoner } from '../inwoner/inwoner.entity'
import { AanbiederRef, OndersteuningsbehoefteRef } from '../stubs/stubs'
import { PlanBehoefte } from './behoefte.entity'
import { Evaluatie } from './evaluatie.entity'
import { Resultaat } from './resultaat.entity'

/**
 * What each level of the Twents model means, in plain words (B1) for the resident: the level
 * says how much and what kind of help the need asks for, not who gives it.
 */
export const NIVEAU_UITLEG: Record<Niveau, string> = {
  [Niveau.A]: 'Praktische ondersteuning: hulp bij praktische dingen van elke dag.',
  [Niveau.B]: 'Ondersteuning bij regievoering: hulp om het overzicht te houden en zelf keuzes te maken.',
  [Niveau.C]: 'Therapeutische ondersteuning: hulp van een therapeut.',
  [Niveau.D]: 'Behandeling: behandeling door een zorgverlener.',
}

@Resolver(() => PlanBehoefte)
export class BehoefteResolver {
  @FieldResolver(() => String, { description: 'What the level means, in plain Dutch for the resident.' })
  niveauUitleg(@Root() behoefte: PlanBehoefte): string {
    return NIVEAU_UITLEG[behoefte.niveau]
  }

  @FieldResolver(() => Inwoner, { description: 'The member of the household this need is for.' })
  async inwoner(@Root() behoefte: PlanBehoefte, @Ctx() ctx: GemeenteContext): Promise<Inwoner> {
    const inwoner = await ctx.loaders.inwoner.load(behoefte.inwonerId)
    if (!inwoner) throw notFound('Inwoner', behoefte.inwonerId)
    return inwoner
  }

  @FieldResolver(() => [Resultaat])
  resultaten(@Root() behoefte: PlanBehoefte, @Ctx() ctx: GemeenteContext): Promise<Resultaat[]> {
    return ctx.loaders.resultatenVanBehoefte.load(behoefte.id)
  }

  @FieldResolver(() => AanbiederRef, {
    nullable: true,
    description: 'The provider the resident chose for this need.',
  })
  gekozenAanbieder(@Root() behoefte: PlanBehoefte): AanbiederRef | null {
    return behoefte.gekozenAanbiederAgbCode ? { agbCode: behoefte.gekozenAanbiederAgbCode } : null
  }

  @FieldResolver(() => OndersteuningsbehoefteRef, {
    nullable: true,
    description: 'The regional catalogue entry, when bron is REGIONAAL.',
  })
  regionaal(@Root() behoefte: PlanBehoefte): OndersteuningsbehoefteRef | null {
    return behoefte.bron === InkoopModus.REGIONAAL ? { code: behoefte.code } : null
  }
}

@Resolver(() => Resultaat)
export class ResultaatResolver {
  @FieldResolver(() => [Evaluatie], { description: 'Evaluations over time, oldest first.' })
  evaluaties(@Root() resultaat: Resultaat, @Ctx() ctx: GemeenteContext): Promise<Evaluatie[]> {
    return ctx.loaders.evaluatiesVanResultaat.load(resultaat.id)
  }
}
