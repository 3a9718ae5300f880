import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, ID, Info, Int, Mutation, Resolver } from 'type-graphql'
import { In, type EntityManager } from 'typeorm'
import { isUniqueViolation } from '../../../shared/db/database'
import { changeStatus, metSchrijfslot } from '../../../shared/db/mutation'
import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { badInput, forbidden, notFound, preconditionFailed } from '../../../shared/errors'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { Datum } from '../../../shared/graphql/scalars'
import { Wet } from '../../../shared/ijw/codes'
import { leeftijdOp } from '../../../shared/domain/dates'
import type { GemeenteContext } from '../context'
import type { LokaleOndersteuningsbehoefte } from '../inkoop/lokale-ondersteuningsbehoefte'
import { Inwoner } from '../inwoner/inwoner.entity'
import { Gespreksstap, Melding } from '../melding/melding.entity'
import { betrokkenen } from '../melding/betrokkenen'
import { gesprekVoorwaarden, meldingStatus } from '../melding/melding.rules'
import { newId, vandaag } from '../mutatie'
import { uitkomstenMelden } from '../register/registerberichten'
import { alleenMedewerker, medewerkerAanbiederOfInwoner, medewerkerOfInwoner } from '../toegang'
import { Toewijzing, ToewijzingStatus } from '../toewijzing/toewijzing.entity'
import {
  regioVoorVervangingen,
  vervangLopendeToewijzingen,
  type RegioVoorVervanging,
} from '../toewijzing/vervanging'
import { KeuzeDoor, PlanBehoefte } from './behoefte.entity'
import { Evaluatie, EvaluatieDoor } from './evaluatie.entity'
import { wijzigPlan } from './plan-wijziging'
import {
  BehoefteInvoer,
  BehoefteRedenArgs,
  BeoordelingenArgs,
  EvaluatieInvoer,
  PlanAanpassing,
  RedenArgs,
  type ResultaatBeoordeling,
} from './plan.input'
import { Plan, PlanStatus } from './plan.entity'
import {
  afsluitenVoorwaarden,
  beoordelingsreden,
  controleerResultaat,
  evaluatieVoorwaarden,
  keuzeVoorwaarden,
  opstellenVoorwaarden,
  planStatus,
  vaststellenVoorwaarden,
  wetVoorwaarden,
} from './plan.rules'
import { Resultaat, Uitkomst } from './resultaat.entity'

/** The need's entry in the gemeente's catalogue, and which needs fall under the Jeugdwet. */
async function catalogusRegel(ctx: GemeenteContext, code: string) {
  const catalogus = await ctx.inkoop.ondersteuningsbehoeften()
  const regel = catalogus.find((o) => o.code === code)
  if (!regel)
    throw badInput(
      `${code} staat niet in de catalogus van gemeente ${ctx.gemeente.code}.`,
      'ondersteuningsbehoefte',
    )
  const jeugdwet = catalogus.filter((o) => o.wet === Wet.JEUGDWET).map((o) => o.code)
  return { regel, jeugdwet }
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
    id: newId(),
    gemeenteCode: behoefte.gemeenteCode,
    behoefteId: behoefte.id,
    omschrijving,
    streefdatum: r.streefdatum,
    uitkomst: null,
  })
  return omschrijving
}

async function laadBehoefte(tx: EntityManager, ctx: GemeenteContext, behoefteId: string) {
  const gevonden = await tx.findOneBy(PlanBehoefte, { id: behoefteId, gemeenteCode: ctx.gemeente.code })
  if (!gevonden) throw notFound('Behoefte', behoefteId)
  // The plan's lock, as a change of the plan takes it (wijzigPlan): a choice or an evaluation is
  // not made while the plan is being closed or its levels changed; the need is read again under it.
  const plan = (await tx.findOne(Plan, { where: { id: gevonden.planId }, ...metSchrijfslot(tx) }))!
  const behoefte = await tx.findOne(PlanBehoefte, { where: { id: behoefteId }, ...metSchrijfslot(tx) })
  if (!behoefte) throw notFound('Behoefte', behoefteId)
  return { behoefte, plan }
}

