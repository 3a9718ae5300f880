import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, ID, Info, Mutation, Resolver } from 'type-graphql'
import type { EntityManager } from 'typeorm'
import type { Voorwaarde } from '../../../shared/domain/preconditions'
import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { badInput, conflict, notFound } from '../../../shared/errors'
import { Toegestaan } from '../../../shared/graphql/mutation'
import type { GemeenteContext } from '../context'
import { newId, vandaag } from '../mutatie'
import { Resultaat } from '../plan/resultaat.entity'
import { alleenAanbieder } from '../toegang'
import { ToewijzingModule, type Toewijzing } from '../toewijzing/toewijzing.entity'
import { eigenToewijzing } from '../toewijzing/toewijzing.mutation'
import { isLopend } from '../toewijzing/toewijzing.rules'
import { Aanpak } from './aanpak.entity'
import { AanpakArgs } from './aanpak.input'

/** The provider records its approach while its allocation runs: sent (301) or started (305). */
export const aanpakVoorwaarden: readonly Voorwaarde<{ toewijzing: Pick<Toewijzing, 'status'> }>[] = [
  {
    ontbreekt: 'lopendeToewijzing',
    geldt: (f) => isLopend(f.toewijzing),
    melding: (f) => `De aanpak wordt vastgelegd zolang de toewijzing loopt (nu ${f.toewijzing.status}).`,
    details: (f) => ({ huidigeStatus: f.toewijzing.status }),
  },
]

@Resolver()
export class AanpakMutationResolver {
  @Mutation(() => Aanpak, {
    nullable: true,
    description:
      'The allocated provider records, or rewrites, how it works towards one result of the need, and ' +
      'which of the allocation’s modules it uses. Gemeente and resident read it; other providers do not.',
  })
  @Toegestaan(alleenAanbieder('Alleen de aanbieder van de toewijzing legt de aanpak vast.'))
  aanpakVastleggen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Args(() => AanpakArgs) args: AanpakArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Aanpak> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: args,
      execute: (tx) => legAanpakVast(tx, ctx, args),
    })
  }
}

async function legAanpakVast(
  tx: EntityManager,
  ctx: GemeenteContext,
  { toewijzingId, resultaatId, beschrijving, modules }: AanpakArgs,
): Promise<Aanpak> {
  const toewijzing = await eigenToewijzing(tx, ctx, toewijzingId)
  toetsVoorwaarden(aanpakVoorwaarden, { toewijzing })
  const resultaat = await tx.findOneBy(Resultaat, { id: resultaatId, gemeenteCode: ctx.gemeente.code })
  // A result of another need is not this provider's business: answered as absent.
  if (!resultaat || resultaat.behoefteId !== toewijzing.behoefteId) throw notFound('Resultaat', resultaatId)
  const toegewezen = (await tx.findBy(ToewijzingModule, { toewijzingId })).map((m) => m.moduleCode)
  const vreemd = modules.filter((m) => !toegewezen.includes(m))
  if (vreemd.length)
    throw badInput(`Module(s) ${vreemd.join(', ')} horen niet bij deze toewijzing.`, 'modules')
  const velden = {
    beschrijving: beschrijving.trim(),
    moduleCodes: [...new Set(modules)].sort(),
    vastgelegdOp: vandaag(),
  }
  const bestaand = await tx.findOneBy(Aanpak, { toewijzingId, resultaatId })
  let aanpak: Aanpak
  if (bestaand) {
    const result = await tx
      .createQueryBuilder()
      .update(Aanpak)
      .set({ ...velden, versie: bestaand.versie + 1 })
      .where('id = :id AND versie = :versie', { id: bestaand.id, versie: bestaand.versie })
      .execute()
    if (result.affected !== 1) throw conflict('De aanpak is intussen gewijzigd: probeer het opnieuw.')
    aanpak = { ...bestaand, ...velden, versie: bestaand.versie + 1 }
  } else {
    aanpak = {
      id: newId(),
      gemeenteCode: ctx.gemeente.code,
      toewijzingId,
      resultaatId,
      aanbiederAgbCode: toewijzing.aanbiederAgbCode,
      inwonerId: toewijzing.inwonerId,
      ...velden,
      versie: 1,
    }
    await tx.insert(Aanpak, aanpak)
  }
  await ctx.toegangslog.wijziging(tx, [toewijzing.inwonerId], 'aanpakVastleggen')
  return aanpak
}
