import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import type { BrpPersoonInvoer } from '../../subgraphs/gemeente/brp/brp.input'
import { controleerPersonen, verwerkPersonen } from '../../subgraphs/gemeente/brp/brp.rules'
import type { Huishouden } from '../../subgraphs/gemeente/huishouden/huishouden.entity'
import type { Inwoner } from '../../subgraphs/gemeente/inwoner/inwoner.entity'

const G = '0153'
const adres = { straat: 'Oude Markt', huisnummer: 12, postcode: '7511 ab', woonplaats: 'Enschede' }
const persoon = (
  bsn: string,
  geslachtsnaam: string,
  extra: Partial<BrpPersoonInvoer> = {},
): BrpPersoonInvoer => ({
  burgerservicenummer: bsn,
  naam: { voornamen: 'Anna', geslachtsnaam },
  geboorte: { datum: '1980-01-01' },
  gemeenteVanInschrijving: G,
  verblijfplaats: adres,
  ...extra,
})
const jansen: Inwoner = {
  id: 'i-jansen',
  gemeenteCode: G,
  bsn: '999999990',
  voornamen: 'Ann',
  achternaam: 'Jansen',
  zoeknaam: 'jansen ann',
  geboortedatum: '1980-01-01',
  huishoudenId: 'h-1',
}
const deVries: Inwoner = {
  ...jansen,
  id: 'i-devries',
  bsn: '999999965',
  achternaam: 'de Vries',
  huishoudenId: 'h-2',
}
const h1: Huishouden = {
  id: 'h-1',
  gemeenteCode: G,
  naam: 'Huishouden Jansen',
  postcode: '7511AB',
  huisnummer: '12',
}
let teller = 0
const newId = () => `nieuw-${teller++}`

describe('merging BRP persons into the records (verwerkPersonen)', () => {
  it('updates a known person, adds a new one to the household at the address and records a move', () => {
    teller = 0
    const w = verwerkPersonen(
      [
        persoon('999999990', 'Jansen'),
        persoon('999999989', 'Bakker'),
        persoon('999999965', 'Vries', {
          naam: { voorvoegsel: 'de', geslachtsnaam: 'Vries' },
          gemeenteVanInschrijving: '0164',
          datumInschrijvingInGemeente: '2026-03-01',
          verblijfplaats: null,
        }),
      ],
      { inwoners: [jansen, deVries], huishoudens: [h1] },
      G,
      newId,
    )
    expect(w).toEqual({
      nieuweHuishoudens: [],
      huishoudens: [
        { id: 'h-1', adres: { ...adresOpgeslagen, straat: 'Oude Markt', woonplaats: 'Enschede' } },
      ],
      nieuweInwoners: [
        {
          id: 'nieuw-0',
          gemeenteCode: G,
          bsn: '999999989',
          voornamen: 'Anna',
          achternaam: 'Bakker',
          zoeknaam: 'bakker anna',
          geboortedatum: '1980-01-01',
          huishoudenId: 'h-1',
          verhuisdOp: null,
          verhuisdNaarGemeenteCode: null,
        },
      ],
      inwoners: [
        // The search form of the name follows the name.
        { id: 'i-jansen', velden: { voornamen: 'Anna', zoeknaam: 'jansen anna' } },
        { id: 'i-devries', velden: { verhuisdOp: '2026-03-01', verhuisdNaarGemeenteCode: '0164' } },
      ],
      uitkomsten: [
        {
          burgerservicenummer: '999999990',
          inwonerId: 'i-jansen',
          huishoudenId: 'h-1',
          uitkomst: 'BIJGEWERKT',
        },
        { burgerservicenummer: '999999989', inwonerId: 'nieuw-0', huishoudenId: 'h-1', uitkomst: 'NIEUW' },
        {
          burgerservicenummer: '999999965',
          inwonerId: 'i-devries',
          huishoudenId: 'h-2',
          uitkomst: 'VERHUISD',
        },
      ],
    })
  })

  it('creates one household per new address, named after its first person', () => {
    teller = 0
    const w = verwerkPersonen(
      [
        persoon('999999990', 'Horst', { naam: { voorvoegsel: 'ter', geslachtsnaam: 'Horst' } }),
        persoon('999999989', 'Horst'),
      ],
      { inwoners: [], huishoudens: [] },
      G,
      newId,
    )
    expect(w.nieuweHuishoudens).toEqual([
      {
        id: 'nieuw-0',
        gemeenteCode: G,
        naam: 'Huishouden ter Horst',
        ...adresOpgeslagen,
        straat: 'Oude Markt',
        woonplaats: 'Enschede',
      },
    ])
    expect(w.nieuweInwoners.map((i) => [i.achternaam, i.huishoudenId])).toEqual([
      ['ter Horst', 'nieuw-0'],
      ['Horst', 'nieuw-0'],
    ])
  })

  it('changes nothing when the records already say what the BRP says', () => {
    const bekend: Inwoner = { ...jansen, voornamen: 'Anna', verhuisdOp: null, verhuisdNaarGemeenteCode: null }
    const opAdres: Huishouden = { ...h1, straat: 'Oude Markt', woonplaats: 'Enschede', huisletter: null }
    const w = verwerkPersonen(
      [persoon('999999990', 'Jansen')],
      { inwoners: [bekend], huishoudens: [opAdres] },
      G,
      newId,
    )
    expect(w).toEqual({
      nieuweHuishoudens: [],
      huishoudens: [],
      nieuweInwoners: [],
      inwoners: [],
      uitkomsten: [
        {
          burgerservicenummer: '999999990',
          inwonerId: 'i-jansen',
          huishoudenId: 'h-1',
          uitkomst: 'ONGEWIJZIGD',
        },
      ],
    })
  })

  it('refuses a person registered elsewhere who is not known here, naming the field', () => {
    expect(() =>
      verwerkPersonen(
        [
          persoon('999999989', 'Bakker', {
            gemeenteVanInschrijving: '0164',
            datumInschrijvingInGemeente: '2026-01-01',
          }),
        ],
        { inwoners: [], huishoudens: [] },
        G,
        newId,
      ),
    ).toThrow(
      expect.objectContaining({
        message:
          'personen.0.gemeenteVanInschrijving: deze persoon staat ingeschreven in gemeente 0164 en is geen inwoner van gemeente 0153.',
        extensions: { code: 'BAD_USER_INPUT', field: 'personen.0.gemeenteVanInschrijving' },
      }),
    )
  })
})

