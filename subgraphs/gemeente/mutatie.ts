import type { EntityManager } from 'typeorm'
import { runMutation } from '../../shared/db/mutation'
import { conflict, notFound } from '../../shared/errors'
import type { GemeenteContext } from './context'
import { PlanBehoefte } from './plan/behoefte.entity'
import { planInhoud } from './plan/plan-inhoud'
import { PlanVersie } from './plan/plan-versie.entity'
import { Plan } from './plan/plan.entity'
import { Resultaat } from './plan/resultaat.entity'
import { In } from 'typeorm'

export { nieuwId } from '../../shared/db/mutation'
export const vandaag = () => new Date().toISOString().slice(0, 10)

/**
 * Every mutation of this subgraph: the caller must be known, the change is one transaction,
 * and a retry with the same idempotency key returns the first answer without writing again.
 */
export function mutatie<T, P = undefined>(
  ctx: GemeenteContext,
  operatie: string,
  sleutel: string,
  invoer: unknown,
  work: (tx: EntityManager, voorbereid: P) => Promise<T>,
  voorbereiding?: () => Promise<P>,
): Promise<T> {
  return runMutation(ctx.db, {
    operation: operatie,
    caller: ctx.toegang.identity,
    key: sleutel,
    input: invoer,
    prepare: voorbereiding,
    execute: work,
  })
}

/**
 * Changes a plan under optimistic locking: the caller names the version it read; if someone
 * else changed the plan since, this is refused with CONFLICT instead of silently overwriting.
 * Every change raises the version and stores the plan as it now is, with the reason.
 */
export async function wijzigPlan(
  tx: EntityManager,
  ctx: GemeenteContext,
  planId: string,
  gelezenVersie: number,
  reden: string,
  wijzig: (plan: Plan) => Promise<Partial<Plan> | void>,
): Promise<Plan> {
  const plan = await tx.findOneBy(Plan, { id: planId, gemeenteCode: ctx.gemeente.code })
  if (!plan) throw notFound('Plan', planId)
  const weigerConflict = (huidig: number) =>
    conflict(
      `Het plan is intussen gewijzigd (nu versie ${huidig}, u las versie ${gelezenVersie}). Laad het plan opnieuw.`,
      {
        huidigeVersie: huidig,
      },
    )
  if (plan.versie !== gelezenVersie) throw weigerConflict(plan.versie)
  const velden = (await wijzig(plan)) ?? {}
  const result = await tx
    .createQueryBuilder()
    .update(Plan)
    .set({ ...velden, versie: gelezenVersie + 1 })
    .where('id = :id AND versie = :versie', { id: planId, versie: gelezenVersie })
    .execute()
  if (result.affected !== 1) {
    const nu = await tx.findOneBy(Plan, { id: planId })
    throw weigerConflict(nu?.versie ?? gelezenVersie + 1)
  }
  const bijgewerkt: Plan = { ...plan, ...velden, versie: gelezenVersie + 1 }
  const behoeften = await tx.find(PlanBehoefte, { where: { planId }, order: { code: 'ASC', id: 'ASC' } })
  const resultaten = behoeften.length
    ? await tx.find(Resultaat, { where: { behoefteId: In(behoeften.map((b) => b.id)) } })
    : []
  const identity = ctx.toegang.identity!
  await tx.insert(PlanVersie, {
    planId,
    versie: bijgewerkt.versie,
    gemeenteCode: ctx.gemeente.code,
    reden,
    door: identity.naam,
    op: new Date().toISOString(),
    inhoud: planInhoud(bijgewerkt, behoeften, resultaten),
  })
  await ctx.toegangslog.wijziging(
    tx,
    behoeften.map((b) => b.inwonerId),
    'plan wijzigen',
  )
  return bijgewerkt
}
