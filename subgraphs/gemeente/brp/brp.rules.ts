import { badInput } from '../../../shared/errors'
import { normalisePostcode } from '../../../shared/ijw/identifiers'
import type { Huishouden } from '../huishouden/huishouden.entity'
import type { Inwoner } from '../inwoner/inwoner.entity'
import { zoeknaamVan } from '../inwoner/zoeknaam'
import type { BrpNaamInvoer, BrpPersoonInvoer, BrpVerblijfplaatsInvoer } from './brp.input'
import { BrpUitkomst, type BrpPersoonVerwerkt } from './brp.type'

/** A household's address as it is stored. */
export type Adres = Pick<
  Huishouden,
  'postcode' | 'huisnummer' | 'huisletter' | 'huisnummertoevoeging' | 'straat' | 'woonplaats'
>

export function adresVan(v: BrpVerblijfplaatsInvoer): Adres {
  return {
    postcode: normalisePostcode(v.postcode)!,
    huisnummer: String(v.huisnummer),
    huisletter: v.huisletter ? v.huisletter.toUpperCase() : null,
    huisnummertoevoeging: v.huisnummertoevoeging ? v.huisnummertoevoeging.toUpperCase() : null,
    straat: v.straat.trim(),
    woonplaats: v.woonplaats.trim(),
  }
}

/** What makes an address one address: the street and place are descriptions of it. */
export const adresSleutel = (
  a: Pick<Adres, 'postcode' | 'huisnummer' | 'huisletter' | 'huisnummertoevoeging'>,
) => [a.postcode, a.huisnummer, a.huisletter ?? '', a.huisnummertoevoeging ?? ''].join('|')

/** The surname as this gemeente shows and searches it: "van den Berg", as the seed has it. */
export const achternaamVan = (naam: BrpNaamInvoer) =>
  [naam.voorvoegsel?.trim(), naam.geslachtsnaam.trim()].filter(Boolean).join(' ')

/**
 * What the input limits cannot see, because it depends on the other fields, the other persons or
 * this gemeente: refused with BAD_USER_INPUT naming the field, the first problem only.
 */
export function controleerPersonen(personen: BrpPersoonInvoer[], gemeenteCode: string, vandaag: string) {
  const gezien = new Set<string>()
  personen.forEach((p, i) => {
    const veld = (naam: string) => `personen.${i}.${naam}`
    if (gezien.has(p.burgerservicenummer))
      throw badInput(
        `${veld('burgerservicenummer')}: deze persoon staat al eerder in de lijst.`,
        veld('burgerservicenummer'),
      )
    gezien.add(p.burgerservicenummer)
    if (p.gemeenteVanInschrijving === gemeenteCode) {
      if (!p.verblijfplaats)
        throw badInput(
          `${veld('verblijfplaats')}: nodig voor een inwoner van gemeente ${gemeenteCode}.`,
          veld('verblijfplaats'),
        )
    } else if (!p.datumInschrijvingInGemeente) {
      throw badInput(
        `${veld('datumInschrijvingInGemeente')}: nodig bij een verhuizing naar een andere gemeente.`,
        veld('datumInschrijvingInGemeente'),
      )
    } else if (p.datumInschrijvingInGemeente > vandaag) {
      throw badInput(
        `${veld('datumInschrijvingInGemeente')}: een verhuizing kan niet in de toekomst liggen.`,
        veld('datumInschrijvingInGemeente'),
      )
    }
  })
}

/** The rows a registration reads: the persons by BSN, the households at their addresses. */
export interface Bestaand {
  inwoners: Inwoner[]
  huishoudens: Huishouden[]
}

/** The rows a registration writes, and the outcome per person in the order they were sent. */
export interface Wijzigingen {
  nieuweHuishoudens: Huishouden[]
  huishoudens: { id: string; adres: Adres }[]
  nieuweInwoners: Inwoner[]
  inwoners: { id: string; velden: Partial<Inwoner> }[]
  uitkomsten: BrpPersoonVerwerkt[]
}

/**
 * Merges BRP persons into this gemeente's records, without I/O. Idempotent on BSN: a person
 * already here is updated, never added again, and the same input twice changes nothing the
 * second time. The persons registered here at one address form one household: the one at that
 * address where one of them already lives, else any at that address, else a new one named after
 * the first of them. A person registered in another gemeente keeps their household (and so their
 * plan, woonplaatsbeginsel); only the move and its day are recorded.
 *
 *   bestaand: Jansen (999900010) in household H at 7511AB 12.
 *   personen: Jansen at 7511AB 12 with a new first name, Bakker (new) at 7511AB 12,
 *             de Vries (known, in H2) registered in 0164 since 2026-03-01.
 *   gives:    Jansen BIJGEWERKT in H, Bakker NIEUW in H, de Vries VERHUISD (verhuisdOp
 *             2026-03-01, verhuisdNaarGemeenteCode 0164), still in H2.
 */