@Resolver()
export class PlanMutationResolver {
  @Mutation(() => Plan, {
    nullable: true,
    description:
      'Draws up the plan after a request; the caller becomes its director. One open plan per household.',
  })
  @Toegestaan(alleenMedewerker)
  planOpstellen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('meldingId', () => ID) meldingId: string,
    @Arg('startdatum', () => Datum) startdatum: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Plan> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { meldingId, startdatum },
      execute: (tx) => stelPlanOp(tx, ctx, meldingId, startdatum),
    })
  }

  @Mutation(() => Plan, {
    nullable: true,
    description: 'Adds a support need at a level, with concrete results, to a plan.',
  })
  @Toegestaan(alleenMedewerker)
  behoefteToevoegen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int, { description: 'The version of the plan you read.' }) versie: number,
    @Arg('invoer', () => BehoefteInvoer) invoer: BehoefteInvoer,
    @Args(() => BehoefteRedenArgs) { reden }: BehoefteRedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Plan> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { planId, versie, invoer, reden },
      prepare: () => catalogusRegel(ctx, invoer.ondersteuningsbehoefte),
      execute: (tx, catalogus) =>
        wijzigPlan(tx, ctx, planId, versie, reden, (plan) =>
          voegBehoefteToe(tx, ctx, plan, invoer, catalogus),
        ),
    })
  }

  @Mutation(() => Plan, {
    nullable: true,
    description:
      'Adopts a drafted plan: from CONCEPT to ACTIEF, once the conversation’s steps are recorded ' +
      '(not in a gedwongen kader).',
  })
  @Toegestaan(alleenMedewerker)
  planVaststellen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Plan> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { planId, versie },
      execute: (tx) =>
        wijzigPlan(tx, ctx, planId, versie, 'Plan vastgesteld', async (plan) => {
          const status = planStatus.next(plan.status, 'vaststellen')
          // As for toewijzen: paid support is decided only after the conversation's three steps,
          // except in a gedwongen kader (gesprekVoorwaarden knows the court's referral).
          const melding = plan.meldingId ? await tx.findOneBy(Melding, { id: plan.meldingId }) : null
          if (melding) {
            const stappen = await tx.findBy(Gespreksstap, { meldingId: melding.id })
            toetsVoorwaarden(gesprekVoorwaarden, { melding, stappen })
          }
          const behoeften = await tx.countBy(PlanBehoefte, { planId })
          toetsVoorwaarden(vaststellenVoorwaarden, { behoeften })
          return { status, vastgesteldOp: vandaag() }
        }),
    })
  }

  @Mutation(() => Plan, {
    nullable: true,
    description:
      'Withdraws a draft that will not be adopted, with a reason; the household may then get a new plan.',
  })
  @Toegestaan(alleenMedewerker)
  planIntrekken(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Plan> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { planId, versie, reden },
      execute: (tx) =>
        wijzigPlan(tx, ctx, planId, versie, `Ingetrokken: ${reden.trim()}`, async (plan) => ({
          status: planStatus.next(plan.status, 'intrekken'),
          einddatum: vandaag(),
          openSleutel: null,
        })),
    })
  }

  @Mutation(() => Plan, {
    nullable: true,
    description:
      'Adjusts an active plan: a new version with a reason; earlier versions stay readable. A new ' +
      'level replaces the need’s running allocation in the same change (see NiveauWijziging).',
  })
  @Toegestaan(alleenMedewerker)
  planAanpassen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('aanpassing', () => PlanAanpassing) aanpassing: PlanAanpassing,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Plan> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { planId, versie, reden, aanpassing },
      prepare: async () => {
        const [catalogus, regio] = await Promise.all([
          ctx.inkoop.ondersteuningsbehoeften(),
          // New levels, and new results for a need: both change what its allocation pays for.
          regioVoorVervangingen(ctx, [
            ...(aanpassing.niveaus ?? []),
            ...(aanpassing.resultaten ?? [])
              .filter((r) => !aanpassing.niveaus?.some((n) => n.behoefteId === r.behoefteId))
              .map((r) => ({ behoefteId: r.behoefteId })),
          ]),
        ])
        return { catalogus, regio }
      },
      execute: (tx, { catalogus, regio }) =>
        wijzigPlan(tx, ctx, planId, versie, reden.trim(), (plan) =>
          pasPlanAan(tx, ctx, plan, { aanpassing, reden: reden.trim() }, catalogus, regio),
        ),
    })
  }

  @Mutation(() => PlanBehoefte, {
    nullable: true,
    description:
      'Records the resident’s choice of provider for a need: by an adult resident of the household ' +
      'in their own plan, or by a toegangsmedewerker for them. The toegangsmedewerker then allocates.',
  })
  @Toegestaan(medewerkerOfInwoner)
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
    @Info() info: GraphQLResolveInfo,
  ): Promise<PlanBehoefte> {
    const datum = startdatum ?? vandaag()
    // A resident chooses for care still to come; staff may record a choice made earlier.
    if (ctx.toegang.inwoner && datum < vandaag())
      throw badInput('Kies een startdatum vanaf vandaag.', 'startdatum')
    return ctx.runMutation(info, {
      key: sleutel,
      input: { behoefteId, agbCode, datum },
      prepare: () => gecontracteerdVoor(ctx, behoefteId, datum),
      execute: async (tx, gecontracteerd) => {
        const { behoefte, plan } = await laadBehoefte(tx, ctx, behoefteId)
        const gekozenDoor = await wieKiest(ctx, behoefte)
        toetsVoorwaarden(keuzeVoorwaarden, { plan, behoefte, agbCode, datum, gecontracteerd })
        const keuze = { gekozenAanbiederAgbCode: agbCode, gekozenDoor }
        await tx.update(PlanBehoefte, { id: behoefteId }, keuze)
        await ctx.toegangslog.wijziging(tx, [behoefte.inwonerId], 'aanbiederKiezen')
        return { ...behoefte, ...keuze }
      },
    })
  }

  @Mutation(() => Evaluatie, {
    nullable: true,
    description:
      'Records how a result is going: by the gemeente, by the provider of an allocation for it, ' +
      'or by the resident.',
  })
  @Toegestaan(medewerkerAanbiederOfInwoner)
  evaluatieVastleggen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('invoer', () => EvaluatieInvoer) invoer: EvaluatieInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Evaluatie> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: invoer,
      execute: (tx) => legEvaluatieVast(tx, ctx, invoer),
    })
  }

  @Mutation(() => Plan, {
    nullable: true,
    description: 'Marks a result achieved, partly achieved or not achieved.',
  })
  @Toegestaan(alleenMedewerker)
  resultaatBeoordelen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Arg('resultaatId', () => ID) resultaatId: string,
    @Arg('uitkomst', () => Uitkomst) uitkomst: Uitkomst,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Plan> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { planId, versie, resultaatId, uitkomst },
      execute: (tx) =>
        wijzigPlan(tx, ctx, planId, versie, `Resultaat beoordeeld: ${uitkomst}`, (plan) =>
          beoordeelResultaten(tx, ctx, plan, [{ resultaatId, uitkomst }], () => 'resultaatId'),
        ),
    })
  }

  @Mutation(() => Plan, {
    nullable: true,
    description:
      'Marks several results of one plan at once: one new version of the plan, in one transaction; ' +
      'either all are recorded or none.',
  })
  @Toegestaan(alleenMedewerker)
  resultatenBeoordelen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Args(() => BeoordelingenArgs) { beoordelingen }: BeoordelingenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Plan> {
    const reden = beoordelingsreden(beoordelingen.map((b) => b.uitkomst))
    return ctx.runMutation(info, {
      key: sleutel,
      input: { planId, versie, beoordelingen },
      execute: (tx) =>
        wijzigPlan(tx, ctx, planId, versie, reden, (plan) =>
          beoordeelResultaten(tx, ctx, plan, beoordelingen, (i) => `beoordelingen.${i}.resultaatId`),
        ),
    })
  }

  @Mutation(() => Plan, {
    nullable: true,
    description:
      'Closes an active plan: every result must be assessed and every allocation ended or withdrawn.',
  })
  @Toegestaan(alleenMedewerker)
  planAfsluiten(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('versie', () => Int) versie: number,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: GemeenteContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Plan> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { planId, versie },
      execute: (tx) =>
        wijzigPlan(tx, ctx, planId, versie, 'Plan afgesloten', (plan) => sluitPlanAf(tx, ctx, plan)),
    })
  }
}

