import { bewijsVoorwaarden, type BewijsFeiten } from '../../../shared/domain/inschrijving'
import type { Voorwaarde } from '../../../shared/domain/preconditions'
import { badInput, preconditionFailed } from '../../../shared/errors'
import type { GemeenteInfo } from '../../../shared/gemeenten'
import type { Niveau } from '../../../shared/ijw/codes'
import type { EigenOndersteuningsbehoefte } from './eigen-inkoop.entity'
import type { EigenPerceelInvoer } from './eigen-inkoop.input'
import type { EigenTarief } from './eigen-tarief.entity'

/**
 * Own procurement is only for a gemeente that buys the support needs itself (`inkoop: EIGEN`).
 * Elsewhere the OZJT registry contracts: PRECONDITION_FAILED with `ontbreekt: eigenInkoop`.
 */
export function vereisEigenInkoop(gemeente: GemeenteInfo): void {
  if (gemeente.inkoop !== 'EIGEN') {
    throw preconditionFailed(
      `Gemeente ${gemeente.code} koopt regionaal in: contracten en aanmeldingen lopen via het register van OZJT.`,
      { ontbreekt: 'eigenInkoop' },
    )
  }
}

/** A need's code as the gemeente's own needs are stored: `' vb-hvt-ob-01'` is `VB-HVT-OB-01`. */
export const perceelCode = (code: string) => code.trim().toUpperCase()

/**
 * The lots of an application: each one of the gemeente's own support needs at a level it buys,
 * each once; sorted, so that the same lots read the same.
 */
export function controleerPercelen(
  percelen: EigenPerceelInvoer[],
  behoeften: Pick<EigenOndersteuningsbehoefte, 'code' | 'niveaus'>[],
): { ondersteuningsbehoefteCode: string; niveau: Niveau }[] {
  const geldig = percelen.map((p, i) => {
    const code = perceelCode(p.ondersteuningsbehoefte)
    const behoefte = behoeften.find((b) => b.code === code)
    if (!behoefte)
      throw badInput(
        `${code} is geen eigen ondersteuningsbehoefte van deze gemeente.`,
        `invoer.percelen[${i}].ondersteuningsbehoefte`,
      )
    if (!behoefte.niveaus.includes(p.niveau))
      throw badInput(
        `${code} wordt ingekocht op niveau ${behoefte.niveaus.join(', ')}, niet op ${p.niveau}.`,
        `invoer.percelen[${i}].niveau`,
      )
    return { ondersteuningsbehoefteCode: code, niveau: p.niveau }
  })
  if (new Set(geldig.map((p) => `${p.ondersteuningsbehoefteCode}|${p.niveau}`)).size !== geldig.length)
    throw badInput('Elke ondersteuningsbehoefte met niveau komt één keer voor.', 'invoer.percelen')
  return geldig.sort((a, b) =>
    (a.ondersteuningsbehoefteCode + a.niveau).localeCompare(b.ondersteuningsbehoefteCode + b.niveau),
  )
}

/** Who applies: the provider, and whether the OZJT registry knows its AGB code. */
export interface AanmeldingFeiten {
  agbCode: string
  /** Whether the OZJT registry knows the provider by its AGB code (no regional contract needed). */
  inRegister: boolean
}

/** An own application, and its grant, need the provider known in the OZJT registry: nothing more. */
export const eigenAanmeldingVoorwaarden: readonly Voorwaarde<AanmeldingFeiten>[] = [
  {
    ontbreekt: 'aanbiederInRegister',
    geldt: (f) => f.inRegister,
    melding: (f) =>
      `Aanbieder ${f.agbCode} staat niet in het register van OZJT; een aanbieder meldt zich daar eerst aan met zijn AGB-code.`,
  },
]

/**
 * What a grant of an own application needs beyond an application under review and a start date
 * not before the decision: the registry's rule for the proofs, then the provider known in the
 * registry.
 */
export const eigenToekenningVoorwaarden: readonly Voorwaarde<AanmeldingFeiten & BewijsFeiten>[] = [
  ...bewijsVoorwaarden,
  ...eigenAanmeldingVoorwaarden,
]

/**
 * A new tariff starts after every tariff the lot has (history is not rewritten) and ends, when
 * given, not before it starts. Returns the tariff running on its first day, which then ends the
 * day before, or null.
 */
export function controleerTarief(
  nieuw: { geldigVan: string; geldigTot?: string | null },
  bestaand: Pick<EigenTarief, 'id' | 'geldigVan' | 'geldigTot'>[],
): Pick<EigenTarief, 'id' | 'geldigVan' | 'geldigTot'> | null {
  if (nieuw.geldigTot != null && nieuw.geldigTot < nieuw.geldigVan)
    throw badInput('Een tarief eindigt niet voor het begint.', 'invoer.geldigTot')
  const laatste = bestaand.reduce<string | null>(
    (m, t) => (m === null || t.geldigVan > m ? t.geldigVan : m),
    null,
  )
  if (laatste !== null && nieuw.geldigVan <= laatste)
    throw badInput(
      `Dit perceel heeft een tarief vanaf ${laatste}; een nieuw tarief begint daarna.`,
      'invoer.geldigVan',
    )
  return bestaand.find((t) => t.geldigTot === null || t.geldigTot >= nieuw.geldigVan) ?? null
}