const adresOpgeslagen = { postcode: '7511AB', huisnummer: '12', huisletter: null, huisnummertoevoeging: null }

describe('what the input limits cannot see (controleerPersonen)', () => {
  const weigering = (personen: BrpPersoonInvoer[]) => {
    try {
      controleerPersonen(personen, G, '2026-06-01')
    } catch (err) {
      const { message, extensions } = err as { message: string; extensions: unknown }
      return { message, extensions }
    }
    return null
  }

  it('accepts residents with an address and moves with a past date', () => {
    expect(
      weigering([
        persoon('999999990', 'Jansen'),
        persoon('999999989', 'Bakker', {
          gemeenteVanInschrijving: '0164',
          datumInschrijvingInGemeente: '2026-06-01',
          verblijfplaats: null,
        }),
      ]),
    ).toBeNull()
  })

  it('refuses the same BSN twice in one call', () => {
    expect(weigering([persoon('999999990', 'Jansen'), persoon('999999990', 'Jansen')])).toEqual({
      message: 'personen.1.burgerservicenummer: deze persoon staat al eerder in de lijst.',
      extensions: { code: 'BAD_USER_INPUT', field: 'personen.1.burgerservicenummer' },
    })
  })

  it('refuses a resident of this gemeente without an address', () => {
    expect(weigering([persoon('999999990', 'Jansen', { verblijfplaats: null })])).toEqual({
      message: 'personen.0.verblijfplaats: nodig voor een inwoner van gemeente 0153.',
      extensions: { code: 'BAD_USER_INPUT', field: 'personen.0.verblijfplaats' },
    })
  })

  it('refuses a move without its date, or with a date ahead', () => {
    expect(weigering([persoon('999999990', 'Jansen', { gemeenteVanInschrijving: '0164' })])).toEqual({
      message: 'personen.0.datumInschrijvingInGemeente: nodig bij een verhuizing naar een andere gemeente.',
      extensions: { code: 'BAD_USER_INPUT', field: 'personen.0.datumInschrijvingInGemeente' },
    })
    expect(
      weigering([
        persoon('999999990', 'Jansen', {
          gemeenteVanInschrijving: '0164',
          datumInschrijvingInGemeente: '2026-06-02',
        }),
      ]),
    ).toEqual({
      message: 'personen.0.datumInschrijvingInGemeente: een verhuizing kan niet in de toekomst liggen.',
      extensions: { code: 'BAD_USER_INPUT', field: 'personen.0.datumInschrijvingInGemeente' },
    })
  })
})