async function stelPlanOp(
  tx: EntityManager,
  ctx: GemeenteContext,
  meldingId: string,
  startdatum: string,
): Promise<Plan> {
  const gemeenteCode = ctx.gemeente.code
  const melding = await tx.findOneBy(Melding, { id: meldingId, gemeenteCode })
  if (!melding) throw notFound('Melding', meldingId)
  meldingStatus.next(melding.status, 'planOpstellen')
  const openPlan = await tx.findOneBy(Plan, { openSleutel: melding.huishoudenId })
  toetsVoorwaarden(opstellenVoorwaarden, { openPlan })
  const identity = ctx.toegang.identity!
  const plan: Plan = {
    id: newId(),
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
      throw preconditionFailed('Dit huishouden heeft al een open plan: één gezin, één plan.', {
        ontbreekt: 'geenOpenPlan',
      })
    throw err
  }
  // Only from the status read: a request closed meanwhile gets no plan.
  await changeStatus(tx, Melding, melding, meldingStatus, 'planOpstellen')
  // A new plan has no needs yet (the version logs those): the change is the request's residents'.
  await ctx.toegangslog.wijziging(tx, await betrokkenen(tx, melding), 'planOpstellen')
  return wijzigPlan(tx, ctx, plan.id, 0, 'Plan opgesteld', async () => undefined)
}

