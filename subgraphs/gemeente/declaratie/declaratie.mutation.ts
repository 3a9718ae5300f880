import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, ID, Info, Mutation, Resolver } from 'type-graphql'
import type { EntityManager } from 'typeorm'
import { changeStatus, metSchrijfslot } from '../../../shared/db/mutation'
import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { badInput, conflict, notFound } from '../../../shared/errors'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { telMee } from '../cijfers/tel-mee'
import type { GemeenteContext } from '../context'
import { newId, vandaag } from '../mutatie'
import { PlanBehoefte } from '../plan/behoefte.entity'
import { alleenAanbieder, alleenMedewerker } from '../toegang'
import { MAX_BUDGET_CENT } from '../toewijzing/budget'
import { Toewijzing, ToewijzingModule } from '../toewijzing/toewijzing.entity'
import { eigenToewijzing } from '../toewijzing/toewijzing.mutation'
import { Declaratie, DeclaratieRegel, RegelStatus } from './declaratie.entity'
import { BeoordelenArgs, DeclarerenArgs } from './declaratie.input'
import {
  betaalbaarVoorwaarden,
  declaratieVoorwaarden,
  eersteZorgdag,
  maandGrenzen,
  regelStatus,
  regelVoorwaarden,
  toekenningVoorwaarden,
} from './declaratie.rules'

@Resolver()
export class DeclaratieMutationResolver {
  @Mutation(() => Declaratie, {
    nullable: true,
    description:
      'The allocated provider declares what it delivered in a month (after iJw/iWmo 323): lines for ' +
      'the support itself and its modules, priced at the tariffs stored with the allocation. A month ' +
      'already declared gets the new lines added. Returns the declaration.',
  })
  @Toegestaan(alleenAanbieder('Alleen de aanbieder van de toewijzing declareert.'))
  declareren(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Args(() => DeclarerenArgs) args: DeclarerenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Declaratie> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: args,
      execute: (tx) => declareer(tx, ctx, args),
    })
  }

  @Mutation(() => Declaratie, {
    nullable: true,
    description:
      'The gemeente accepts or refuses declared lines (after iJw/iWmo 325), each with a reason (required ' +
      'for a refusal). All or none: accepting past the allocation’s budget refuses the whole call with ' +
      'PRECONDITION_FAILED (ontbreekt `budget`) and writes nothing.',
  })
  @Toegestaan(alleenMedewerker)
  declaratieBeoordelen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Args(() => BeoordelenArgs) args: BeoordelenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Declaratie> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: args,
      execute: (tx) => beoordeel(tx, ctx, args),
    })
  }
}

const MAX_GEDECLAREERD_CENT = 2_000_000_000

/** How a product is named to people: a module by its code, the support itself in words. */
const productNaam = (moduleCode: string | null) => (moduleCode ? `module ${moduleCode}` : 'de ondersteuning')