export function verwerkPersonen(
  personen: BrpPersoonInvoer[],
  bestaand: Bestaand,
  gemeenteCode: string,
  newId: () => string,
): Wijzigingen {
  const uit: Wijzigingen = {
    nieuweHuishoudens: [],
    huishoudens: [],
    nieuweInwoners: [],
    inwoners: [],
    uitkomsten: [],
  }
  const perBsn = new Map(bestaand.inwoners.map((i) => [i.bsn, i]))
  const huishoudens = [...bestaand.huishoudens].sort((a, b) => (a.id < b.id ? -1 : 1))
  const opAdres = new Map<string, Huishouden>()

  const huishoudenOp = (adres: Adres, bekend: Inwoner[]): Huishouden => {
    const sleutel = adresSleutel(adres)
    const gekozen = opAdres.get(sleutel)
    if (gekozen) return gekozen
    const hier = huishoudens.filter((h) => adresSleutel(h) === sleutel)
    let huishouden = hier.find((h) => bekend.some((i) => i.huishoudenId === h.id)) ?? hier[0]
    if (!huishouden) {
      const eerste = personen.find(
        (p) => p.verblijfplaats && adresSleutel(adresVan(p.verblijfplaats)) === sleutel,
      )!
      huishouden = { id: newId(), gemeenteCode, naam: `Huishouden ${achternaamVan(eerste.naam)}`, ...adres }
      uit.nieuweHuishoudens.push(huishouden)
    } else if (adres.straat !== huishouden.straat || adres.woonplaats !== huishouden.woonplaats) {
      uit.huishoudens.push({ id: huishouden.id, adres })
    }
    opAdres.set(sleutel, huishouden)
    return huishouden
  }

  const bekendeHier = (sleutel: string) =>
    personen
      .filter((p) => p.verblijfplaats && adresSleutel(adresVan(p.verblijfplaats)) === sleutel)
      .map((p) => perBsn.get(p.burgerservicenummer))
      .filter((i): i is Inwoner => !!i)

  for (const [i, p] of personen.entries()) {
    const bsn = p.burgerservicenummer
    const inwoner = perBsn.get(bsn)
    if (p.gemeenteVanInschrijving !== gemeenteCode) {
      // Someone who never lived here is not this gemeente's to record (data minimisation).
      if (!inwoner)
        throw badInput(
          `personen.${i}.gemeenteVanInschrijving: deze persoon staat ingeschreven in gemeente ` +
            `${p.gemeenteVanInschrijving} en is geen inwoner van gemeente ${gemeenteCode}.`,
          `personen.${i}.gemeenteVanInschrijving`,
        )
      // controleerPersonen has checked the date.
      const velden = {
        verhuisdOp: p.datumInschrijvingInGemeente!,
        verhuisdNaarGemeenteCode: p.gemeenteVanInschrijving,
      }
      const nieuw =
        inwoner.verhuisdOp !== velden.verhuisdOp ||
        inwoner.verhuisdNaarGemeenteCode !== velden.verhuisdNaarGemeenteCode
      if (nieuw) uit.inwoners.push({ id: inwoner.id, velden })
      uit.uitkomsten.push({
        burgerservicenummer: bsn,
        inwonerId: inwoner.id,
        huishoudenId: inwoner.huishoudenId,
        uitkomst: nieuw ? BrpUitkomst.VERHUISD : BrpUitkomst.ONGEWIJZIGD,
      })
      continue
    }
    const adres = adresVan(p.verblijfplaats!)
    const huishouden = huishoudenOp(adres, bekendeHier(adresSleutel(adres)))
    const gegevens = {
      voornamen: p.naam.voornamen?.trim() ?? '',
      achternaam: achternaamVan(p.naam),
      geboortedatum: p.geboorte.datum,
      huishoudenId: huishouden.id,
      verhuisdOp: null,
      verhuisdNaarGemeenteCode: null,
    }
    const zoeknaam = zoeknaamVan(gegevens.achternaam, gegevens.voornamen)
    if (!inwoner) {
      const nieuw: Inwoner = { id: newId(), gemeenteCode, bsn, ...gegevens, zoeknaam }
      uit.nieuweInwoners.push(nieuw)
      uit.uitkomsten.push({
        burgerservicenummer: bsn,
        inwonerId: nieuw.id,
        huishoudenId: huishouden.id,
        uitkomst: BrpUitkomst.NIEUW,
      })
      continue
    }
    const velden = Object.fromEntries(
      Object.entries(gegevens).filter(([k, v]) => (inwoner[k as keyof Inwoner] ?? null) !== v),
    ) as Partial<Inwoner>
    // Derived from the name, so written with it (and not a change of its own).
    if (velden.voornamen !== undefined || velden.achternaam !== undefined) velden.zoeknaam = zoeknaam
    const adresGewijzigd = uit.huishoudens.some((h) => h.id === huishouden.id)
    if (Object.keys(velden).length) uit.inwoners.push({ id: inwoner.id, velden })
    uit.uitkomsten.push({
      burgerservicenummer: bsn,
      inwonerId: inwoner.id,
      huishoudenId: huishouden.id,
      uitkomst:
        Object.keys(velden).length || adresGewijzigd ? BrpUitkomst.BIJGEWERKT : BrpUitkomst.ONGEWIJZIGD,
    })
  }
  return uit
}