/**
 * A need from the gemeente's catalogue, at a level it offers, for a member of the household whose
 * age fits the need's law (wetVoorwaarden).
 */
async function voegBehoefteToe(
  tx: EntityManager,
  ctx: GemeenteContext,
  plan: Plan,
  invoer: BehoefteInvoer,
  { regel, jeugdwet }: { regel: LokaleOndersteuningsbehoefte; jeugdwet: string[] },
): Promise<void> {
  planStatus.next(plan.status, 'behoefteToevoegen')
  if (!regel.niveaus.includes(invoer.niveau)) {
    throw badInput(
      `${regel.code} kent niveau ${invoer.niveau} niet (wel ${regel.niveaus.join(', ')}).`,
      'invoer.niveau',
    )
  }
  const inwoner = await tx.findOneBy(Inwoner, { id: invoer.inwonerId, gemeenteCode: ctx.gemeente.code })
  if (!inwoner || inwoner.huishoudenId !== plan.huishoudenId)
    throw badInput('Deze inwoner hoort niet bij het huishouden van het plan.', 'invoer.inwonerId')
  const dag = vandaag()
  toetsVoorwaarden(wetVoorwaarden, {
    behoefte: regel,
    geboortedatum: inwoner.geboortedatum,
    peildatum: plan.startdatum > dag ? plan.startdatum : dag,
    eerdereJeugdhulp: await kreegJeugdhulpVoor18(tx, inwoner, jeugdwet),
  })
  const behoefte: PlanBehoefte = {
    id: newId(),
    gemeenteCode: ctx.gemeente.code,
    planId: plan.id,
    inwonerId: inwoner.id,
    code: regel.code,
    naam: regel.naam,
    bron: regel.bron,
    niveau: invoer.niveau,
    gekozenAanbiederAgbCode: null,
    gekozenDoor: null,
  }
  await tx.insert(PlanBehoefte, behoefte)
  const gezien: string[] = []
  for (const [i, r] of invoer.resultaten.entries()) {
    const context = { naam: regel.naam, startdatum: plan.startdatum, bestaand: gezien }
    gezien.push(await voegResultaatToe(tx, behoefte, r, context, `invoer.resultaten.${i}`))
  }
}

/** Whether the resident had a Jeugdwet need in an adopted plan that started before they were 18. */
async function kreegJeugdhulpVoor18(
  tx: EntityManager,
  inwoner: Pick<Inwoner, 'id' | 'geboortedatum'>,
  jeugdwet: string[],
): Promise<boolean> {
  if (jeugdwet.length === 0) return false
  const eerdere = await tx.findBy(PlanBehoefte, { inwonerId: inwoner.id, code: In(jeugdwet) })
  if (eerdere.length === 0) return false
  const plannen = await tx.findBy(Plan, {
    id: In([...new Set(eerdere.map((b) => b.planId))]),
    status: In([PlanStatus.ACTIEF, PlanStatus.AFGESLOTEN]),
  })
  return plannen.some((p) => leeftijdOp(inwoner.geboortedatum, p.startdatum) < 18)
}