/** The provider's lines for a month: each product priced at its stored tariff, once per month. */
async function declareer(
  tx: EntityManager,
  ctx: GemeenteContext,
  { toewijzingId, periode, regels }: DeclarerenArgs,
): Promise<Declaratie> {
  // The allocation's row locked, and read as committed now: its care may be ended or shortened
  // at this moment, and the month must be judged against what holds when the lines are written.
  // The lock order is plan, allocation, declaration (beoordeel takes the same).
  const toewijzing = await eigenToewijzing(tx, ctx, toewijzingId, { vergrendeld: true })
  const dag = vandaag()
  toetsVoorwaarden(declaratieVoorwaarden, { toewijzing, periode, vandaag: dag })
  const gemeenteCode = ctx.gemeente.code
  const modules = await tx.findBy(ToewijzingModule, { toewijzingId })
  const bestaand = await tx.findOneBy(Declaratie, { gemeenteCode, toewijzingId, periode })
  const eerder = bestaand ? await tx.findBy(DeclaratieRegel, { declaratieId: bestaand.id }) : []
  const open = new Set(eerder.filter((r) => r.status !== RegelStatus.AFGEWEZEN).map((r) => r.moduleCode))
  const declaratieId = bestaand?.id ?? newId()
  const nieuw: DeclaratieRegel[] = regels.map((r, i) => {
    const moduleCode = r.module ?? null
    if (regels.findIndex((x) => (x.module ?? null) === moduleCode) !== i)
      throw badInput(`${productNaam(moduleCode)} staat er meer dan eens in.`, `regels.${i}.module`)
    const module = moduleCode === null ? null : modules.find((m) => m.moduleCode === moduleCode)
    if (module === undefined)
      throw badInput(`Module ${moduleCode} hoort niet bij deze toewijzing.`, `regels.${i}.module`)
    const tariefCent = module ? module.tariefCent : toewijzing.tariefCent
    toetsVoorwaarden(regelVoorwaarden, {
      product: productNaam(moduleCode),
      tariefCent,
      alGedeclareerd: open.has(moduleCode),
    })
    if (r.volume * tariefCent! > MAX_BUDGET_CENT)
      throw badInput(
        `${r.volume} × ${tariefCent} eurocent is meer dan een toewijzing kan dragen (${MAX_BUDGET_CENT}).`,
        `regels.${i}.volume`,
      )
    return {
      id: newId(),
      declaratieId,
      moduleCode,
      volume: r.volume,
      eenheid: module ? module.eenheid! : toewijzing.eenheid,
      tariefCent: tariefCent!,
      bedragCent: r.volume * tariefCent!,
      status: RegelStatus.INGEDIEND,
      reden: null,
      beoordeeldOp: null,
    }
  })
  // Declared and not yet refused is kept as a 32-bit total: more than this waits for judgement.
  if (toewijzing.gedeclareerdCent + som(nieuw) > MAX_GEDECLAREERD_CENT)
    throw badInput(
      'Er staat te veel gedeclareerd op deze toewijzing: laat eerst regels beoordelen.',
      'regels',
    )
  const declaratie = bestaand
    ? await nieuweVersie(tx, bestaand, bestaand.versie, { ingediendOp: dag })
    : await nieuweDeclaratie(tx, ctx, toewijzing, declaratieId, periode, dag)
  await tx.insert(DeclaratieRegel, nieuw)
  await verhoog(tx, toewijzing.id, 'gedeclareerdCent', som(nieuw))
  await ctx.toegangslog.wijziging(tx, [toewijzing.inwonerId], 'declareren')
  return declaratie
}

async function nieuweDeclaratie(
  tx: EntityManager,
  ctx: GemeenteContext,
  toewijzing: Toewijzing,
  id: string,
  periode: string,
  dag: string,
): Promise<Declaratie> {
  const { eerste, laatste } = maandGrenzen(periode)
  const start = eersteZorgdag(toewijzing)
  const declaratie: Declaratie = {
    id,
    gemeenteCode: ctx.gemeente.code,
    toewijzingId: toewijzing.id,
    aanbiederAgbCode: toewijzing.aanbiederAgbCode,
    periode,
    begindatum: eerste > start ? eerste : start,
    einddatum: laatste < toewijzing.einddatum ? laatste : toewijzing.einddatum,
    ingediendOp: dag,
    versie: 1,
  }
  await tx.insert(Declaratie, declaratie)
  return declaratie
}

/** Raises the declaration's version, guarded by the version read: CONFLICT when someone was first. */
async function nieuweVersie(
  tx: EntityManager,
  declaratie: Declaratie,
  gelezen: number,
  velden: Partial<Declaratie> = {},
): Promise<Declaratie> {
  const weiger = (huidig: number) =>
    conflict(
      `De declaratie is intussen gewijzigd (nu versie ${huidig}, u las versie ${gelezen}). Laad haar opnieuw.`,
      { huidigeVersie: huidig },
    )
  if (declaratie.versie !== gelezen) throw weiger(declaratie.versie)
  const result = await tx
    .createQueryBuilder()
    .update(Declaratie)
    .set({ ...velden, versie: gelezen + 1 })
    .where('id = :id AND versie = :versie', { id: declaratie.id, versie: gelezen })
    .execute()
  if (result.affected !== 1) throw weiger(gelezen + 1)
  return { ...declaratie, ...velden, versie: gelezen + 1 }
}

const som = (regels: Pick<DeclaratieRegel, 'bedragCent'>[]) => regels.reduce((s, r) => s + r.bedragCent, 0)

