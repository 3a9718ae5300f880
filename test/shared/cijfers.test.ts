import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import {
  cijferoverzicht,
  inKolommen,
  TellingSoort,
  uitKolommen,
  type RuweTelling,
} from '../../shared/graphql/cijfers'
import { aandeel, DUUR_LANGER, duurBucket, onthul, percentiel } from '../../shared/domain/statistiek'

const telling = (
  gemeenteCode: string,
  soort: TellingSoort,
  sleutel: string,
  aantal: number,
  bedragCent = 0,
  maand = '',
): RuweTelling => ({
  gemeenteCode,
  soort,
  sleutel,
  maand,
  aantal,
  bedragCent,
})

describe('published figures', () => {
  it('hide counts below 10 and round the others to a multiple of 5, as CBS does', () => {
    expect([0, 1, 9, 10, 12, 13, 17, 18, 102].map(onthul)).toEqual([
      null,
      null,
      null,
      10,
      10,
      15,
      15,
      20,
      100,
    ])
  })

  it('add the gemeenten up before hiding: three small counts can make a visible regional one', () => {
    const rows = [
      telling('0141', TellingSoort.ACTIEVE_PLANNEN, 'VB-OB-01|A', 4),
      telling('0153', TellingSoort.ACTIEVE_PLANNEN, 'VB-OB-01|A', 4),
      telling('0164', TellingSoort.ACTIEVE_PLANNEN, 'VB-OB-01|A', 4),
      telling('0164', TellingSoort.ACTIEVE_PLANNEN, 'VB-OB-02|B', 9),
    ]
    expect(cijferoverzicht(rows).actievePlannen).toEqual([
      { ondersteuningsbehoefte: 'VB-OB-01', niveau: 'A', aantal: 10 },
      { ondersteuningsbehoefte: 'VB-OB-02', niveau: 'B', aantal: null },
    ])
  })

  it('count allocations per provider in the period only, and hide the budget with the count', () => {
    const rows = [
      telling('0153', TellingSoort.TOEWIJZINGEN, '11111111', 6, 600, '2025-01'),
      telling('0164', TellingSoort.TOEWIJZINGEN, '11111111', 6, 900, '2025-02'),
      telling('0164', TellingSoort.TOEWIJZINGEN, '11111111', 50, 5000, '2025-09'),
      telling('0153', TellingSoort.TOEWIJZINGEN, '22222222', 3, 300, '2025-01'),
    ]
    expect(cijferoverzicht(rows, { periode: { van: '2025-01', tot: '2025-03' } }).toewijzingen).toEqual([
      { agbCode: '11111111', aantal: 10, budgetCent: 1500 },
      { agbCode: '22222222', aantal: null, budgetCent: null },
    ])
  })

  it('compute shares from exact counts, and hide every share that could tell a count below 10', () => {
    // One part: hidden when the part, or the rest of its base, is below 10.
    expect([aandeel(20, 40), aandeel(3, 40), aandeel(35, 40), aandeel(9, 9)]).toEqual([0.5, null, null, null])
    const uitkomsten = (code: string, behaald: number, deels: number, niet: number) => [
      telling('0153', TellingSoort.RESULTATEN, `${code}|B|BEHAALD`, behaald, 0, '2025-04'),
      telling('0153', TellingSoort.RESULTATEN, `${code}|B|DEELS_BEHAALD`, deels, 0, '2025-04'),
      telling('0153', TellingSoort.RESULTATEN, `${code}|B|NIET_BEHAALD`, niet, 0, '2025-04'),
    ]
    const rows = [
      // Every part 10 or more: both shares shown.
      ...uitkomsten('VB-OB-01', 20, 10, 10),
      // A small base: nothing shown.
      ...uitkomsten('VB-OB-02', 5, 0, 0),
      // 3 reached of 30: 0.1 would tell the 3.
      ...uitkomsten('VB-OB-03', 3, 20, 7),
      // 14 and 12 of 29: both shares would tell the 3 not reached; the smaller is hidden too.
      ...uitkomsten('VB-OB-04', 14, 12, 3),
      // 27 of 30: 0.9 would tell the 3 not reached.
      ...uitkomsten('VB-OB-05', 27, 0, 3),
    ]
    const gezien = (
      ondersteuningsbehoefte: string,
      beoordeeld: number | null,
      b: number | null,
      d: number | null,
    ) => ({
      ondersteuningsbehoefte,
      beoordeeld,
      aandeelBehaald: b,
      aandeelDeelsBehaald: d,
    })
    expect(cijferoverzicht(rows).resultaten).toEqual([
      gezien('VB-OB-01', 40, 0.5, 0.25),
      gezien('VB-OB-02', null, null, null),
      gezien('VB-OB-03', 30, null, 0.667),
      gezien('VB-OB-04', 30, 0.483, null),
      gezien('VB-OB-05', 30, null, null),
    ])
  })
})