/**
 * New levels from the catalogue and extra results, for needs of this plan only. Both change what
 * a running allocation pays for (the level its tariff, the results what it is paid to achieve),
 * so that allocation is replaced here, in the same transaction: plan and allocations never
 * disagree. A need whose level changes too is replaced once, by the level change.
 */
async function pasPlanAan(
  tx: EntityManager,
  ctx: GemeenteContext,
  plan: Plan,
  { aanpassing, reden }: { aanpassing: PlanAanpassing; reden: string },
  catalogus: LokaleOndersteuningsbehoefte[],
  regio: RegioVoorVervanging,
): Promise<void> {
  planStatus.next(plan.status, 'aanpassen')
  const behoeften = await tx.findBy(PlanBehoefte, { planId: plan.id })
  const vind = (id: string, veld: string) => {
    const behoefte = behoeften.find((b) => b.id === id)
    if (!behoefte) throw badInput('Deze behoefte hoort niet bij het plan.', veld)
    return behoefte
  }
  for (const [i, w] of (aanpassing.niveaus ?? []).entries()) {
    const behoefte = vind(w.behoefteId, `aanpassing.niveaus.${i}.behoefteId`)
    const regel = catalogus.find((c) => c.code === behoefte.code)
    if (!regel?.niveaus.includes(w.niveau))
      throw badInput(`${behoefte.code} kent niveau ${w.niveau} niet.`, `aanpassing.niveaus.${i}.niveau`)
    if (w.niveau === behoefte.niveau) continue
    await vervangLopendeToewijzingen(tx, ctx, behoefte, w, `aanpassing.niveaus.${i}`, reden, regio)
    await tx.update(PlanBehoefte, { id: behoefte.id }, { niveau: w.niveau })
    behoefte.niveau = w.niveau
  }
  const vervangen = new Set((aanpassing.niveaus ?? []).map((w) => w.behoefteId))
  for (const [i, r] of (aanpassing.resultaten ?? []).entries()) {
    const behoefte = vind(r.behoefteId, `aanpassing.resultaten.${i}.behoefteId`)
    const resultaten = await tx.findBy(Resultaat, { behoefteId: behoefte.id })
    const bestaand = resultaten.map((x) => x.omschrijving)
    const context = { naam: behoefte.naam, startdatum: plan.startdatum, bestaand }
    await voegResultaatToe(tx, behoefte, r, context, `aanpassing.resultaten.${i}`)
    if (vervangen.has(behoefte.id)) continue
    vervangen.add(behoefte.id)
    const woorden = `Nieuw resultaat voor ${behoefte.naam} in het plan`
    const aanleiding = { woorden, alleenLopendePeriode: true }
    const veld = `aanpassing.resultaten.${i}`
    const wijziging = { niveau: behoefte.niveau }
    await vervangLopendeToewijzingen(tx, ctx, behoefte, wijziging, veld, reden, regio, aanleiding)
  }
}

/**
 * Sets the outcome of results of this plan. Every result must belong to the plan and appear once;
 * otherwise nothing is written (the caller's transaction rolls back).
 */
async function beoordeelResultaten(
  tx: EntityManager,
  ctx: GemeenteContext,
  plan: Plan,
  beoordelingen: readonly ResultaatBeoordeling[],
  veld: (i: number) => string,
): Promise<void> {
  planStatus.next(plan.status, 'resultaatBeoordelen')
  const ids = beoordelingen.map((b) => b.resultaatId)
  const resultaten = await tx.findBy(Resultaat, { id: In(ids), gemeenteCode: ctx.gemeente.code })
  const behoeften = await tx.findBy(PlanBehoefte, { planId: plan.id })
  for (const [i, id] of ids.entries()) {
    if (ids.indexOf(id) !== i) throw badInput('Dit resultaat staat er twee keer in.', veld(i))
    const resultaat = resultaten.find((r) => r.id === id)
    if (!resultaat || !behoeften.some((b) => b.id === resultaat.behoefteId))
      throw badInput('Dit resultaat hoort niet bij het plan.', veld(i))
  }
  for (const { resultaatId, uitkomst } of beoordelingen)
    await tx.update(Resultaat, { id: resultaatId }, { uitkomst })
}

