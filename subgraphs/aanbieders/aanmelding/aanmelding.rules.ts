import { stateMachine } from '../../../shared/domain/state-machine'
import { badInput, DomainError, ErrorCode } from '../../../shared/errors'
import { isGemeenteCode } from '../../../shared/gemeenten'
import { isKvkNummer, normalisePostcode } from '../../../shared/ijw/identifiers'
import type { AanmeldingInvoer } from './aanmelding.input'
import { AanmeldingStatus } from './aanmelding.entity'
import { VEREISTE_KWALITEITSBEWIJZEN, type Kwaliteitsbewijs } from './kwaliteitsbewijs.entity'

export type AanmeldingActie =
  'inBehandelingNemen' | 'kwaliteitsbewijsVastleggen' | 'toekennen' | 'afwijzen' | 'intrekken'

export const aanmeldingStatus = stateMachine<AanmeldingStatus, AanmeldingActie>('Aanmelding', {
  inBehandelingNemen: { from: [AanmeldingStatus.INGEDIEND], to: AanmeldingStatus.IN_BEHANDELING },
  kwaliteitsbewijsVastleggen: {
    from: [AanmeldingStatus.IN_BEHANDELING],
    to: AanmeldingStatus.IN_BEHANDELING,
  },
  toekennen: { from: [AanmeldingStatus.IN_BEHANDELING], to: AanmeldingStatus.TOEGEKEND },
  afwijzen: { from: [AanmeldingStatus.IN_BEHANDELING], to: AanmeldingStatus.AFGEWEZEN },
  intrekken: { from: [AanmeldingStatus.INGEDIEND], to: AanmeldingStatus.INGETROKKEN },
})

// The regional codes of support needs and modules live in the catalogus subgraph. A lookup
// across services inside this transaction would tie the registry to the catalogue being up, so
// only the shape of a code is checked here; the catalogue's own codes (VB-OB-01) fit it.
export const CATALOGUSCODE = /^[A-Z0-9][A-Z0-9-]{0,19}$/

const tekst = (waarde: string | null | undefined, veld: string, max: number) => {
  const t = waarde?.trim() ?? ''
  if (t.length < 1 || t.length > max) throw badInput(`${veld}: 1 tot ${max} tekens.`, veld)
  return t
}

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

  let kvkNummer: string | null = null
  if (invoer.kvkNummer != null) {
    if (!isKvkNummer(invoer.kvkNummer))
      throw badInput('Een KvK-nummer bestaat uit acht cijfers.', 'invoer.kvkNummer')
    kvkNummer = invoer.kvkNummer
  }
  const naam = invoer.naam != null ? tekst(invoer.naam, 'invoer.naam', 200) : null
  let locatie: GeldigeAanmelding['locatie'] = null
  if (invoer.locatie) {
    const postcode = normalisePostcode(invoer.locatie.postcode)
    if (!postcode)
      throw badInput('Een postcode is vier cijfers en twee letters (7511AB).', 'invoer.locatie.postcode')
    locatie = {
      naam: tekst(invoer.locatie.naam, 'invoer.locatie.naam', 200),
      postcode,
      plaats: tekst(invoer.locatie.plaats, 'invoer.locatie.plaats', 100),
    }
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

/**
 * A grant needs every required kind of proof, valid on the decision date. Refused otherwise,
 * naming what is missing and what has expired.
 */
export function controleerKwaliteitsbewijzen(bewijzen: Kwaliteitsbewijs[], besluitdatum: string): void {
  const ontbreekt: string[] = []
  const verlopen: string[] = []
  for (const soort of VEREISTE_KWALITEITSBEWIJZEN) {
    const vanSoort = bewijzen.filter((b) => b.soort === soort)
    if (vanSoort.length === 0) ontbreekt.push(soort)
    else if (!vanSoort.some((b) => b.geldigTot >= besluitdatum)) verlopen.push(soort)
  }
  if (ontbreekt.length === 0 && verlopen.length === 0) return
  const delen = [
    ontbreekt.length ? `ontbreekt: ${ontbreekt.join(', ')}` : null,
    verlopen.length ? `verlopen op ${besluitdatum}: ${verlopen.join(', ')}` : null,
  ].filter(Boolean)
  throw new DomainError(
    ErrorCode.BAD_USER_INPUT,
    `De aanmelding kan niet worden toegekend; kwaliteitsbewijs ${delen.join('; ')}.`,
    {
      field: 'kwaliteitsbewijzen',
      ontbreekt,
      verlopen,
    },
  )
}