describe('figures to steer by', () => {
  const rij = (
    g: string,
    soort: TellingSoort,
    sleutel: string,
    maand: string,
    aantal: number,
    bedragCent = 0,
  ) => telling(g, soort, sleutel, aantal, bedragCent, maand)

  it('keep durations in buckets of a fixed scale and take percentiles from summed buckets', () => {
    expect([0, 1, 7, 8, 14, 15, 84, 85, 364, 365].map(duurBucket)).toEqual([
      0,
      1,
      7,
      14,
      14,
      21,
      84,
      112,
      364,
      DUUR_LANGER,
    ])
    expect(
      percentiel(
        new Map([
          [7, 4],
          [14, 5],
          [28, 1],
        ]),
        0.5,
      ),
    ).toBe(14)
    expect(
      percentiel(
        new Map([
          [7, 4],
          [14, 5],
          [28, 1],
        ]),
        0.9,
      ),
    ).toBe(14)
    expect(
      percentiel(
        new Map([
          [7, 4],
          [14, 4],
          [28, 2],
        ]),
        0.9,
      ),
    ).toBe(28)
    expect(percentiel(new Map([[7, 9]]), 0.5)).toBeNull()
    expect(
      percentiel(
        new Map([
          [7, 2],
          [DUUR_LANGER, 8],
        ]),
        0.9,
      ),
    ).toBeNull()
  })

  it('add two gemeenten’ histograms before taking median and 90th percentile, and hide a small one', () => {
    const rows = [
      rij('0141', TellingSoort.DOORLOOP_MELDING_PLAN, 'VB-OB-01|7', '2026-01', 3),
      rij('0153', TellingSoort.DOORLOOP_MELDING_PLAN, 'VB-OB-01|7', '2026-02', 3),
      rij('0153', TellingSoort.DOORLOOP_MELDING_PLAN, 'VB-OB-01|28', '2026-02', 3),
      rij('0153', TellingSoort.DOORLOOP_MELDING_PLAN, 'VB-OB-01|56', '2026-02', 1),
      rij('0153', TellingSoort.DOORLOOP_TOEWIJZING_START, 'VB-OB-02|3', '2026-02', 4),
      rij('0153', TellingSoort.WACHTTIJD, '11111111|14', '2026-02', 12),
    ]
    // 0153 alone has 7: hidden. With 0141's 3: 10, the 5th and the 9th in buckets 7 and 28.
    const { doorlooptijden, wachttijden } = cijferoverzicht(rows, { vandaag: '2026-03-05' })
    expect(doorlooptijden).toEqual([
      {
        ondersteuningsbehoefte: 'VB-OB-01',
        traject: 'MELDING_PLAN',
        aantal: 10,
        mediaanDagen: 7,
        p90Dagen: 28,
      },
      {
        ondersteuningsbehoefte: 'VB-OB-02',
        traject: 'TOEWIJZING_START',
        aantal: null,
        mediaanDagen: null,
        p90Dagen: null,
      },
    ])
    expect(wachttijden).toEqual([{ agbCode: '11111111', aantal: 10, mediaanDagen: 14, p90Dagen: 14 }])
  })

  it('count requests solved without paid support by the step that solved them, with their share', () => {
    const rows = [
      rij('0153', TellingSoort.MELDINGEN, 'ONTVANGEN', '2026-01', 40),
      rij('0153', TellingSoort.MELDINGEN, 'EIGEN_KRACHT', '2026-01', 11),
      rij('0153', TellingSoort.MELDINGEN, 'NETWERK', '2026-01', 4),
      rij('0153', TellingSoort.MELDINGEN, 'ALGEMENE_VOORZIENINGEN', '2026-01', 9),
    ]
    expect(cijferoverzicht(rows, { vandaag: '2026-03-05' }).meldingen).toEqual({
      ontvangen: 40,
      zonderMaatwerk: 25,
      aandeelZonderMaatwerk: 0.6,
      eigenKracht: 10,
      netwerk: null,
      algemeneVoorziening: null,
    })
  })

  it('divide the accepted cost of a need and level by its achieved results, hiding either side when small', () => {
    const rows = [
      rij('0153', TellingSoort.KOSTEN, 'VB-OB-01|B', '2026-01', 30, 900_000),
      rij('0153', TellingSoort.RESULTATEN, 'VB-OB-01|B|BEHAALD', '2026-01', 12),
      rij('0153', TellingSoort.RESULTATEN, 'VB-OB-01|B|NIET_BEHAALD', '2026-01', 3),
      rij('0153', TellingSoort.KOSTEN, 'VB-OB-02|A', '2026-01', 20, 100_000),
      rij('0153', TellingSoort.RESULTATEN, 'VB-OB-02|A|BEHAALD', '2026-01', 4),
      rij('0153', TellingSoort.KOSTEN, 'VB-OB-03|C', '2026-01', 2, 50_000),
    ]
    expect(cijferoverzicht(rows, { vandaag: '2026-03-05' }).kostenPerResultaat).toEqual([
      {
        ondersteuningsbehoefte: 'VB-OB-01',
        niveau: 'B',
        kostenCent: 900_000,
        behaald: 10,
        kostenPerBehaaldResultaatCent: 75_000,
      },
      {
        ondersteuningsbehoefte: 'VB-OB-02',
        niveau: 'A',
        kostenCent: 100_000,
        behaald: null,
        kostenPerBehaaldResultaatCent: null,
      },
      {
        ondersteuningsbehoefte: 'VB-OB-03',
        niveau: 'C',
        kostenCent: null,
        behaald: null,
        kostenPerBehaaldResultaatCent: null,
      },
    ])
  })

  it('count level changes up and down, and the use of beschikbaarheidsvoorzieningen with its cost', () => {
    const rows = [
      rij('0141', TellingSoort.NIVEAUWIJZIGINGEN, 'VB-OB-01|OMHOOG', '2026-01', 6),
      rij('0153', TellingSoort.NIVEAUWIJZIGINGEN, 'VB-OB-01|OMHOOG', '2026-02', 6),
      rij('0153', TellingSoort.NIVEAUWIJZIGINGEN, 'VB-OB-01|OMLAAG', '2026-02', 2),
      rij('0153', TellingSoort.BESCHIKBAARHEID, 'CRISISDIENST', '2026-02', 14, 70_000),
      rij('0153', TellingSoort.BESCHIKBAARHEID, 'JEUGDZORGPLUS', '2026-02', 1, 90_000),
    ]
    const overzicht = cijferoverzicht(rows, { vandaag: '2026-03-05' })
    expect(overzicht.niveauwijzigingen).toEqual([
      { ondersteuningsbehoefte: 'VB-OB-01', omhoog: 10, omlaag: null },
    ])
    expect(overzicht.beschikbaarheidsvoorzieningen).toEqual([
      { voorzieningCode: 'CRISISDIENST', aantal: 15, bedragCent: 70_000 },
      { voorzieningCode: 'JEUGDZORGPLUS', aantal: null, bedragCent: null },
    ])
  })

  it('give each figure per month for the 12 months up to the period’s end, each month hidden on its own', () => {
    const rows = [
      rij('0153', TellingSoort.MELDINGEN, 'ONTVANGEN', '2025-01', 50),
      rij('0153', TellingSoort.MELDINGEN, 'ONTVANGEN', '2025-02', 12),
      rij('0153', TellingSoort.MELDINGEN, 'ONTVANGEN', '2025-03', 6),
      rij('0153', TellingSoort.MELDINGEN, 'ONTVANGEN', '2025-04', 6),
    ]
    const overzicht = cijferoverzicht(rows, { periode: { van: '2025-03', tot: '2025-04' } })
    expect(overzicht.meldingen.ontvangen).toBe(10)
    expect(overzicht.perMaand.map((m) => m.maand)).toEqual([
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
    ])
    expect(overzicht.perMaand.slice(-4).map((m) => m.meldingen.ontvangen)).toEqual([50, 10, null, null])
    expect(cijferoverzicht(rows, { vandaag: '2025-02-20' }).perMaand.at(-1)!.maand).toBe('2025-02')
  })

  it('limit the figures per need to the needs asked for, and leave those per provider whole', () => {
    const rows = [
      rij('0153', TellingSoort.ACTIEVE_PLANNEN, 'VB-OB-01|A', '', 12),
      rij('0153', TellingSoort.ACTIEVE_PLANNEN, 'VB-OB-02|A', '', 12),
      rij('0153', TellingSoort.NIVEAUWIJZIGINGEN, 'VB-OB-02|OMLAAG', '2026-01', 12),
      rij('0153', TellingSoort.TOEWIJZINGEN, '11111111', '2026-01', 12, 1200),
    ]
    const overzicht = cijferoverzicht(rows, { ondersteuningsbehoeften: ['VB-OB-01'], vandaag: '2026-03-05' })
    expect(overzicht.actievePlannen).toEqual([
      { ondersteuningsbehoefte: 'VB-OB-01', niveau: 'A', aantal: 10 },
    ])
    expect(overzicht.niveauwijzigingen).toEqual([])
    expect(overzicht.toewijzingen).toEqual([{ agbCode: '11111111', aantal: 10, budgetCent: 1200 }])
  })
})

