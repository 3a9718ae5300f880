import { In, type EntityManager } from 'typeorm'
import { changeStatus } from '../../../shared/db/mutation'
import { plusDagen, vandaag } from '../../../shared/domain/dates'
import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { badInput, conflict } from '../../../shared/errors'
import type { Niveau } from '../../../shared/ijw/codes'
import { telMee } from '../cijfers/tel-mee'
import type { GemeenteContext } from '../context'
import type { ModuleTarief, Tariefinfo } from '../inkoop/inkoop'
import { newId } from '../mutatie'
import type { PlanBehoefte } from '../plan/behoefte.entity'
import { budgetCent, MAX_BUDGET_CENT } from './budget'
import { modulesBedragCent, prijsModules } from './modules'
import { Toewijzing, ToewijzingModule, ToewijzingStatus } from './toewijzing.entity'
import { volgendNummer } from './toewijzing.mutation'
import { isLopend, toewijzingStatus, vervangingVoorwaarden } from './toewijzing.rules'

/** The region's answers per need, new level and day: whom it contracts, at what tariff, and the modules' tariffs. */
export type RegioVoorVervanging = Map<
  string,
  { gecontracteerd: string[]; tarief: Tariefinfo | null; modules: ModuleTarief[] }
>

const sleutelVan = (code: string, niveau: Niveau, datum: string) => `${code}|${niveau}|${datum}`

/**
 * The day a replacement starts: today, or the old allocation's own start when that lies ahead.
 * Care before today was given at the old level and stays paid by the old allocation.
 */
export const wisseldatum = (oud: Pick<Toewijzing, 'ingangsdatum'>, dag: string) =>
  oud.ingangsdatum > dag ? oud.ingangsdatum : dag

/**
 * Asks the region, before the transaction (MutationSteps.prepare), about every running
 * allocation that a change of the plan will replace: the contract and tariff of the need's new
 * level (or its own level, when `niveau` is absent: new results) on the day its replacement
 * starts. The transaction checks it read the same allocations.
 */
export async function regioVoorVervangingen(
  ctx: GemeenteContext,
  wijzigingen: { behoefteId: string; niveau?: Niveau | null }[],
): Promise<RegioVoorVervanging> {
  const antwoorden: RegioVoorVervanging = new Map()
  if (wijzigingen.length === 0) return antwoorden
  const lopend = await ctx.db.getRepository(Toewijzing).findBy({
    gemeenteCode: ctx.gemeente.code,
    behoefteId: In(wijzigingen.map((w) => w.behoefteId)),
    status: In([ToewijzingStatus.TOEGEWEZEN, ToewijzingStatus.GESTART]),
  })
  const dag = vandaag()
  const vragen = new Map<string, { code: string; niveau: Niveau; datum: string }>()
  for (const w of wijzigingen) {
    const behoefte = await ctx.loaders.behoefte.load(w.behoefteId)
    if (!behoefte) continue
    const niveau = w.niveau ?? behoefte.niveau
    for (const t of lopend.filter((x) => x.behoefteId === w.behoefteId)) {
      const datum = wisseldatum(t, dag)
      vragen.set(sleutelVan(behoefte.code, niveau, datum), { code: behoefte.code, niveau, datum })
    }
  }
  await Promise.all(
    [...vragen].map(async ([sleutel, { code, niveau, datum }]) => {
      const [gecontracteerd, tarief, modules] = await Promise.all([
        ctx.inkoop.gecontracteerd(code, niveau, datum),
        ctx.inkoop.tarief(code, niveau, datum),
        ctx.inkoop.moduleTarieven(datum),
      ])
      antwoorden.set(sleutel, { gecontracteerd, tarief, modules })
    }),
  )
  return antwoorden
}

/**
 * Replaces each running allocation of a need whose level or results change, in the plan's
 * transaction: the old one ends with a reason in words (`aanleiding`, then the plan's reason), a
 * new one for the same provider starts at the level's tariff and points at it (vervangtToewijzingId). The old one ends the day before the new one
 * starts; one that has not begun ends on its first day, as a withdrawn one does, so that it pays
 * for nothing. The new one is TOEGEWEZEN: the provider confirms its start (305) as for any other.
 *
 * Its modules go with it, with the same volume and frequency, at the module tariffs in force on
 * its start (a module line from before modules were priced gets volume 1 per its tariff's
 * frequency, as a module given by code alone does).
 *
 * Example: B to A on 2026-03-10 for #41 (GESTART, 2026-01-01 to 2026-06-30): #41 ends 2026-03-09;
 * #42 runs 2026-03-10 to 2026-06-30 at A's tariff, with #41's volume when the unit is the same.
 */
