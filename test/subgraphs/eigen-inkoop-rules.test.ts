import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import { gemeenteInfo } from '../../shared/gemeenten'
import { KwaliteitsbewijsSoort } from '../../shared/graphql/inschrijving'
import { Niveau } from '../../shared/ijw/codes'
import {
  controleerPercelen,
  controleerTarief,
  eigenToekenningVoorwaarden,
  vereisEigenInkoop,
} from '../../subgraphs/gemeente/inkoop/eigen-inkoop.rules'
import { weigering } from './weigering'

const alles = {
  agbCode: '99990006',
  inRegister: true,
  besluitdatum: '2027-03-15',
  bewijzen: Object.values(KwaliteitsbewijsSoort).map((soort) => ({ soort, geldigTot: '2028-01-01' })),
}
const behoeften = [
  { code: 'VB-HVT-OB-03', niveaus: [Niveau.A, Niveau.B] },
  { code: 'VB-HVT-OB-04', niveaus: [Niveau.C] },
]
const fout = (run: () => unknown) => {
  try {
    run()
    return null
  } catch (err) {
    const { message, extensions } = err as { message: string; extensions: Record<string, unknown> }
    return { message, extensions }
  }
}

describe('what the grant of an own application needs', () => {
  it('is met with every proof valid on the decision day and the provider in the registry', () => {
    expect(weigering(eigenToekenningVoorwaarden, alles)).toBeNull()
  })

  it('names a missing proof as the registry does', () => {
    expect(weigering(eigenToekenningVoorwaarden, { ...alles, bewijzen: alles.bewijzen.slice(1) })).toEqual({
      message: 'De aanmelding kan niet worden toegekend; kwaliteitsbewijs ontbreekt: KWALITEITSCERTIFICAAT.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'KWALITEITSCERTIFICAAT' },
    })
  })

  it('names a provider the registry does not know, and asks for no regional contract', () => {
    expect(weigering(eigenToekenningVoorwaarden, { ...alles, inRegister: false })).toEqual({
      message:
        'Aanbieder 99990006 staat niet in het register van OZJT; een aanbieder meldt zich daar eerst aan met zijn AGB-code.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'aanbiederInRegister' },
    })
  })
})

describe('own procurement is for a gemeente that buys itself', () => {
  it('lets Almelo and Hof van Twente through and refuses Borne with ontbreekt eigenInkoop', () => {
    expect(fout(() => vereisEigenInkoop(gemeenteInfo('0141')))).toBeNull()
    expect(fout(() => vereisEigenInkoop(gemeenteInfo('1735')))).toBeNull()
    expect(fout(() => vereisEigenInkoop(gemeenteInfo('0147')))).toEqual({
      message:
        'Gemeente 0147 koopt regionaal in: contracten en aanmeldingen lopen via het register van OZJT.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'eigenInkoop' },
    })
  })
})

describe('the lots of an own application', () => {
  it('are the gemeente’s own needs at levels it buys, each once, in order', () => {
    expect(
      controleerPercelen(
        [
          { ondersteuningsbehoefte: 'vb-hvt-ob-04', niveau: Niveau.C },
          { ondersteuningsbehoefte: 'VB-HVT-OB-03', niveau: Niveau.B },
        ],
        behoeften,
      ),
    ).toEqual([
      { ondersteuningsbehoefteCode: 'VB-HVT-OB-03', niveau: 'B' },
      { ondersteuningsbehoefteCode: 'VB-HVT-OB-04', niveau: 'C' },
    ])
  })

  it('refuses a regional need, a level not bought and a lot twice, naming the field', () => {
    const velden = [
      [{ ondersteuningsbehoefte: 'VB-OB-01', niveau: Niveau.A }],
      [{ ondersteuningsbehoefte: 'VB-HVT-OB-04', niveau: Niveau.A }],
      [
        { ondersteuningsbehoefte: 'VB-HVT-OB-03', niveau: Niveau.A },
        { ondersteuningsbehoefte: 'VB-HVT-OB-03', niveau: Niveau.A },
      ],
    ].map((percelen) => fout(() => controleerPercelen(percelen, behoeften))?.extensions)
    expect(velden).toEqual([
      { code: 'BAD_USER_INPUT', field: 'invoer.percelen[0].ondersteuningsbehoefte' },
      { code: 'BAD_USER_INPUT', field: 'invoer.percelen[0].niveau' },
      { code: 'BAD_USER_INPUT', field: 'invoer.percelen' },
    ])
  })
})

describe('a new tariff of an own lot', () => {
  const bestaand = [
    { id: 1, geldigVan: '2019-01-01', geldigTot: '2022-12-31' },
    { id: 2, geldigVan: '2023-01-01', geldigTot: null },
  ]

  it('ends the running tariff: the one without an end, or ending on or after its first day', () => {
    expect(controleerTarief({ geldigVan: '2027-01-01' }, bestaand)).toEqual(bestaand[1])
    expect(controleerTarief({ geldigVan: '2027-01-01' }, [bestaand[0]])).toBeNull()
    expect(controleerTarief({ geldigVan: '2027-01-01' }, [])).toBeNull()
  })

  it('never rewrites an earlier period, and does not end before it starts', () => {
    expect(fout(() => controleerTarief({ geldigVan: '2023-01-01' }, bestaand))).toEqual({
      message: 'Dit perceel heeft een tarief vanaf 2023-01-01; een nieuw tarief begint daarna.',
      extensions: { code: 'BAD_USER_INPUT', field: 'invoer.geldigVan' },
    })
    expect(
      fout(() => controleerTarief({ geldigVan: '2027-01-01', geldigTot: '2026-12-31' }, bestaand))
        ?.extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'invoer.geldigTot' })
  })
})
