import { Arg, Args, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql'
import { In, type EntityManager } from 'typeorm'
import { isUniqueViolation } from '../../../shared/db/database'
import { badInput, forbidden, notFound, preconditionFailed } from '../../../shared/errors'
import { Datum } from '../../../shared/graphql/scalars'
import type { GemeenteContext } from '../context'
import { Inwoner } from '../inwoner/inwoner.entity'
import type { LokaleOndersteuningsbehoefte } from '../inkoop/lokale-ondersteuningsbehoefte'
import { Melding } from '../melding/melding.entity'
import { meldingStatus } from '../melding/melding.rules'
import { mutatie, nieuwId, vandaag, wijzigPlan } from '../mutatie'
import { Toewijzing, ToewijzingStatus } from '../toewijzing/toewijzing.entity'
import { PlanBehoefte } from './behoefte.entity'
import { Evaluatie, EvaluatieDoor } from './evaluatie.entity'
import { BehoefteInvoer, BehoefteRedenArgs, EvaluatieInvoer, PlanAanpassing, RedenArgs } from './plan.input'
import { Plan, PlanStatus } from './plan.entity'
import { controleerResultaat, planStatus } from './plan.rules'
import { uitkomstenMelden } from '../register/registerberichten'
import { Resultaat, Uitkomst } from './resultaat.entity'

async function catalogusRegel(ctx: GemeenteContext, code: string): Promise<LokaleOndersteuningsbehoefte> {
  const regel = (await ctx.inkoop.ondersteuningsbehoeften()).find((o) => o.code === code)
  if (!regel)
    throw badInput(
      `${code} staat niet in de catalogus van gemeente ${ctx.gemeente.code}.`,
      'ondersteuningsbehoefte',
    )
  return regel
}

/** Checks one result against the plan (see controleerResultaat) and writes it; returns its text. */
async function voegResultaatToe(
  tx: EntityManager,
  behoefte: Pick<PlanBehoefte, 'id' | 'gemeenteCode'>,
  r: { omschrijving: string; streefdatum: string },
  context: Parameters<typeof controleerResultaat>[1],
  veld: string,
): Promise<string> {
  const omschrijving = controleerResultaat(r, context, veld)
  await tx.insert(Resultaat, {
    id: nieuwId(),
    gemeenteCode: behoefte.gemeenteCode,
    behoefteId: behoefte.id,
    omschrijving,
    streefdatum: r.streefdatum,
    uitkomst: null,
  })
  return omschrijving
}

async function laadBehoefte(tx: EntityManager, ctx: GemeenteContext, behoefteId: string) {
  const behoefte = await tx.findOneBy(PlanBehoefte, { id: behoefteId, gemeenteCode: ctx.gemeente.code })
  if (!behoefte) throw notFound('Behoefte', behoefteId)
  const plan = (await tx.findOneBy(Plan, { id: behoefte.planId }))!
  return { behoefte, plan }
}

@Resolver()
export class PlanMutationResolver {
  @Mutation(() => Plan, {
    nullable: true,
    description:
      'Draws up the plan after a request; the caller becomes its director. One open plan per household.',
  })
  planOpstellen(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('meldingId', () => ID) meldingId: string,
    @Arg('startdatum', () => Datum) startdatum: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Plan> {
    ctx.toegang.vereisMedewerker()
    return mutatie(ctx, 'planOpstellen', sleutel, { meldingId, startdatum }, async (tx) => {
      const melding = await tx.findOneBy(Melding, { id: meldingId, gemeenteCode })
      if (!melding) throw notFound('Melding', meldingId)
      const status = meldingStatus.next(melding.status, 'planOpstellen')
      const open = await tx.findOneBy(Plan, { openSleutel: melding.huishoudenId })
      if (open) {
        throw preconditionFailed(
          `Dit huishouden heeft al een open plan (${open.status}): één gezin, één plan.`,
          { bestaandPlanId: open.id },
        )
      }
      const identity = ctx.toegang.identity!
      const plan: Plan = {
        id: nieuwId(),
        gemeenteCode,
        huishoudenId: melding.huishoudenId,
        meldingId,
        openSleutel: melding.huishoudenId,
        status: PlanStatus.CONCEPT,
        versie: 0,
        startdatum,
        einddatum: null,
        regisseurId: identity.sub,
        regisseurNaam: identity.naam,
      }
      try {
        await tx.insert(Plan, plan)
      } catch (err) {
        // Two requests at once for the same household: the database's unique key decides.
        if (isUniqueViolation(err))
          throw preconditionFailed('Dit huishouden heeft al een open plan: één gezin, één plan.')
        throw err
      }
      await tx.update(Melding, { id: meldingId }, { status })
      return wijzigPlan(tx, ctx, plan.id, 0, 'Plan opgesteld', async () => undefined)
    })
  }

  @Mutation(() => Plan, {
    nullable: true,
    description: 'Adds a support need at a level, with concrete results, to a plan.',
  })
  behoefteToevoegen(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int, { description: 'The version of the plan you read.' }) versie: number,
    @Arg('invoer', () => BehoefteInvoer) invoer: BehoefteInvoer,
    @Args(() => BehoefteRedenArgs) { reden }: BehoefteRedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Plan> {
    ctx.toegang.vereisMedewerker()
    return mutatie(
      ctx,
      'behoefteToevoegen',
      sleutel,
      { planId, versie, invoer, reden },
      (tx, regel) =>
        wijzigPlan(tx, ctx, planId, versie, reden, async (plan) => {
          planStatus.next(plan.status, 'behoefteToevoegen')
          if (!regel.niveaus.includes(invoer.niveau)) {
            throw badInput(
              `${regel.code} kent niveau ${invoer.niveau} niet (wel ${regel.niveaus.join(', ')}).`,
              'invoer.niveau',
            )
          }
          const inwoner = await tx.findOneBy(Inwoner, { id: invoer.inwonerId, gemeenteCode })
          if (!inwoner || inwoner.huishoudenId !== plan.huishoudenId)
            throw badInput('Deze inwoner hoort niet bij het huishouden van het plan.', 'invoer.inwonerId')
          const behoefte: PlanBehoefte = {
            id: nieuwId(),
            gemeenteCode,
            planId,
            inwonerId: inwoner.id,
            code: regel.code,
            naam: regel.naam,
            bron: regel.bron,
            niveau: invoer.niveau,
            gekozenAanbiederAgbCode: null,
          }
          await tx.insert(PlanBehoefte, behoefte)
          const gezien: string[] = []
          for (const [i, r] of invoer.resultaten.entries()) {
            const context = { naam: regel.naam, startdatum: plan.startdatum, bestaand: gezien }
            gezien.push(await voegResultaatToe(tx, behoefte, r, context, `invoer.resultaten.${i}`))
          }
        }),
      () => catalogusRegel(ctx, invoer.ondersteuningsbehoefte),
    )
  }

  @Mutation(() => Plan, { nullable: true, description: 'Adopts a drafted plan: from CONCEPT to ACTIEF.' })
  planVaststellen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Plan> {
    ctx.toegang.vereisMedewerker()
    return mutatie(ctx, 'planVaststellen', sleutel, { planId, versie }, (tx) =>
      wijzigPlan(tx, ctx, planId, versie, 'Plan vastgesteld', async (plan) => {
        const status = planStatus.next(plan.status, 'vaststellen')
        if ((await tx.countBy(PlanBehoefte, { planId })) === 0)
          throw preconditionFailed('Een plan zonder ondersteuningsbehoefte kan niet worden vastgesteld.')
        return { status }
      }),
    )
  }

  @Mutation(() => Plan, {
    nullable: true,
    description:
      'Withdraws a draft that will not be adopted, with a reason; the household may then get a new plan.',
  })
  planIntrekken(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Plan> {
    ctx.toegang.vereisMedewerker()
    return mutatie(ctx, 'planIntrekken', sleutel, { planId, versie, reden }, (tx) =>
      wijzigPlan(tx, ctx, planId, versie, `Ingetrokken: ${reden.trim()}`, async (plan) => ({
        status: planStatus.next(plan.status, 'intrekken'),
        einddatum: vandaag(),
        openSleutel: null,
      })),
    )
  }

  @Mutation(() => Plan, {
    nullable: true,
    description: 'Adjusts an active plan: a new version with a reason; earlier versions stay readable.',
  })
  planAanpassen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('aanpassing', () => PlanAanpassing) aanpassing: PlanAanpassing,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Plan> {
    ctx.toegang.vereisMedewerker()
    return mutatie(
      ctx,
      'planAanpassen',
      sleutel,
      { planId, versie, reden, aanpassing },
      (tx, catalogus) =>
        wijzigPlan(tx, ctx, planId, versie, reden.trim(), async (plan) => {
          planStatus.next(plan.status, 'aanpassen')
          const behoeften = await tx.findBy(PlanBehoefte, { planId })
          const vind = (id: string, veld: string) => {
            const behoefte = behoeften.find((b) => b.id === id)
            if (!behoefte) throw badInput('Deze behoefte hoort niet bij het plan.', veld)
            return behoefte
          }
          for (const [i, w] of (aanpassing.niveaus ?? []).entries()) {
            const behoefte = vind(w.behoefteId, `aanpassing.niveaus.${i}.behoefteId`)
            const regel = catalogus.find((c) => c.code === behoefte.code)
            if (!regel?.niveaus.includes(w.niveau))
              throw badInput(
                `${behoefte.code} kent niveau ${w.niveau} niet.`,
                `aanpassing.niveaus.${i}.niveau`,
              )
            await tx.update(PlanBehoefte, { id: behoefte.id }, { niveau: w.niveau })
          }
          for (const [i, r] of (aanpassing.resultaten ?? []).entries()) {
            const behoefte = vind(r.behoefteId, `aanpassing.resultaten.${i}.behoefteId`)
            const bestaand = (await tx.findBy(Resultaat, { behoefteId: behoefte.id })).map(
              (x) => x.omschrijving,
            )
            const context = { naam: behoefte.naam, startdatum: plan.startdatum, bestaand }
            await voegResultaatToe(tx, behoefte, r, context, `aanpassing.resultaten.${i}`)
          }
        }),
      () => ctx.inkoop.ondersteuningsbehoeften(),
    )
  }

  @Mutation(() => PlanBehoefte, {
    nullable: true,
    description: 'Records the resident’s choice of provider for a need.',
  })
  aanbiederKiezen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('behoefteId', () => ID) behoefteId: string,
    @Arg('agbCode', () => ID) agbCode: string,
    @Arg('startdatum', () => Datum, {
      nullable: true,
      description: 'The intended start of care; defaults to today.',
    })
    startdatum: string | null,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<PlanBehoefte> {
    ctx.toegang.vereisMedewerker()
    const datum = startdatum ?? vandaag()
    return mutatie(
      ctx,
      'aanbiederKiezen',
      sleutel,
      { behoefteId, agbCode, datum },
      async (tx, gecontracteerd) => {
        const { behoefte, plan } = await laadBehoefte(tx, ctx, behoefteId)
        if (plan.status === PlanStatus.AFGESLOTEN)
          throw preconditionFailed('Het plan is afgesloten.', { huidigeStatus: plan.status })
        if (!gecontracteerd.includes(agbCode)) {
          throw preconditionFailed(
            `Aanbieder ${agbCode} is op ${datum} niet gecontracteerd voor ${behoefte.code} niveau ${behoefte.niveau} in deze gemeente.`,
            {
              field: 'agbCode',
            },
          )
        }
        await tx.update(PlanBehoefte, { id: behoefteId }, { gekozenAanbiederAgbCode: agbCode })
        await ctx.toegangslog.wijziging(tx, [behoefte.inwonerId], 'aanbiederKiezen')
        return { ...behoefte, gekozenAanbiederAgbCode: agbCode }
      },
      async () => {
        const behoefte = await ctx.loaders.behoefte.load(behoefteId)
        if (!behoefte) throw notFound('Behoefte', behoefteId)
        return ctx.inkoop.gecontracteerd(behoefte.code, behoefte.niveau, datum)
      },
    )
  }

  @Mutation(() => Evaluatie, {
    nullable: true,
    description:
      'Records how a result is going: by the gemeente, by the provider of an allocation for it, or by the resident.',
  })
  evaluatieVastleggen(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('invoer', () => EvaluatieInvoer) invoer: EvaluatieInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Evaluatie> {
    const toelichting = invoer.toelichting.trim()
    return mutatie(ctx, 'evaluatieVastleggen', sleutel, invoer, async (tx) => {
      const resultaat = await tx.findOneBy(Resultaat, { id: invoer.resultaatId, gemeenteCode })
      if (!resultaat) throw notFound('Resultaat', invoer.resultaatId)
      const { behoefte, plan } = await laadBehoefte(tx, ctx, resultaat.behoefteId)
      if (plan.status !== PlanStatus.ACTIEF)
        throw preconditionFailed(`Evalueren kan alleen in een actief plan (nu ${plan.status}).`, {
          huidigeStatus: plan.status,
        })
      const door = await wieEvalueert(tx, ctx, behoefte, plan)
      const evaluatie: Evaluatie = {
        id: nieuwId(),
        gemeenteCode,
        resultaatId: resultaat.id,
        door,
        datum: vandaag(),
        voortgang: invoer.voortgang,
        toelichting,
      }
      await tx.insert(Evaluatie, evaluatie)
      await ctx.toegangslog.wijziging(tx, [behoefte.inwonerId], 'evaluatieVastleggen')
      return evaluatie
    })
  }

  @Mutation(() => Plan, {
    nullable: true,
    description: 'Marks a result achieved, partly achieved or not achieved.',
  })
  resultaatBeoordelen(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Arg('resultaatId', () => ID) resultaatId: string,
    @Arg('uitkomst', () => Uitkomst) uitkomst: Uitkomst,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Plan> {
    ctx.toegang.vereisMedewerker()
    return mutatie(ctx, 'resultaatBeoordelen', sleutel, { planId, versie, resultaatId, uitkomst }, (tx) =>
      wijzigPlan(tx, ctx, planId, versie, `Resultaat beoordeeld: ${uitkomst}`, async (plan) => {
        planStatus.next(plan.status, 'resultaatBeoordelen')
        const resultaat = await tx.findOneBy(Resultaat, { id: resultaatId, gemeenteCode })
        const behoefte = resultaat && (await tx.findOneBy(PlanBehoefte, { id: resultaat.behoefteId }))
        if (!resultaat || behoefte?.planId !== planId)
          throw badInput('Dit resultaat hoort niet bij het plan.', 'resultaatId')
        await tx.update(Resultaat, { id: resultaatId }, { uitkomst })
      }),
    )
  }

  @Mutation(() => Plan, {
    nullable: true,
    description:
      'Closes an active plan: every result must be assessed and every allocation ended or withdrawn.',
  })
  planAfsluiten(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
  ): Promise<Plan> {
    ctx.toegang.vereisMedewerker()
    return mutatie(ctx, 'planAfsluiten', sleutel, { planId, versie }, (tx) =>
      wijzigPlan(tx, ctx, planId, versie, 'Plan afgesloten', async (plan) => {
        const status = planStatus.next(plan.status, 'afsluiten')
        const behoeften = await tx.findBy(PlanBehoefte, { planId })
        const ids = behoeften.map((b) => b.id)
        const open = ids.length
          ? (await tx.findBy(Resultaat, { behoefteId: In(ids) })).filter((r) => r.uitkomst === null)
          : []
        if (open.length) {
          throw preconditionFailed(`Nog ${open.length} resultaat/resultaten zonder uitkomst.`, {
            openResultaten: open.map((r) => r.id),
          })
        }
        const lopend = (await tx.findBy(Toewijzing, { planId })).filter(
          (t) => t.status !== ToewijzingStatus.BEEINDIGD && t.status !== ToewijzingStatus.INGETROKKEN,
        )
        if (lopend.length) {
          throw preconditionFailed(
            `Nog ${lopend.length} toewijzing(en) lopen: het plan sluit als alle zorg beëindigd is.`,
            {
              lopendeToewijzingen: lopend.map((t) => t.toewijzingNummer),
            },
          )
        }
        // The outcomes go to the registry, without persons, in this same transaction: never lost.
        await uitkomstenMelden(tx, gemeenteCode, planId, vandaag())
        return { status, einddatum: vandaag(), openSleutel: null }
      }),
    )
  }
}

/** Who is evaluating decides whose view this is; anyone else is refused. */
async function wieEvalueert(
  tx: EntityManager,
  ctx: GemeenteContext,
  behoefte: PlanBehoefte,
  plan: Plan,
): Promise<EvaluatieDoor> {
  if (ctx.toegang.isMedewerker) return EvaluatieDoor.GEMEENTE
  const agb = ctx.toegang.aanbiederAgbCode
  if (agb) {
    const eigen = await tx.findBy(Toewijzing, { behoefteId: behoefte.id, aanbiederAgbCode: agb })
    if (eigen.some((t) => t.status === ToewijzingStatus.TOEGEWEZEN || t.status === ToewijzingStatus.GESTART))
      return EvaluatieDoor.AANBIEDER
    throw forbidden(
      'Alleen de aanbieder met een lopende toewijzing voor deze behoefte evalueert haar resultaten.',
    )
  }
  const bsn = ctx.toegang.inwonerBsn
  if (bsn) {
    const zelf = await tx.findOneBy(Inwoner, { bsn, gemeenteCode: ctx.gemeente.code })
    if (zelf && zelf.huishoudenId === plan.huishoudenId) return EvaluatieDoor.INWONER
  }
  ctx.toegang.vereisMedewerker()
  throw forbidden('Geen toegang.')
}
