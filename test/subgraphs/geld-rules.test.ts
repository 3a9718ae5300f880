import { describe, expect, it } from 'vitest'
import { Eenheid, Frequentie } from '../../shared/ijw/codes'
import { gebruikVoorwaarden } from '../../subgraphs/gemeente/beschikbaarheid/beschikbaarheid.resolver'
import {
  declaratieVoorwaarden,
  maandGrenzen,
  regelVoorwaarden,
  toekenningVoorwaarden,
  type DeclaratieFeiten,
} from '../../subgraphs/gemeente/declaratie/declaratie.rules'
import { aanpakVoorwaarden } from '../../subgraphs/gemeente/aanpak/aanpak.mutation'
import { ToewijzingStatus } from '../../subgraphs/gemeente/toewijzing/toewijzing.entity'
import { aantalPerioden, budgetCent } from '../../subgraphs/gemeente/toewijzing/budget'
import { prijsModules } from '../../subgraphs/gemeente/toewijzing/modules'
import { moduleVoorwaarden } from '../../subgraphs/gemeente/toewijzing/toewijzing.rules'
import { weigering } from './weigering'

const vervoer = {
  bedragCent: 2690,
  eenheid: Eenheid.STUKS_OUTPUT,
  frequentie: Frequentie.PER_DAG,
  geldigVan: '2023-01-01',
  geldigTot: null,
}

describe('a budget per month', () => {
  it('counts the calendar months a period touches, as a provider declares them', () => {
    const maanden = (van: string, tot: string) => aantalPerioden(van, tot, Frequentie.PER_MAAND)
    expect(maanden('2026-01-01', '2026-01-31')).toBe(1)
    expect(maanden('2026-07-01', '2026-08-31')).toBe(2)
    expect(maanden('2026-01-15', '2026-02-14')).toBe(2)
    expect(maanden('2026-01-31', '2026-02-28')).toBe(2)
    expect(maanden('2024-01-01', '2024-12-31')).toBe(12)
    expect(maanden('2025-11-20', '2026-02-03')).toBe(4)
    expect(
      budgetCent({ bedragCent: 10_640, frequentie: Frequentie.PER_MAAND }, 10, '2026-01-01', '2026-01-31'),
    ).toBe(106_400)
  })
})

describe('modules on an allocation', () => {
  const periode = { van: '2026-01-01', tot: '2026-01-31' }

  it('prices a module at its tariff per unit, by its own frequency or the one given', () => {
    const tarieven = [{ code: 'VB-MOD-04', tarief: vervoer }]
    expect(
      prijsModules(
        [{ moduleCode: 'VB-MOD-04', volume: 1, frequentie: null }],
        tarieven,
        periode,
        'invoer.modules',
      ),
    ).toEqual([
      {
        moduleCode: 'VB-MOD-04',
        volume: 1,
        eenheid: Eenheid.STUKS_OUTPUT,
        frequentie: Frequentie.PER_DAG,
        tariefCent: 2690,
        bedragCent: 2690 * 31,
      },
    ])
    const perWeek = prijsModules(
      [{ moduleCode: 'VB-MOD-04', volume: 2, frequentie: Frequentie.PER_WEEK }],
      tarieven,
      periode,
      'invoer.modules',
    )
    expect(perWeek[0].bedragCent).toBe(2690 * 2 * 5)
  })

  it('refuses a module without a tariff in force, naming it', () => {
    expect(
      weigering(moduleVoorwaarden, { moduleCode: 'VB-MOD-04', datum: '2018-06-01', tarief: null }),
    ).toEqual({
      message: 'Geen tarief voor module VB-MOD-04 op 2018-06-01: geen tarief, geen module.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'moduletarief', module: 'VB-MOD-04' },
    })
    expect(() =>
      prijsModules(
        [{ moduleCode: 'VB-MOD-04', volume: 1, frequentie: null }],
        [{ code: 'VB-MOD-04', tarief: null }],
        periode,
        'invoer.modules',
      ),
    ).toThrow('Geen tarief voor module VB-MOD-04')
  })
})

