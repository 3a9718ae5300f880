import {
  aanmeldingStatus,
  bewijsVoorwaarden,
  type AanmeldingActie,
  type BewijsFeiten,
} from '../../../shared/domain/inschrijving'
import type { Voorwaarde } from '../../../shared/domain/preconditions'
import { badInput } from '../../../shared/errors'
import { isGemeenteCode } from '../../../shared/gemeenten'
import { normalisePostcode } from '../../../shared/ijw/identifiers'
import type { AanmeldingInvoer } from './aanmelding.input'
import type { Aanmelding } from './aanmelding.entity'

export { aanmeldingStatus, type AanmeldingActie }

// The regional codes of support needs and modules live in the catalogus subgraph. A lookup
// across services inside this transaction would tie the registry to the catalogue being up, so
// only the shape of a code is checked here; the catalogue's own codes (VB-OB-01) fit it.
export const CATALOGUSCODE = /^[A-Z0-9][A-Z0-9-]{0,19}$/

export interface GeldigeAanmelding {
  kvkNummer: string | null
  naam: string | null
  locatie: { naam: string; postcode: string; plaats: string } | null
  percelen: { ondersteuningsbehoefteCode: string; niveau: AanmeldingInvoer['percelen'][number]['niveau'] }[]
  modules: string[]
  gemeenten: string[]
}

/**
 * Checks an application's content. A provider that is not yet registered must give its KvK
 * number, name and a first location; a registered one may leave them out.
 */
export function controleerAanmelding(invoer: AanmeldingInvoer, bekend: boolean): GeldigeAanmelding {
  const percelen = invoer.percelen.map((p, i) => {
    const code = p.ondersteuningsbehoefte.trim().toUpperCase()
    if (!CATALOGUSCODE.test(code)) {
      throw badInput(
        'Een ondersteuningsbehoefte is een code uit de regionale catalogus.',
        `invoer.percelen[${i}].ondersteuningsbehoefte`,
      )
    }
    return { ondersteuningsbehoefteCode: code, niveau: p.niveau }
  })
  if (percelen.length === 0)
    throw badInput('Vraag ten minste één ondersteuningsbehoefte met niveau aan.', 'invoer.percelen')
  if (new Set(percelen.map((p) => `${p.ondersteuningsbehoefteCode}|${p.niveau}`)).size !== percelen.length) {
    throw badInput('Elke ondersteuningsbehoefte met niveau komt één keer voor.', 'invoer.percelen')
  }

  const modules = (invoer.modules ?? []).map((m, i) => {
    const code = m.trim().toUpperCase()
    if (!CATALOGUSCODE.test(code))
      throw badInput('Een module is een code uit de regionale catalogus.', `invoer.modules[${i}]`)
    return code
  })
  if (new Set(modules).size !== modules.length)
    throw badInput('Elke module komt één keer voor.', 'invoer.modules')

  const gemeenten = invoer.gemeenten.map((g, i) => {
    if (!isGemeenteCode(g)) throw badInput(`${g} is geen Twentse gemeentecode.`, `invoer.gemeenten[${i}]`)
    return g
  })
  if (gemeenten.length === 0) throw badInput('Vraag ten minste één gemeente aan.', 'invoer.gemeenten')
  if (new Set(gemeenten).size !== gemeenten.length)
    throw badInput('Elke gemeente komt één keer voor.', 'invoer.gemeenten')

  // Lengths and the KvK number's shape are checked on the input (aanmelding.input.ts).
  const kvkNummer = invoer.kvkNummer ?? null
  const naam = invoer.naam?.trim() ?? null
  let locatie: GeldigeAanmelding['locatie'] = null
  if (invoer.locatie) {
    const postcode = normalisePostcode(invoer.locatie.postcode)
    if (!postcode)
      throw badInput('Een postcode is vier cijfers en twee letters (7511AB).', 'invoer.locatie.postcode')
    locatie = { naam: invoer.locatie.naam.trim(), postcode, plaats: invoer.locatie.plaats.trim() }
  }
  if (!bekend) {
    if (!kvkNummer) throw badInput('Een nieuwe aanbieder geeft het KvK-nummer op.', 'invoer.kvkNummer')
    if (!naam) throw badInput('Een nieuwe aanbieder geeft de naam op.', 'invoer.naam')
    if (!locatie) throw badInput('Een nieuwe aanbieder geeft een eerste locatie op.', 'invoer.locatie')
  }
  percelen.sort((a, b) =>
    (a.ondersteuningsbehoefteCode + a.niveau).localeCompare(b.ondersteuningsbehoefteCode + b.niveau),
  )
  return { kvkNummer, naam, locatie, percelen, modules: modules.sort(), gemeenten: gemeenten.sort() }
}

/** What a grant is checked against: the proofs recorded, the decision day, the provider's details. */
export interface ToekenningFeiten extends BewijsFeiten {
  aanmelding: Pick<Aanmelding, 'kvkNummer' | 'naam' | 'locatieNaam' | 'locatiePostcode' | 'locatiePlaats'>
  /** Whether the provider is in the registry already. */
  geregistreerd: boolean
}

/**
 * What a grant needs beyond an application under review (the state machine above) and a start
 * date not before the decision: each required kind of proof, recorded and valid on the decision
 * day (`ontbreekt` is the kind: VOG), and, for a provider not yet in the registry, the KvK
 * number, name and first location it enters the registry with.
 */
export const toekenningVoorwaarden: readonly Voorwaarde<ToekenningFeiten>[] = [
  ...bewijsVoorwaarden,
  {
    ontbreekt: 'aanbiedergegevens',
    geldt: (f) => {
      const a = f.aanmelding
      return (
        f.geregistreerd || !!(a.kvkNummer && a.naam && a.locatieNaam && a.locatiePostcode && a.locatiePlaats)
      )
    },
    melding: () =>
      'De aanbieder staat niet in het register en de aanmelding mist KvK-nummer, naam of locatie.',
  },
]
