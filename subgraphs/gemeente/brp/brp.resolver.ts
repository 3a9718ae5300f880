import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql'
import { In, type EntityManager } from 'typeorm'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { normalisePostcode } from '../../../shared/ijw/identifiers'
import type { GemeenteContext } from '../context'
import { Huishouden } from '../huishouden/huishouden.entity'
import { Inwoner } from '../inwoner/inwoner.entity'
import { newId, vandaag } from '../mutatie'
import { Plan, PlanStatus } from '../plan/plan.entity'
import { alleenGemeentesysteem } from '../toegang'
import { BrpPersonenArgs, type BrpPersoonInvoer } from './brp.input'
import { controleerPersonen, verwerkPersonen } from './brp.rules'
import { BrpPersoonVerwerkt, BrpUitkomst } from './brp.type'

@Resolver()
export class BrpResolver {
  @Mutation(() => [BrpPersoonVerwerkt], {
    nullable: true,
    description:
      "Registers or updates residents and their households from the gemeente's population register " +
      '(records shaped after Haal Centraal BRP Personen), idempotent on BSN. A person now registered ' +
      "in another gemeente is recorded as moved out. For the gemeente's own system only.",
  })
  @Toegestaan(
    alleenGemeentesysteem('Alleen het eigen systeem van de gemeente schrijft inwoners in uit de BRP.'),
  )
  brpPersonenVerwerken(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Args(() => BrpPersonenArgs) { personen }: BrpPersonenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<BrpPersoonVerwerkt[]> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: personen,
      execute: (tx) => verwerkBrp(tx, ctx, personen),
    })
  }
}

@Resolver(() => Plan)
export class PlanVerhuizingResolver {
  @FieldResolver(() => [Inwoner], {
    description:
      'Members of the household who moved to another gemeente (per the BRP), on an open plan: the ' +
      'plan and its allocations stay with this gemeente until the new one takes over ' +
      '(woonplaatsbeginsel). Empty on a closed or withdrawn plan.',
  })
  async verhuisdeLeden(@Root() plan: Plan, @Ctx() ctx: GemeenteContext): Promise<Inwoner[]> {
    if (plan.status !== PlanStatus.CONCEPT && plan.status !== PlanStatus.ACTIEF) return []
    const leden = await ctx.loaders.ledenVanHuishouden.load(plan.huishoudenId)
    return leden.filter((lid) => lid.verhuisdOp)
  }
}

/** Reads the persons by BSN and the households at their addresses, merges, writes, logs. */
async function verwerkBrp(
  tx: EntityManager,
  ctx: GemeenteContext,
  personen: BrpPersoonInvoer[],
): Promise<BrpPersoonVerwerkt[]> {
  const gemeenteCode = ctx.gemeente.code
  controleerPersonen(personen, gemeenteCode, vandaag())
  const bsns = personen.map((p) => p.burgerservicenummer)
  const postcodes = [
    ...new Set(
      personen.flatMap((p) =>
        p.gemeenteVanInschrijving === gemeenteCode && p.verblijfplaats
          ? [normalisePostcode(p.verblijfplaats.postcode)!]
          : [],
      ),
    ),
  ]
  const inwoners = await tx.findBy(Inwoner, { gemeenteCode, bsn: In(bsns) })
  const huishoudens = postcodes.length
    ? await tx.findBy(Huishouden, { gemeenteCode, postcode: In(postcodes) })
    : []
  const w = verwerkPersonen(personen, { inwoners, huishoudens }, gemeenteCode, newId)
  if (w.nieuweHuishoudens.length) await tx.insert(Huishouden, w.nieuweHuishoudens)
  for (const { id, adres } of w.huishoudens) await tx.update(Huishouden, { id }, adres)
  if (w.nieuweInwoners.length) await tx.insert(Inwoner, w.nieuweInwoners)
  for (const { id, velden } of w.inwoners) await tx.update(Inwoner, { id }, velden)
  const gewijzigd = w.uitkomsten.filter((u) => u.uitkomst !== BrpUitkomst.ONGEWIJZIGD)
  await ctx.toegangslog.wijziging(
    tx,
    gewijzigd.map((u) => u.inwonerId),
    'brpPersonenVerwerken',
  )
  return w.uitkomsten
}