describe('what a declaration needs', () => {
  const alles: DeclaratieFeiten = {
    toewijzing: {
      status: ToewijzingStatus.GESTART,
      ingangsdatum: '2026-03-15',
      einddatum: '2026-06-30',
      gestartOp: '2026-03-20',
      toegewezenOp: '2026-03-01',
      toewijzingNummer: 41,
    },
    periode: '2026-03',
    vandaag: '2026-05-02',
  }
  const ontbreekt = (feiten: DeclaratieFeiten) =>
    weigering(declaratieVoorwaarden, feiten)?.extensions.ontbreekt

  it('is met for a started allocation and a begun month that overlaps it, and for ended care', () => {
    expect(ontbreekt(alles)).toBeUndefined()
    expect(ontbreekt({ ...alles, periode: '2026-05' })).toBeUndefined()
    expect(
      ontbreekt({ ...alles, toewijzing: { ...alles.toewijzing, status: ToewijzingStatus.BEEINDIGD } }),
    ).toBe(undefined)
  })

  it('names started care for an allocation not started, or withdrawn', () => {
    for (const status of [ToewijzingStatus.TOEGEWEZEN, ToewijzingStatus.INGETROKKEN])
      expect(ontbreekt({ ...alles, toewijzing: { ...alles.toewijzing, status } })).toBe('gestarteZorg')
  })

  it('names started care for an allocation ended before its care started (replaced at a change of level)', () => {
    const nooitGestart = { ...alles.toewijzing, status: ToewijzingStatus.BEEINDIGD, gestartOp: null }
    expect(weigering(declaratieVoorwaarden, { ...alles, toewijzing: nooitGestart })).toEqual({
      message:
        'Declareren kan voor zorg die gestart is (zorgGestart); toewijzing 41 is BEEINDIGD en is nooit gestart.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'gestarteZorg', huidigeStatus: 'BEEINDIGD' },
    })
  })

  it('takes an ended allocation from before these dates were kept as started, as it did', () => {
    const oud = {
      ...alles.toewijzing,
      status: ToewijzingStatus.BEEINDIGD,
      gestartOp: null,
      toegewezenOp: null,
    }
    expect(ontbreekt({ ...alles, toewijzing: oud })).toBeUndefined()
    // Without a confirmed start, its months count from its first day.
    expect(ontbreekt({ ...alles, toewijzing: oud, periode: '2026-02' })).toBe('periodeInToewijzing')
  })

  it('counts the months of care from the confirmed start, not from the allocation’s first day', () => {
    const laatGestart = { ...alles.toewijzing, gestartOp: '2026-04-10' }
    expect(ontbreekt({ ...alles, toewijzing: laatGestart, periode: '2026-03' })).toBe('periodeInToewijzing')
    expect(ontbreekt({ ...alles, toewijzing: laatGestart, periode: '2026-04' })).toBeUndefined()
  })

  it('names the period for a month outside the allocation, and a month not yet begun', () => {
    expect(ontbreekt({ ...alles, periode: '2026-02' })).toBe('periodeInToewijzing')
    expect(ontbreekt({ ...alles, periode: '2026-07' })).toBe('periodeInToewijzing')
    expect(ontbreekt({ ...alles, periode: '2026-06' })).toBe('begonnenPeriode')
  })

  it('knows the last day of every month, leap years included', () => {
    expect(maandGrenzen('2028-02')).toEqual({ eerste: '2028-02-01', laatste: '2028-02-29' })
    expect(maandGrenzen('2026-12')).toEqual({ eerste: '2026-12-01', laatste: '2026-12-31' })
  })

  it('prices a line only at a stored tariff, once a month unless refused', () => {
    const regel = { product: 'module VB-MOD-04', tariefCent: 2690, alGedeclareerd: false }
    expect(weigering(regelVoorwaarden, regel)).toBeNull()
    expect(weigering(regelVoorwaarden, { ...regel, tariefCent: null })?.extensions.ontbreekt).toBe('tarief')
    expect(weigering(regelVoorwaarden, { ...regel, alGedeclareerd: true })?.extensions.ontbreekt).toBe(
      'eersteDeclaratie',
    )
  })

  it('accepts up to the budget exactly, and not a cent past it', () => {
    const toewijzing = { budgetCent: 10_000, toegekendCent: 7_000, toewijzingNummer: 41 }
    expect(weigering(toekenningVoorwaarden, { toewijzing, bedragCent: 3_000 })).toBeNull()
    expect(weigering(toekenningVoorwaarden, { toewijzing, bedragCent: 3_001 })).toEqual({
      message:
        'Toekennen gaat boven het budget van toewijzing 41: 3001 eurocent gevraagd, 3000 over. ' +
        'Wijs de regel af met een reden.',
      extensions: {
        code: 'PRECONDITION_FAILED',
        ontbreekt: 'budget',
        budgetCent: 10_000,
        toegekendCent: 7_000,
        bedragCent: 3_001,
      },
    })
  })
})

describe('approach and beschikbaarheid', () => {
  it('takes an approach only while the allocation runs', () => {
    expect(weigering(aanpakVoorwaarden, { toewijzing: { status: ToewijzingStatus.GESTART } })).toBeNull()
    expect(
      weigering(aanpakVoorwaarden, { toewijzing: { status: ToewijzingStatus.BEEINDIGD } })?.extensions,
    ).toEqual({ code: 'PRECONDITION_FAILED', ontbreekt: 'lopendeToewijzing', huidigeStatus: 'BEEINDIGD' })
  })

  it('records use only against a budget set for its year', () => {
    expect(weigering(gebruikVoorwaarden, { budget: null, jaar: 2026 })?.extensions).toEqual({
      code: 'PRECONDITION_FAILED',
      ontbreekt: 'budget',
    })
  })
})
