import { describe, expect, it } from 'vitest'
import { toetsVoorwaarden } from '../../shared/domain/preconditions'
import { Niveau } from '../../shared/ijw/codes'
import { ToewijzingStatus } from '../../subgraphs/gemeente/toewijzing/toewijzing.entity'
import {
  toewijzingVoorwaarden,
  waarderingVoorwaarden,
  type ToewijzingFeiten,
} from '../../subgraphs/gemeente/toewijzing/toewijzing.rules'
import { weigering } from './weigering'

const tarief = { eenheid: 'UUR', frequentie: 'WEEK', bedragCent: 7500 } as never
const alles: ToewijzingFeiten = {
  behoefte: { code: 'VB-OB-01', niveau: Niveau.B, gekozenAanbiederAgbCode: '99990001' },
  ingangsdatum: '2026-12-01',
  regionaal: { gecontracteerd: ['99990001'], tarief },
}

/** What is missing when one fact is taken away, or nothing. */
const ontbreekt = (feiten: ToewijzingFeiten) => {
  try {
    toetsVoorwaarden(toewijzingVoorwaarden, feiten)
    return null
  } catch (err) {
    return (err as { extensions: { code: string; ontbreekt: string } }).extensions
  }
}

describe('what an allocation needs', () => {
  it('is met when the resident chose a provider that is contracted and a tariff is in force', () => {
    expect(ontbreekt(alles)).toBeNull()
  })

  it('names the provider choice when none was made', () => {
    const feiten = { ...alles, behoefte: { ...alles.behoefte, gekozenAanbiederAgbCode: null } }
    expect(ontbreekt(feiten)).toEqual({ code: 'PRECONDITION_FAILED', ontbreekt: 'gekozenAanbieder' })
  })

  it('names the contract when the chosen provider has none on the start date', () => {
    const feiten = { ...alles, regionaal: { ...alles.regionaal, gecontracteerd: ['99990002'] } }
    expect(ontbreekt(feiten)).toEqual({ code: 'PRECONDITION_FAILED', ontbreekt: 'contract' })
  })

  it('names the tariff when none is in force: no tariff, no allocation', () => {
    const feiten = { ...alles, regionaal: { ...alles.regionaal, tarief: null } }
    expect(ontbreekt(feiten)).toEqual({ code: 'PRECONDITION_FAILED', ontbreekt: 'tarief' })
  })

  it('lists its rules in the order they are checked', () => {
    expect(toewijzingVoorwaarden.map((v) => v.ontbreekt)).toEqual(['gekozenAanbieder', 'contract', 'tarief'])
  })
})

describe("what a resident's rating needs", () => {
  const beeindigd = { toewijzing: { status: ToewijzingStatus.BEEINDIGD }, gewaardeerd: false }

  it('is met for ended care that was not rated before', () => {
    expect(weigering(waarderingVoorwaarden, beeindigd)).toBeNull()
  })

  it('names the ended care, with the current state, while care runs', () => {
    const lopend = { ...beeindigd, toewijzing: { status: ToewijzingStatus.GESTART } }
    expect(weigering(waarderingVoorwaarden, lopend)).toEqual({
      message: 'Waarderen kan als de zorg is beëindigd (nu GESTART).',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'beeindigdeZorg', huidigeStatus: 'GESTART' },
    })
  })

  it('names the first rating when the allocation was rated before: one rating per allocation', () => {
    expect(weigering(waarderingVoorwaarden, { ...beeindigd, gewaardeerd: true })).toEqual({
      message: 'Deze toewijzing is al gewaardeerd: één waardering per toewijzing.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'eersteWaardering' },
    })
  })
})
