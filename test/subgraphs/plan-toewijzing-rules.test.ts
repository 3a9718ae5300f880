import { describe, expect, it } from 'vitest'
import { Eenheid, Frequentie, Niveau, Wet } from '../../shared/ijw/codes'
import { wetVoorwaarden, type WetFeiten } from '../../subgraphs/gemeente/plan/plan.rules'
import { ToewijzingStatus } from '../../subgraphs/gemeente/toewijzing/toewijzing.entity'
import {
  controleerZorgdatum,
  toewijzingStatus,
  vervangingVoorwaarden,
  type VervangingFeiten,
} from '../../subgraphs/gemeente/toewijzing/toewijzing.rules'
import { wisseldatum } from '../../subgraphs/gemeente/toewijzing/vervanging'
import { weigering } from './weigering'

describe('the law fits the person', () => {
  const jeugd: WetFeiten = {
    behoefte: { naam: 'Opvoeden en opgroeien', wet: Wet.JEUGDWET },
    geboortedatum: '2010-06-01',
    peildatum: '2026-11-30',
    eerdereJeugdhulp: false,
  }
  const wmo: WetFeiten = {
    ...jeugd,
    behoefte: { naam: 'Zelfstandig wonen', wet: Wet.WMO },
    geboortedatum: '1965-03-10',
  }

  it('allows a Jeugdwet need for a resident under 18 and a Wmo need from 18', () => {
    expect(weigering(wetVoorwaarden, jeugd)).toBeNull()
    expect(weigering(wetVoorwaarden, wmo)).toBeNull()
    expect(weigering(wetVoorwaarden, { ...wmo, geboortedatum: '2008-11-30' })).toBeNull()
  })

  it('refuses a Jeugdwet need for a resident born in 1965', () => {
    expect(weigering(wetVoorwaarden, { ...jeugd, geboortedatum: '1965-03-10' })).toEqual({
      message:
        'Opvoeden en opgroeien valt onder de Jeugdwet. Die is voor inwoners jonger dan 18 jaar. ' +
        'Tot 23 jaar kan jeugdhulp alleen doorgaan als die voor het 18e jaar begon. ' +
        'Deze inwoner is 61 jaar op 2026-11-30.',
      extensions: {
        code: 'PRECONDITION_FAILED',
        ontbreekt: 'jeugdige',
        wet: 'JEUGDWET',
        leeftijd: 61,
        peildatum: '2026-11-30',
      },
    })
  })

  it('refuses a Jeugdwet need from the 18th birthday on, without help that began before 18', () => {
    expect(weigering(wetVoorwaarden, { ...jeugd, geboortedatum: '2008-11-30' })).toEqual({
      message:
        'Opvoeden en opgroeien valt onder de Jeugdwet. Die is voor inwoners jonger dan 18 jaar. ' +
        'Tot 23 jaar kan jeugdhulp alleen doorgaan als die voor het 18e jaar begon. ' +
        'Deze inwoner is 18 jaar op 2026-11-30 en kreeg voor het 18e jaar geen jeugdhulp.',
      extensions: {
        code: 'PRECONDITION_FAILED',
        ontbreekt: 'jeugdige',
        wet: 'JEUGDWET',
        leeftijd: 18,
        peildatum: '2026-11-30',
      },
    })
    expect(weigering(wetVoorwaarden, { ...jeugd, geboortedatum: '2008-12-01' })).toBeNull()
  })

  it('continues Jeugdwet help that began before 18 up to 23, not from 23', () => {
    const verlengd = { ...jeugd, eerdereJeugdhulp: true }
    expect(weigering(wetVoorwaarden, { ...verlengd, geboortedatum: '2003-12-01' })).toBeNull()
    expect(weigering(wetVoorwaarden, { ...verlengd, geboortedatum: '2003-11-30' })?.extensions).toMatchObject(
      { ontbreekt: 'jeugdige', leeftijd: 23 },
    )
  })

  it('refuses a Wmo need for a resident under 18', () => {
    expect(weigering(wetVoorwaarden, { ...wmo, geboortedatum: '2010-06-01' })).toEqual({
      message:
        'Zelfstandig wonen valt onder de Wmo. Die is voor inwoners van 18 jaar en ouder. ' +
        'Deze inwoner is 16 jaar op 2026-11-30: kies een behoefte onder de Jeugdwet.',
      extensions: {
        code: 'PRECONDITION_FAILED',
        ontbreekt: 'volwassene',
        wet: 'WMO',
        leeftijd: 16,
        peildatum: '2026-11-30',
      },
    })
  })
})

describe('a date of care reported by a provider or the gemeente', () => {
  const periode = { ingangsdatum: '2026-02-01', einddatum: '2027-01-31' }
  const fout = (datum: string) => {
    try {
      controleerZorgdatum(datum, periode, '2026-11-30', 'datum')
      return null
    } catch (err) {
      const { message, extensions } = err as { message: string; extensions: Record<string, unknown> }
      return { message, extensions }
    }
  }

  it('is accepted today or before, within the allocation', () => {
    expect(fout('2026-11-30')).toBeNull()
    expect(fout('2026-02-01')).toBeNull()
  })

  it('is refused in the future, even within the allocation', () => {
    expect(fout('2026-12-01')).toEqual({
      message:
        'De datum 2026-12-01 ligt in de toekomst (vandaag is 2026-11-30): meld het als het gebeurd is.',
      extensions: { code: 'BAD_USER_INPUT', field: 'datum' },
    })
  })

  it('is refused before the allocation starts', () => {
    expect(fout('2026-01-31')).toEqual({
      message: 'De datum ligt binnen de toewijzing (2026-02-01 tot 2027-01-31).',
      extensions: { code: 'BAD_USER_INPUT', field: 'datum' },
    })
  })
})

