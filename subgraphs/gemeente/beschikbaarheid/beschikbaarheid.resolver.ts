import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql'
import type { EntityManager } from 'typeorm'
import type { Voorwaarde } from '../../../shared/domain/preconditions'
import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { badInput } from '../../../shared/errors'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { telMee } from '../cijfers/tel-mee'
import type { GemeenteContext } from '../context'
import { newId, vandaag } from '../mutatie'
import { alleenMedewerker } from '../toegang'
import { BeschikbaarheidBudget, BeschikbaarheidGebruik } from './beschikbaarheid.entity'
import { BudgetArgs, GebruikInvoer, JaarArgs } from './beschikbaarheid.input'
import { Beschikbaarheid, beschikbaarheidIn } from './beschikbaarheid.type'

/** Use is recorded against the year's budget: set the budget first. */
export const gebruikVoorwaarden: readonly Voorwaarde<{
  budget: BeschikbaarheidBudget | null
  jaar: number
}>[] = [
  {
    ontbreekt: 'budget',
    geldt: (f) => !!f.budget,
    melding: (f) => `Stel eerst het budget voor ${f.jaar} vast (beschikbaarheidsbudgetVaststellen).`,
  },
]

/** Budgets and use are the gemeente's own figures, without persons: its staff and the analyst read them. */
function vereisInzage(ctx: GemeenteContext) {
  if (ctx.toegang.identity?.rol === 'ANALIST') return
  ctx.toegang.vereisMedewerker()
}

function bekendeVoorziening(codes: string[], code: string, veld: string) {
  if (!codes.includes(code)) throw badInput(`Onbekende beschikbaarheidsvoorziening ${code}.`, veld)
}

@Resolver()
export class BeschikbaarheidResolver {
  @Query(() => [Beschikbaarheid], {
    nullable: true,
    description:
      'This gemeente’s beschikbaarheidsvoorzieningen in a year: budget, use and what is left, for its ' +
      'staff and the analyst.',
  })
  beschikbaarheid(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Args(() => JaarArgs) { jaar }: JaarArgs,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Beschikbaarheid[]> {
    vereisInzage(ctx)
    return beschikbaarheidIn(ctx.db.manager, ctx.gemeente.code, jaar)
  }

  @Mutation(() => Beschikbaarheid, {
    nullable: true,
    description: 'Sets (or changes) this gemeente’s budget for a beschikbaarheidsvoorziening in a year.',
  })
  @Toegestaan(alleenMedewerker)
  beschikbaarheidsbudgetVaststellen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Args(() => BudgetArgs) args: BudgetArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Beschikbaarheid> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: args,
      prepare: () => ctx.inkoop.voorzieningCodes(),
      execute: (tx, codes) => stelBudgetVast(tx, ctx, args, codes),
    })
  }

  @Mutation(() => Beschikbaarheid, {
    nullable: true,
    description:
      'Records use of a beschikbaarheidsvoorziening (an amount, units or both) against the budget of its ' +
      'year, from the reports of the institution that runs it. Answers the year’s figures.',
  })
  @Toegestaan(alleenMedewerker)
  beschikbaarheidGebruikVastleggen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('invoer', () => GebruikInvoer) invoer: GebruikInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Beschikbaarheid> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: invoer,
      prepare: () => ctx.inkoop.voorzieningCodes(),
      execute: (tx, codes) => legGebruikVast(tx, ctx, invoer, codes),
    })
  }
}

async function stelBudgetVast(
  tx: EntityManager,
  ctx: GemeenteContext,
  { voorziening, jaar, budgetCent }: BudgetArgs,
  codes: string[],
): Promise<Beschikbaarheid> {
  bekendeVoorziening(codes, voorziening, 'voorziening')
  const gemeenteCode = ctx.gemeente.code
  const rij = {
    gemeenteCode,
    voorzieningCode: voorziening,
    jaar,
    budgetCent,
    vastgesteldOp: vandaag(),
    vastgesteldDoor: ctx.toegang.identity!.naam,
  }
  // One row per gemeente, voorziening and year: a second decision replaces the first.
  await tx.upsert(BeschikbaarheidBudget, rij, ['gemeenteCode', 'voorzieningCode', 'jaar'])
  return (await beschikbaarheidIn(tx, gemeenteCode, jaar, [voorziening]))[0]
}

async function legGebruikVast(
  tx: EntityManager,
  ctx: GemeenteContext,
  invoer: GebruikInvoer,
  codes: string[],
): Promise<Beschikbaarheid> {
  bekendeVoorziening(codes, invoer.voorziening, 'invoer.voorziening')
  const dag = vandaag()
  if (invoer.datum > dag)
    throw badInput(`De datum ${invoer.datum} ligt in de toekomst (vandaag is ${dag}).`, 'invoer.datum')
  if (invoer.bedragCent === 0 && !invoer.eenheden)
    throw badInput('Geef een bedrag, eenheden of beide.', 'invoer.bedragCent')
  const gemeenteCode = ctx.gemeente.code
  const jaar = Number(invoer.datum.slice(0, 4))
  const budget = await tx.findOneBy(BeschikbaarheidBudget, {
    gemeenteCode,
    voorzieningCode: invoer.voorziening,
    jaar,
  })
  toetsVoorwaarden(gebruikVoorwaarden, { budget, jaar })
  const gebruik: BeschikbaarheidGebruik = {
    id: newId(),
    gemeenteCode,
    voorzieningCode: invoer.voorziening,
    datum: invoer.datum,
    bedragCent: invoer.bedragCent,
    eenheden: invoer.eenheden ?? null,
    omschrijving: invoer.omschrijving?.trim() || null,
    vastgelegdDoor: ctx.toegang.identity!.naam,
  }
  await tx.insert(BeschikbaarheidGebruik, gebruik)
  await telMee(tx, gemeenteCode, {
    soort: 'BESCHIKBAARHEID_GEBRUIKT',
    voorzieningCode: gebruik.voorzieningCode,
    datum: gebruik.datum,
    bedragCent: gebruik.bedragCent,
  })
  return (await beschikbaarheidIn(tx, gemeenteCode, jaar, [invoer.voorziening]))[0]
}