/**
 * Who records a choice of provider. Staff choose for the resident; a resident chooses only in
 * their own household's plan (another's is NOT_FOUND, as on reading) and only as an adult: the
 * plan is the family's, and the README's "Who sees what" gives it to the adults.
 */
async function wieKiest(ctx: GemeenteContext, behoefte: PlanBehoefte): Promise<KeuzeDoor> {
  if (ctx.toegang.isMedewerker) return KeuzeDoor.TOEGANGSMEDEWERKER
  await ctx.toegang.vereisInzage('PlanBehoefte', behoefte, behoefte.id, 'Behoefte')
  if (!ctx.toegang.isVolwassen)
    throw forbidden('Een aanbieder kiezen doet een volwassene in je huishouden. Vraag het aan je ouder.')
  return KeuzeDoor.INWONER
}

/** Who is contracted for the need on the date: read before the transaction (MutationSteps.prepare). */
async function gecontracteerdVoor(ctx: GemeenteContext, behoefteId: string, datum: string) {
  const behoefte = await ctx.loaders.behoefte.load(behoefteId)
  if (!behoefte) throw notFound('Behoefte', behoefteId)
  // A resident learns nothing of another household's need, and costs no call to the catalogue
  // or lock on its plan: whose it is is settled first (and again under the lock, wieKiest).
  if (ctx.toegang.inwoner) await ctx.toegang.vereisInzage('PlanBehoefte', behoefte, behoefte.id, 'Behoefte')
  return ctx.inkoop.gecontracteerd(behoefte.code, behoefte.niveau, datum)
}

async function legEvaluatieVast(
  tx: EntityManager,
  ctx: GemeenteContext,
  invoer: EvaluatieInvoer,
): Promise<Evaluatie> {
  const gemeenteCode = ctx.gemeente.code
  const resultaat = await tx.findOneBy(Resultaat, { id: invoer.resultaatId, gemeenteCode })
  if (!resultaat) throw notFound('Resultaat', invoer.resultaatId)
  // A resident evaluates what they may see (a minor: only what is about themself), and learns
  // nothing of the plan before that is settled: who evaluates is decided first.
  if (ctx.toegang.inwoner) await ctx.toegang.vereisInzage('Resultaat', resultaat, resultaat.id)
  const { behoefte, plan } = await laadBehoefte(tx, ctx, resultaat.behoefteId)
  const door = await wieEvalueert(tx, ctx, behoefte, plan)
  toetsVoorwaarden(evaluatieVoorwaarden, { plan })
  const evaluatie: Evaluatie = {
    id: newId(),
    gemeenteCode,
    resultaatId: resultaat.id,
    door,
    datum: vandaag(),
    voortgang: invoer.voortgang,
    toelichting: invoer.toelichting.trim(),
  }
  await tx.insert(Evaluatie, evaluatie)
  await ctx.toegangslog.wijziging(tx, [behoefte.inwonerId], 'evaluatieVastleggen')
  return evaluatie
}

/** Closes the plan; its outcomes go to the registry, without persons, in this same transaction. */
async function sluitPlanAf(tx: EntityManager, ctx: GemeenteContext, plan: Plan): Promise<Partial<Plan>> {
  const status = planStatus.next(plan.status, 'afsluiten')
  const behoeften = await tx.findBy(PlanBehoefte, { planId: plan.id })
  const ids = behoeften.map((b) => b.id)
  const resultaten = ids.length ? await tx.findBy(Resultaat, { behoefteId: In(ids) }) : []
  const toewijzingen = await tx.findBy(Toewijzing, { planId: plan.id })
  toetsVoorwaarden(afsluitenVoorwaarden, { resultaten, toewijzingen })
  await uitkomstenMelden(tx, ctx.gemeente.code, plan.id, vandaag())
  return { status, einddatum: vandaag(), openSleutel: null }
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
    // Their household's plan, or their own need in the plan of a household they have left.
    if (zelf && (zelf.huishoudenId === plan.huishoudenId || behoefte.inwonerId === zelf.id))
      return EvaluatieDoor.INWONER
  }
  ctx.toegang.vereisMedewerker()
  throw forbidden('Geen toegang.')
}