describe('raw counts on their way to the catalogue', () => {
  it('travel in columns, each key and month written once, and come back as they were', () => {
    const rows = [
      telling('0153', TellingSoort.ACTIEVE_PLANNEN, 'VB-OB-01|A', 12),
      telling('0153', TellingSoort.TOEWIJZINGEN, '11111111', 3, 4_000_000_000, '2025-01'),
      telling('0153', TellingSoort.TOEWIJZINGEN, '11111111', 2, 500, '2025-02'),
      telling('0153', TellingSoort.WACHTTIJD, '11111111|14', 7, 0, '2025-02'),
    ]
    const kolommen = inKolommen('0153', rows)
    expect(kolommen).toEqual({
      gemeenteCode: '0153',
      sleutels: 'ACTIEVE_PLANNEN|VB-OB-01|A\nTOEWIJZINGEN|11111111\nWACHTTIJD|11111111|14',
      maanden: '\n2025-01\n2025-02',
      rijen: '0,0,12,0,1,1,3,4000000000,1,2,2,500,2,2,7,0',
      versie: expect.stringMatching(/^[\w-]{22}$/),
    })
    expect(uitKolommen(kolommen)).toEqual(rows)
    // The version names the counts: the same counts the same version, any change another.
    expect(inKolommen('0153', [...rows]).versie).toBe(kolommen.versie)
    expect(inKolommen('0153', rows.slice(1)).versie).not.toBe(kolommen.versie)
    expect(inKolommen('0158', rows).versie).not.toBe(kolommen.versie)
  })

  it('are refused back when they do not hold together', () => {
    const goed = inKolommen('0153', [telling('0153', TellingSoort.ACTIEVE_PLANNEN, 'VB-OB-01|A', 12)])
    for (const [fout, melding] of [
      [{ rijen: '0,0,12' }, /four numbers/],
      [{ rijen: '0,0,1.5,0' }, /whole numbers/],
      [{ rijen: '0,,12,0' }, /whole numbers/],
      [{ maanden: 'mei' }, /YYYY-MM/],
      [{ rijen: '3,0,12,0' }, /not there/],
      [{ rijen: '0,7,12,0' }, /not there/],
      [{ sleutels: 'GEEN_SOORT|VB-OB-01|A' }, /not there/],
    ] as const)
      expect(() => uitKolommen({ ...goed, ...fout })).toThrow(melding)
  })
})