describe('ending an allocation', () => {
  it('lets the gemeente end started care, not care that has not started or has ended', () => {
    expect(toewijzingStatus.next(ToewijzingStatus.GESTART, 'beeindigenDoorGemeente')).toBe(
      ToewijzingStatus.BEEINDIGD,
    )
    for (const status of [
      ToewijzingStatus.TOEGEWEZEN,
      ToewijzingStatus.BEEINDIGD,
      ToewijzingStatus.INGETROKKEN,
    ])
      expect(toewijzingStatus.allows(status, 'beeindigenDoorGemeente')).toBe(false)
  })

  it('replaces a sent or started allocation after a level change, never an ended or withdrawn one', () => {
    expect(toewijzingStatus.allows(ToewijzingStatus.TOEGEWEZEN, 'vervangen')).toBe(true)
    expect(toewijzingStatus.allows(ToewijzingStatus.GESTART, 'vervangen')).toBe(true)
    expect(toewijzingStatus.allows(ToewijzingStatus.BEEINDIGD, 'vervangen')).toBe(false)
    expect(toewijzingStatus.allows(ToewijzingStatus.INGETROKKEN, 'vervangen')).toBe(false)
  })
})

describe('replacing a running allocation after a level change', () => {
  const tarief = {
    bedragCent: 10640,
    eenheid: Eenheid.UUR,
    frequentie: Frequentie.PER_MAAND,
    geldigVan: '2023-01-01',
    geldigTot: null,
  }
  const alles: VervangingFeiten = {
    toewijzing: {
      toewijzingNummer: 41,
      einddatum: '2027-06-30',
      eenheid: Eenheid.UUR,
      aanbiederAgbCode: '99990001',
    },
    behoefte: { code: 'VB-OB-01', niveau: Niveau.A },
    wisseldatum: '2026-11-30',
    gecontracteerd: ['99990001'],
    tarief,
    volume: null,
    veld: 'aanpassing.niveaus.0.volume',
  }

  it('starts today, or on the old start when that lies ahead', () => {
    expect(wisseldatum({ ingangsdatum: '2026-01-01' }, '2026-11-30')).toBe('2026-11-30')
    expect(wisseldatum({ ingangsdatum: '2027-01-01' }, '2026-11-30')).toBe('2027-01-01')
  })

  it('is allowed for a contracted provider with a tariff in the same unit, keeping the volume', () => {
    expect(weigering(vervangingVoorwaarden, alles)).toBeNull()
  })

  it('names the period when the old allocation ran out before the change', () => {
    const feiten = { ...alles, toewijzing: { ...alles.toewijzing, einddatum: '2026-10-31' } }
    expect(weigering(vervangingVoorwaarden, feiten)).toEqual({
      message:
        'Toewijzing 41 liep tot 2026-10-31: de aanbieder meldt eerst het einde van de zorg ' +
        '(zorgBeeindigd), daarna kan het niveau veranderen.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'lopendePeriode', toewijzingNummer: 41 },
    })
  })

  it('names the contract when the provider is not contracted for the new level', () => {
    expect(weigering(vervangingVoorwaarden, { ...alles, gecontracteerd: ['99990002'] })).toEqual({
      message:
        'Aanbieder 99990001 is op 2026-11-30 niet gecontracteerd voor VB-OB-01 niveau A: ' +
        'beëindig toewijzing 41 eerst en kies met de inwoner een andere aanbieder.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'contract', toewijzingNummer: 41 },
    })
  })

  it('names the tariff when none is in force for the new level', () => {
    expect(weigering(vervangingVoorwaarden, { ...alles, tarief: null })).toEqual({
      message: 'Geen tarief voor VB-OB-01 niveau A op 2026-11-30: geen tarief, geen toewijzing.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'tarief', toewijzingNummer: 41 },
    })
  })

  it('names the volume when the new level counts in another unit and none was given', () => {
    const anders = { ...alles, toewijzing: { ...alles.toewijzing, eenheid: Eenheid.STUKS_OUTPUT } }
    expect(weigering(vervangingVoorwaarden, anders)).toEqual({
      message:
        'Niveau A rekent in een andere eenheid (04, was 82): geef het volume voor de nieuwe toewijzing.',
      extensions: {
        code: 'PRECONDITION_FAILED',
        ontbreekt: 'volume',
        toewijzingNummer: 41,
        field: 'aanpassing.niveaus.0.volume',
      },
    })
    expect(weigering(vervangingVoorwaarden, { ...anders, volume: 6 })).toBeNull()
  })

  it('lists its rules in the order they are checked', () => {
    expect(vervangingVoorwaarden.map((v) => v.ontbreekt)).toEqual([
      'lopendePeriode',
      'contract',
      'tarief',
      'volume',
    ])
  })
})
