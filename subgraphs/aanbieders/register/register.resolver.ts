import { Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql'
import { In } from 'typeorm'
import { z } from 'zod'
import { aandeel, onthul } from '../../../shared/domain/statistiek'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { isGemeenteCode } from '../../../shared/gemeenten'
import type { Niveau } from '../../../shared/ijw/codes'
import { Aanbieder } from '../aanbieder/aanbieder.entity'
import type { AanbiedersContext } from '../context'
import { alleenGemeentesysteem, vereisPartij } from '../toegang'
import {
  BehaaldResultaat,
  BehaaldTotaal,
  EigenWaardering,
  RegisterberichtenArgs,
  RegisterberichtenResultaat,
  type RegisterberichtInvoer,
  Waarderingscijfer,
} from './register.types'
import { Uitkomstmelding, Waardering } from './registerbericht.entity'

const datum = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const aantal = z.number().int().min(0).max(10_000)
const basis = {
  id: z.uuid(),
  gemeenteCode: z.string().refine(isGemeenteCode),
  agbCode: z.string().regex(/^\d{8}$/),
}
const uitkomst = z.object({
  ...basis,
  ondersteuningsbehoefte: z.string().min(1).max(30),
  naam: z.string().min(1).max(200),
  niveau: z.enum(['A', 'B', 'C', 'D']),
  afgeslotenOp: datum,
  behaald: aantal,
  deelsBehaald: aantal,
  nietBehaald: aantal,
})
const waardering = z.object({
  ...basis,
  score: z.number().int().min(1).max(5),
  toelichting: z.string().max(1000).nullable(),
  datum,
})

@Resolver(() => Aanbieder)
export class RegisterResolver {
  @Mutation(() => RegisterberichtenResultaat, {
    description:
      'For gemeente services only: applies outcome reports and ratings from a gemeente’s outbox. Each message id is ' +
      'applied once. A message that cannot be applied is refused on its own, with a reason, so that it does not hold ' +
      'up the messages behind it.',
  })
  // Not through ctx.runMutation: the field has no idempotency key, and needs none. Each message
  // id is applied once (below, in one transaction), so a batch sent again after a lost answer
  // is answered the same without writing twice; a key per batch would only store that answer
  // again, on every delivery round.
  @Toegestaan(alleenGemeentesysteem)
  async registerberichtenVerwerken(
    @Args(() => RegisterberichtenArgs) { berichten }: RegisterberichtenArgs,
    @Ctx() ctx: AanbiedersContext,
  ): Promise<RegisterberichtenResultaat> {
    const { gemeente } = alleenGemeentesysteem(ctx)
    const ontvangenOp = ctx.nu().toISOString()
    const uitkomsten: Uitkomstmelding[] = []
    const waarderingen: Waardering[] = []
    const geweigerd: { id: string; reden: string }[] = []
    for (const b of berichten) {
      const reden = leesBericht(b, gemeente, ontvangenOp, uitkomsten, waarderingen)
      if (reden) geweigerd.push({ id: b.id, reden })
    }
    await ctx.db.transaction(async (tx) => {
      const ids = [...uitkomsten, ...waarderingen].map((b) => b.id)
      if (ids.length === 0) return
      const bekend = new Set([
        ...(await tx.findBy(Uitkomstmelding, { id: In(ids) })).map((u) => u.id),
        ...(await tx.findBy(Waardering, { id: In(ids) })).map((w) => w.id),
      ])
      const nieuweUitkomsten = uitkomsten.filter((u) => !bekend.has(u.id))
      const nieuweWaarderingen = waarderingen.filter((w) => !bekend.has(w.id))
      if (nieuweUitkomsten.length) await tx.insert(Uitkomstmelding, nieuweUitkomsten)
      if (nieuweWaarderingen.length) await tx.insert(Waardering, nieuweWaarderingen)
    })
    return { verwerkt: [...uitkomsten, ...waarderingen].map((b) => b.id), geweigerd }
  }

  @FieldResolver(() => Waarderingscijfer, {
    description: 'Residents’ ratings after their care ended; hidden below 10, as results are.',
  })
  async waardering(@Root() aanbieder: Aanbieder, @Ctx() ctx: AanbiedersContext): Promise<Waarderingscijfer> {
    const [rij] = await ctx.loaders.register.waardering.load(aanbieder.id)
    // The same rule as the results: with one rating, its average would be that resident's score.
    const aantal = onthul(rij?.aantal ?? 0)
    return { gemiddelde: aantal === null ? null : Math.round(rij.gemiddelde * 10) / 10, aantal }
  }

  @FieldResolver(() => [EigenWaardering], {
    nullable: true,
    description:
      'Every rating of this provider with its comment, newest first: for the provider itself and the registry manager only. ' +
      'Comments are shown as the resident wrote them.',
  })
  async eigenWaarderingen(
    @Root() aanbieder: Aanbieder,
    @Ctx() ctx: AanbiedersContext,
  ): Promise<EigenWaardering[] | null> {
    vereisPartij(ctx, aanbieder.id)
    const rijen = await ctx.loaders.register.waarderingen.load(aanbieder.id)
    return rijen.map((w) => ({ score: w.score, toelichting: w.toelichting, datum: w.datum }))
  }

  @FieldResolver(() => [BehaaldResultaat], {
    description:
      'Results achieved per support need and level, from the gemeenten’s reports; small counts hidden as in published statistics.',
  })
  async behaaldeResultaten(
    @Root() aanbieder: Aanbieder,
    @Ctx() ctx: AanbiedersContext,
  ): Promise<BehaaldResultaat[]> {
    const sommen = await ctx.loaders.register.uitkomsten.load(aanbieder.id)
    return sommen.map((s) => {
      const zichtbaar = onthul(s.toewijzingen)
      return {
        ondersteuningsbehoefte: s.code,
        naam: s.naam,
        niveau: s.niveau as Niveau,
        afgeslotenToewijzingen: zichtbaar,
        aandeelBehaald: zichtbaar === null ? null : aandeel(s.behaald, s.totaal),
        aandeelDeelsBehaald: zichtbaar === null ? null : aandeel(s.deelsBehaald, s.totaal),
      }
    })
  }

  @FieldResolver(() => BehaaldTotaal, {
    description:
      'Results achieved over all needs and levels: visible sooner than per need, with the same rule.',
  })
  async behaaldTotaal(@Root() aanbieder: Aanbieder, @Ctx() ctx: AanbiedersContext): Promise<BehaaldTotaal> {
    const sommen = await ctx.loaders.register.uitkomsten.load(aanbieder.id)
    const toewijzingen = sommen.reduce((n, s) => n + s.toewijzingen, 0)
    const zichtbaar = onthul(toewijzingen)
    const behaald = sommen.reduce((n, s) => n + s.behaald, 0)
    const totaal = sommen.reduce((n, s) => n + s.totaal, 0)
    return {
      afgeslotenToewijzingen: zichtbaar,
      aandeelBehaald: zichtbaar === null ? null : aandeel(behaald, totaal),
    }
  }
}

/** Reads one message into the lists it belongs to; returns why it cannot be applied, or null. */
function leesBericht(
  b: RegisterberichtInvoer,
  gemeente: string,
  ontvangenOp: string,
  uitkomsten: Uitkomstmelding[],
  waarderingen: Waardering[],
): string | null {
  let inhoud: unknown
  try {
    inhoud = JSON.parse(b.inhoud)
  } catch {
    return 'De inhoud is geen JSON.'
  }
  const schema = b.soort === 'UITKOMST' ? uitkomst : b.soort === 'WAARDERING' ? waardering : null
  const parsed = schema?.safeParse(inhoud)
  if (!parsed?.success) return `Geen geldig ${b.soort}-bericht.`
  const data = parsed.data as z.infer<typeof uitkomst> & z.infer<typeof waardering>
  // A gemeente reports only about itself.
  if (data.id !== b.id || data.gemeenteCode !== gemeente)
    return `Het bericht is niet van gemeente ${gemeente}.`
  if (b.soort === 'UITKOMST') {
    uitkomsten.push({
      id: data.id,
      gemeenteCode: data.gemeenteCode,
      agbCode: data.agbCode,
      ondersteuningsbehoefteCode: data.ondersteuningsbehoefte,
      naam: data.naam,
      niveau: data.niveau,
      afgeslotenOp: data.afgeslotenOp,
      behaald: data.behaald,
      deelsBehaald: data.deelsBehaald,
      nietBehaald: data.nietBehaald,
      ontvangenOp,
    })
  } else {
    waarderingen.push({
      id: data.id,
      gemeenteCode: data.gemeenteCode,
      agbCode: data.agbCode,
      score: data.score,
      toelichting: data.toelichting,
      datum: data.datum,
      ontvangenOp,
    })
  }
  return null
}
