import { In, type EntityManager } from 'typeorm'
import { GESPREKSSTAPPEN, Gespreksstap, Melding, MeldingStatus } from '../melding/melding.entity'
import { PlanBehoefte } from '../plan/behoefte.entity'
import { PlanVersie } from '../plan/plan-versie.entity'
import { Plan } from '../plan/plan.entity'
import { Toewijzing, ToewijzingStatus } from '../toewijzing/toewijzing.entity'
import { BeschikbaarheidGebruik } from '../beschikbaarheid/beschikbaarheid.entity'
import { Declaratie, DeclaratieRegel, RegelStatus } from '../declaratie/declaratie.entity'
import { CijferTelling } from './cijfer-telling.entity'
import { tellingenVoor, versieDatum, voegSamen, type Gebeurtenis, type PlanStand } from './gebeurtenis'
import { schrijfTellingen } from './tel-mee'

/**
 * Every event the raw rows of this gemeente record, as the mutations would have reported them.
 * Durations need the dates a change was made (Plan.vastgesteldOp, Toewijzing.toegewezenOp and
 * gestartOp): rows from before those columns lack them and count in everything but durations.
 */
export async function gebeurtenissenUitRijen(
  tx: EntityManager,
  gemeenteCode: string,
): Promise<Gebeurtenis[]> {
  const meldingen = await tx.findBy(Melding, { gemeenteCode })
  const stappen = await tx.findBy(Gespreksstap, { gemeenteCode })
  const plannen = await tx.findBy(Plan, { gemeenteCode })
  const versies = await tx.find(PlanVersie, {
    where: { gemeenteCode },
    order: { planId: 'ASC', versie: 'ASC' },
  })
  const behoeften = await tx.findBy(PlanBehoefte, { gemeenteCode })
  const toewijzingen = await tx.findBy(Toewijzing, { gemeenteCode })

  const meldingDatum = new Map(meldingen.map((m) => [m.id, m.datum]))
  const laatsteStap = new Map<string, number>()
  for (const s of stappen)
    laatsteStap.set(
      s.meldingId,
      Math.max(laatsteStap.get(s.meldingId) ?? -1, GESPREKSSTAPPEN.indexOf(s.stap)),
    )
  const planVan = new Map(plannen.map((p) => [p.id, p]))
  const behoefteVan = new Map(behoeften.map((b) => [b.id, b]))
  const toewijzingVan = new Map(toewijzingen.map((t) => [t.id, t]))
  const uit: Gebeurtenis[] = []

  for (const m of meldingen) {
    uit.push({ soort: 'MELDING_ONTVANGEN', datum: m.datum })
    const stap = laatsteStap.get(m.id)
    if (m.status === MeldingStatus.AFGESLOTEN_ZONDER_PLAN && stap !== undefined)
      uit.push({
        soort: 'MELDING_ZONDER_MAATWERK',
        meldingDatum: m.datum,
        opgelostMet: GESPREKSSTAPPEN[stap],
      })
  }
  let vorige: PlanVersie | null = null
  for (const v of versies) {
    const plan = planVan.get(v.planId)
    const voor = vorige?.planId === v.planId ? (JSON.parse(vorige.inhoud) as PlanStand) : null
    uit.push({
      soort: 'PLAN_GEWIJZIGD',
      voor,
      na: JSON.parse(v.inhoud) as PlanStand,
      datum: versieDatum(v.op),
      meldingDatum: (plan?.meldingId && meldingDatum.get(plan.meldingId)) || null,
    })
    vorige = v
  }
  for (const t of toewijzingen) {
    const behoefteCode = behoefteVan.get(t.behoefteId)?.code ?? ''
    const plan = planVan.get(t.planId)
    const vervangen = t.vervangtToewijzingId ? toewijzingVan.get(t.vervangtToewijzingId) : null
    const naPlanwijziging = vervangen?.status === ToewijzingStatus.BEEINDIGD
    const { aanbiederAgbCode, ingangsdatum, budgetCent } = t
    uit.push({
      soort: 'TOEGEWEZEN',
      aanbiederAgbCode,
      behoefteCode,
      ingangsdatum,
      budgetCent,
      datum: t.toegewezenOp ?? null,
      planVastgesteldOp: plan?.vastgesteldOp ?? null,
      naPlanwijziging,
    })
    if (t.status === ToewijzingStatus.INGETROKKEN)
      uit.push({ soort: 'INGETROKKEN', aanbiederAgbCode, ingangsdatum, budgetCent })
    if (t.gestartOp)
      uit.push({
        soort: 'ZORG_GESTART',
        aanbiederAgbCode,
        behoefteCode,
        datum: t.gestartOp,
        toegewezenOp: t.toegewezenOp ?? null,
        meldingDatum: (plan?.meldingId && meldingDatum.get(plan.meldingId)) || null,
        naPlanwijziging,
      })
  }
  // Accepted declaration lines: what allocations cost, per need and level, on the day accepted.
  const declaraties = new Map((await tx.findBy(Declaratie, { gemeenteCode })).map((d) => [d.id, d]))
  const toegekend = declaraties.size
    ? await tx.findBy(DeclaratieRegel, {
        declaratieId: In([...declaraties.keys()]),
        status: RegelStatus.TOEGEKEND,
      })
    : []
  for (const r of toegekend) {
    const t = toewijzingVan.get(declaraties.get(r.declaratieId)!.toewijzingId)!
    const behoefte = behoefteVan.get(t.behoefteId)
    uit.push({
      soort: 'KOSTEN_GEACCEPTEERD',
      toewijzingId: t.id,
      behoefteCode: behoefte?.code ?? '',
      niveau: behoefte?.niveau ?? '',
      bedragCent: r.bedragCent,
      datum: r.beoordeeldOp!,
    })
  }
  for (const g of await tx.findBy(BeschikbaarheidGebruik, { gemeenteCode }))
    uit.push({
      soort: 'BESCHIKBAARHEID_GEBRUIKT',
      voorzieningCode: g.voorzieningCode,
      datum: g.datum,
      bedragCent: g.bedragCent,
    })
  return uit
}

/**
 * Rebuilds this gemeente's summary from its raw rows, in the caller's transaction: for the seed,
 * and for a deployment that upgrades (`npm run cijfers:herbouw`). Counts exactly what the
 * mutations count (tellingenVoor), so rebuild and incremental counts agree.
 */
export async function herbouwCijfers(tx: EntityManager, gemeenteCode: string): Promise<number> {
  const tellingen = voegSamen((await gebeurtenissenUitRijen(tx, gemeenteCode)).flatMap(tellingenVoor))
  await tx.delete(CijferTelling, { gemeenteCode })
  await schrijfTellingen(tx, gemeenteCode, tellingen)
  return tellingen.length
}
