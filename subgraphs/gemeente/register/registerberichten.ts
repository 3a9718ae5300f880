import type { EntityManager } from 'typeorm'
import { In } from 'typeorm'
import { PlanBehoefte } from '../plan/behoefte.entity'
import { Resultaat, Uitkomst } from '../plan/resultaat.entity'
import { Toewijzing, ToewijzingStatus } from '../toewijzing/toewijzing.entity'
import type { EigenContract, EigenContractperceel } from '../inkoop/eigen-inkoop.entity'
import { Registerbericht } from './registerbericht.entity'
import { randomUUID } from 'node:crypto'

/** What the registry receives of an ended allocation: provider, need, level, outcomes. No person. */
export interface Uitkomstbericht {
  id: string
  gemeenteCode: string
  agbCode: string
  ondersteuningsbehoefte: string
  /** The name as written in the plan: the registry cannot look up a gemeente's own catalogue. */
  naam: string
  niveau: string
  afgeslotenOp: string
  behaald: number
  deelsBehaald: number
  nietBehaald: number
}

export interface Waarderingsbericht {
  id: string
  gemeenteCode: string
  agbCode: string
  score: number
  toelichting: string | null
  datum: string
}

/**
 * An own contract as it now is, for the registry's list of a provider's contracts: sent with
 * every change, and the registry keeps the highest `versie` it received, so that a copy that
 * arrives late or twice changes nothing.
 */
export interface Contractbericht {
  id: string
  gemeenteCode: string
  contractId: string
  agbCode: string
  status: string
  ingangsdatum: string
  einddatum: string | null
  versie: number
  percelen: { ondersteuningsbehoefte: string; niveau: string }[]
}

/** The message of an own contract as it now is, with its lots (those of other contracts are skipped). */
export function contractbericht(
  contract: Pick<
    EigenContract,
    'id' | 'gemeenteCode' | 'aanbiederAgbCode' | 'status' | 'ingangsdatum' | 'einddatum' | 'versie'
  >,
  percelen: Pick<EigenContractperceel, 'contractId' | 'ondersteuningsbehoefteCode' | 'niveau'>[],
  id: string = randomUUID(),
): Contractbericht {
  return {
    id,
    gemeenteCode: contract.gemeenteCode,
    contractId: contract.id,
    agbCode: contract.aanbiederAgbCode,
    status: contract.status,
    ingangsdatum: contract.ingangsdatum,
    einddatum: contract.einddatum,
    versie: contract.versie,
    percelen: percelen
      .filter((p) => p.contractId === contract.id)
      .map((p) => ({ ondersteuningsbehoefte: p.ondersteuningsbehoefteCode, niveau: p.niveau })),
  }
}

export async function berichtOpslaan(
  tx: EntityManager,
  soort: Registerbericht['soort'],
  inhoud: Uitkomstbericht | Waarderingsbericht | Contractbericht,
) {
  await tx.insert(Registerbericht, {
    id: inhoud.id,
    soort,
    inhoud: JSON.stringify(inhoud),
    aangemaaktOp: new Date().toISOString(),
    bezorgdOp: null,
    geweigerdOp: null,
    pogingen: 0,
    laatsteFout: null,
  })
}

/**
 * When a plan closes, each need's results are reported once, in the closing transaction, to the
 * account of the provider of its last ended allocation (withdrawn ones do not count): results
 * belong to a need, and two providers in turn must not both be credited with them.
 */
export async function uitkomstenMelden(
  tx: EntityManager,
  gemeenteCode: string,
  planId: string,
  datum: string,
) {
  const beeindigd = (await tx.findBy(Toewijzing, { planId }))
    .filter((t) => t.status === ToewijzingStatus.BEEINDIGD)
    .sort((a, b) => a.einddatum.localeCompare(b.einddatum) || a.toewijzingNummer - b.toewijzingNummer)
  const laatstePerBehoefte = new Map(beeindigd.map((t) => [t.behoefteId, t]))
  const toewijzingen = [...laatstePerBehoefte.values()]
  if (toewijzingen.length === 0) return
  const behoeften = await tx.findBy(PlanBehoefte, { id: In(toewijzingen.map((t) => t.behoefteId)) })
  const resultaten = await tx.findBy(Resultaat, { behoefteId: In(behoeften.map((b) => b.id)) })
  for (const t of toewijzingen) {
    const behoefte = behoeften.find((b) => b.id === t.behoefteId)!
    const eigen = resultaten.filter((r) => r.behoefteId === behoefte.id)
    const tel = (u: Uitkomst) => eigen.filter((r) => r.uitkomst === u).length
    await berichtOpslaan(tx, 'UITKOMST', {
      id: randomUUID(),
      gemeenteCode,
      agbCode: t.aanbiederAgbCode,
      ondersteuningsbehoefte: behoefte.code,
      naam: behoefte.naam,
      niveau: behoefte.niveau,
      afgeslotenOp: datum,
      behaald: tel(Uitkomst.BEHAALD),
      deelsBehaald: tel(Uitkomst.DEELS_BEHAALD),
      nietBehaald: tel(Uitkomst.NIET_BEHAALD),
    })
  }
}