export async function vervangLopendeToewijzingen(
  tx: EntityManager,
  ctx: GemeenteContext,
  behoefte: PlanBehoefte,
  wijziging: { niveau: Niveau; volume?: number | null },
  veld: string,
  redenPlan: string,
  regio: RegioVoorVervanging,
  aanleiding: { woorden: string; alleenLopendePeriode: boolean } = {
    woorden: `Niveau ${behoefte.niveau} wordt ${wijziging.niveau} in het plan`,
    alleenLopendePeriode: false,
  },
): Promise<Toewijzing[]> {
  const dag = vandaag()
  // A new result does not change what care given in a period that is over paid for: only
  // allocations whose period runs are replaced then. A new level is refused for those instead.
  const lopend = (await tx.findBy(Toewijzing, { behoefteId: behoefte.id })).filter(
    (t) => isLopend(t) && (!aanleiding.alleenLopendePeriode || wisseldatum(t, dag) <= t.einddatum),
  )
  const nieuw: Toewijzing[] = []
  for (const oud of lopend) {
    const start = wisseldatum(oud, dag)
    const antwoord = regio.get(sleutelVan(behoefte.code, wijziging.niveau, start))
    // Read before the transaction for other allocations than it now finds: someone changed them.
    if (!antwoord) throw conflict('De toewijzingen zijn intussen gewijzigd: probeer het opnieuw.')
    toetsVoorwaarden(vervangingVoorwaarden, {
      toewijzing: oud,
      behoefte: { code: behoefte.code, niveau: wijziging.niveau },
      wisseldatum: start,
      gecontracteerd: antwoord.gecontracteerd,
      tarief: antwoord.tarief,
      volume: wijziging.volume ?? null,
      veld: `${veld}.volume`,
    })
    const tarief = antwoord.tarief!
    const volume = wijziging.volume ?? oud.volume
    const gevraagd = (await tx.findBy(ToewijzingModule, { toewijzingId: oud.id })).map((m) => ({
      moduleCode: m.moduleCode,
      volume: m.volume ?? 1,
      frequentie: m.frequentie,
    }))
    const modules = prijsModules(gevraagd, antwoord.modules, { van: start, tot: oud.einddatum }, veld)
    const budget = budgetCent(tarief, volume, start, oud.einddatum) + modulesBedragCent(modules)
    if (budget > MAX_BUDGET_CENT)
      throw badInput(
        `Het budget van de nieuwe toewijzing (${budget} eurocent) is groter dan een toewijzing kan dragen.`,
        `${veld}.volume`,
      )
    const einde = start > oud.ingangsdatum ? plusDagen(start, -1) : oud.ingangsdatum
    const redenBeeindiging = `${aanleiding.woorden}: ${redenPlan}`.slice(0, 500)
    await changeStatus(tx, Toewijzing, oud, toewijzingStatus, 'vervangen', {
      einddatum: einde,
      redenBeeindiging,
    })
    const vervanging: Toewijzing = {
      ...oud,
      id: newId(),
      toewijzingNummer: await volgendNummer(tx),
      status: ToewijzingStatus.TOEGEWEZEN,
      ingangsdatum: start,
      volume,
      eenheid: tarief.eenheid,
      frequentie: tarief.frequentie,
      tariefCent: tarief.bedragCent,
      budgetCent: budget,
      gedeclareerdCent: 0,
      toegekendCent: 0,
      redenWijziging: null,
      redenBeeindiging: null,
      vervangtToewijzingId: oud.id,
      toegewezenOp: dag,
      gestartOp: null,
    }
    await tx.insert(Toewijzing, vervanging)
    await telMee(tx, ctx.gemeente.code, {
      soort: 'TOEGEWEZEN',
      aanbiederAgbCode: vervanging.aanbiederAgbCode,
      behoefteCode: behoefte.code,
      ingangsdatum: start,
      budgetCent: budget,
      datum: dag,
      planVastgesteldOp: null,
      naPlanwijziging: true,
    })
    if (modules.length)
      await tx.insert(
        ToewijzingModule,
        modules.map((m) => ({ ...m, toewijzingId: vervanging.id })),
      )
    await ctx.toegangslog.wijziging(tx, [oud.inwonerId], 'toewijzingVervangen')
    nieuw.push(vervanging)
  }
  return nieuw
}
