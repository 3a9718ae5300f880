import { In, type EntityManager } from 'typeorm'
import { metSchrijfslot } from '../../../shared/db/mutation'
import { conflict, notFound } from '../../../shared/errors'
import { versieDatum, type PlanStand } from '../cijfers/gebeurtenis'
import { telMee } from '../cijfers/tel-mee'
import type { GemeenteContext } from '../context'
import { Melding } from '../melding/melding.entity'
import { PlanBehoefte } from './behoefte.entity'
import { planInhoud } from './plan-inhoud'
import { PlanVersie } from './plan-versie.entity'
import { Plan } from './plan.entity'
import { Resultaat } from './resultaat.entity'

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
  // Locked first: an allocation under this plan waits until this change is done (see toewijzen).
  const plan = await tx.findOne(Plan, {
    where: { id: planId, gemeenteCode: ctx.gemeente.code },
    ...metSchrijfslot(tx),
  })
  if (!plan) throw notFound('Plan', planId)
  const weigerConflict = (huidig: number) =>
    conflict(
      `Het plan is intussen gewijzigd (nu versie ${huidig}, u las versie ${gelezenVersie}). ` +
        'Laad het plan opnieuw.',
      { huidigeVersie: huidig },
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
  await bewaarVersie(tx, ctx, bijgewerkt, reden)
  return bijgewerkt
}

/**
 * Stores the plan as it now is, with its needs and results, and logs the access to its residents.
 * The figures count the difference with the version before (adoption, levels, outcomes).
 */
async function bewaarVersie(tx: EntityManager, ctx: GemeenteContext, plan: Plan, reden: string) {
  const planId = plan.id
  const behoeften = await tx.find(PlanBehoefte, { where: { planId }, order: { code: 'ASC', id: 'ASC' } })
  const resultaten = behoeften.length
    ? await tx.find(Resultaat, { where: { behoefteId: In(behoeften.map((b) => b.id)) } })
    : []
  const op = new Date().toISOString()
  const inhoud = planInhoud(plan, behoeften, resultaten)
  await tx.insert(PlanVersie, {
    planId,
    versie: plan.versie,
    gemeenteCode: ctx.gemeente.code,
    reden,
    door: ctx.toegang.identity!.naam,
    op,
    inhoud,
  })
  const vorige = await tx.findOneBy(PlanVersie, { planId, versie: plan.versie - 1 })
  const melding = plan.meldingId ? await tx.findOneBy(Melding, { id: plan.meldingId }) : null
  await telMee(tx, ctx.gemeente.code, {
    soort: 'PLAN_GEWIJZIGD',
    voor: vorige ? (JSON.parse(vorige.inhoud) as PlanStand) : null,
    na: JSON.parse(inhoud) as PlanStand,
    datum: versieDatum(op),
    meldingDatum: melding?.datum ?? null,
  })
  await ctx.toegangslog.wijziging(
    tx,
    behoeften.map((b) => b.inwonerId),
    'plan wijzigen',
  )
}
