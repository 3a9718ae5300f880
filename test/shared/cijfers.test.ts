import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import { cijferoverzicht, TellingSoort, type RuweTelling } from '../../shared/graphql/cijfers'
import { onthul } from '../../shared/domain/statistiek'

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
    expect(cijferoverzicht(rows, { van: '2025-01', tot: '2025-03' }).toewijzingen).toEqual([
      { agbCode: '11111111', aantal: 10, budgetCent: 1500 },
      { agbCode: '22222222', aantal: null, budgetCent: null },
    ])
  })

  it('compute the share achieved from exact counts, and hide it when its base is small', () => {
    const rows = [
      telling('0153', TellingSoort.RESULTATEN, 'VB-OB-01|B|BEHAALD', 7),
      telling('0153', TellingSoort.RESULTATEN, 'VB-OB-01|B|DEELS_BEHAALD', 2),
      telling('0153', TellingSoort.RESULTATEN, 'VB-OB-01|B|NIET_BEHAALD', 3),
      telling('0153', TellingSoort.RESULTATEN, 'VB-OB-02|A|BEHAALD', 5),
    ]
    expect(cijferoverzicht(rows).resultaten).toEqual([
      {
        ondersteuningsbehoefte: 'VB-OB-01',
        beoordeeld: 10,
        aandeelBehaald: 0.583,
        aandeelDeelsBehaald: 0.167,
      },
      {
        ondersteuningsbehoefte: 'VB-OB-02',
        beoordeeld: null,
        aandeelBehaald: null,
        aandeelDeelsBehaald: null,
      },
    ])
  })
})