/** Adds to one of the allocation's running totals, in the database (never read-modify-write). */
async function verhoog(
  tx: EntityManager,
  toewijzingId: string,
  kolom: 'gedeclareerdCent' | 'toegekendCent',
  bedrag: number,
) {
  if (bedrag === 0) return
  await tx
    .createQueryBuilder()
    .update(Toewijzing)
    .set({ [kolom]: () => `${kolom} + :bedrag` })
    .where('id = :id', { id: toewijzingId, bedrag })
    .execute()
}

/**
 * Accepts an amount within the budget, in one guarded update: two acceptances at once cannot
 * both pass it, since the second is judged on the first's total. Refused as PRECONDITION_FAILED
 * (toekenningVoorwaarden) with the budget, what was accepted and what was asked.
 */
async function kenToe(tx: EntityManager, toewijzing: Toewijzing, bedragCent: number): Promise<void> {
  toetsVoorwaarden(toekenningVoorwaarden, { toewijzing, bedragCent })
  const result = await tx
    .createQueryBuilder()
    .update(Toewijzing)
    .set({ toegekendCent: () => 'toegekendCent + :bedrag' })
    .where('id = :id AND toegekendCent + :bedrag <= budgetCent', { id: toewijzing.id, bedrag: bedragCent })
    .execute()
  if (result.affected !== 1) {
    const nu = (await tx.findOneBy(Toewijzing, { id: toewijzing.id }))!
    toetsVoorwaarden(toekenningVoorwaarden, { toewijzing: nu, bedragCent })
    throw conflict('De toewijzing is intussen gewijzigd: probeer het opnieuw.')
  }
  toewijzing.toegekendCent += bedragCent
}

/** The gemeente's judgement of lines of one declaration, all or none, against the version read. */
async function beoordeel(
  tx: EntityManager,
  ctx: GemeenteContext,
  { declaratieId, versie, beoordelingen }: BeoordelenArgs,
): Promise<Declaratie> {
  const declaratie = await tx.findOneBy(Declaratie, { id: declaratieId, gemeenteCode: ctx.gemeente.code })
  if (!declaratie) throw notFound('Declaratie', declaratieId)
  // The allocation's row before the declaration's, as declareer takes them; read under the lock,
  // so that a line is accepted against the allocation as it is now (ended, shortened, withdrawn).
  const toewijzing = (await tx.findOne(Toewijzing, {
    where: { id: declaratie.toewijzingId },
    ...metSchrijfslot(tx),
  }))!
  const bijgewerkt = await nieuweVersie(tx, declaratie, versie)
  const regels = await tx.findBy(DeclaratieRegel, { declaratieId })
  const behoefte = (await tx.findOneBy(PlanBehoefte, { id: toewijzing.behoefteId }))!
  const dag = vandaag()
  for (const [i, b] of beoordelingen.entries()) {
    if (beoordelingen.findIndex((x) => x.regelId === b.regelId) !== i)
      throw badInput('Deze regel staat er meer dan eens in.', `beoordelingen.${i}.regelId`)
    const regel = regels.find((r) => r.id === b.regelId)
    if (!regel) throw notFound('DeclaratieRegel', b.regelId)
    const reden = b.reden?.trim() || null
    if (!b.toegekend && !reden)
      throw badInput('Geef de reden waarom de regel wordt afgewezen.', `beoordelingen.${i}.reden`)
    const actie = b.toegekend ? 'toekennen' : 'afwijzen'
    await changeStatus(tx, DeclaratieRegel, regel, regelStatus, actie, { reden, beoordeeldOp: dag })
    if (b.toegekend) {
      // Declared on a month of care; since then the care may have been ended before that month.
      toetsVoorwaarden(betaalbaarVoorwaarden, { toewijzing, periode: declaratie.periode, vandaag: dag })
      await kenToe(tx, toewijzing, regel.bedragCent)
      // What the allocation cost, per need and level: the figures' cost per achieved result.
      await telMee(tx, ctx.gemeente.code, {
        soort: 'KOSTEN_GEACCEPTEERD',
        toewijzingId: toewijzing.id,
        behoefteCode: behoefte.code,
        niveau: behoefte.niveau,
        bedragCent: regel.bedragCent,
        datum: dag,
      })
    } else {
      // A refused line is no longer asked for: the provider may declare the product again.
      await verhoog(tx, toewijzing.id, 'gedeclareerdCent', -regel.bedragCent)
    }
  }
  await ctx.toegangslog.wijziging(tx, [toewijzing.inwonerId], 'declaratieBeoordelen')
  return bijgewerkt
}
