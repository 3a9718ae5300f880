import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import { tellingenVoor, voegSamen, type PlanStand } from '../../subgraphs/gemeente/cijfers/gebeurtenis'

const plan = (status: string, niveau: string, uitkomst: string | null = null): PlanStand => ({
  status,
  behoeften: [
    { id: 'b1', code: 'VB-OB-01', niveau, resultaten: [{ id: 'r1', uitkomst }] },
    { id: 'b2', code: 'VB-OB-01', niveau, resultaten: [] },
  ],
})
const kort = (soort: string, sleutel: string, maand: string, aantal = 1, bedragCent = 0) => ({
  soort,
  sleutel,
  maand,
  aantal,
  bedragCent,
})

describe('what each event adds to the figures’ summary', () => {
  it('counts a request in its month, and one solved without paid support by its step in the request’s month', () => {
    expect(tellingenVoor({ soort: 'MELDING_ONTVANGEN', datum: '2026-02-03' })).toEqual([
      kort('MELDINGEN', 'ONTVANGEN', '2026-02'),
    ])
    expect(
      tellingenVoor({ soort: 'MELDING_ZONDER_MAATWERK', meldingDatum: '2026-01-30', opgelostMet: 'NETWERK' }),
    ).toEqual([kort('MELDINGEN', 'NETWERK', '2026-01')])
  })

  it('counts an adopted plan once per need and level, with the time from the request, and nothing for a draft', () => {
    const vastgesteld = {
      soort: 'PLAN_GEWIJZIGD' as const,
      voor: plan('CONCEPT', 'B'),
      na: plan('ACTIEF', 'B'),
      datum: '2026-03-10',
      meldingDatum: '2026-02-01',
    }
    expect(tellingenVoor(vastgesteld)).toEqual([
      kort('ACTIEVE_PLANNEN', 'VB-OB-01|B', ''),
      kort('DOORLOOP_MELDING_PLAN', 'VB-OB-01|42', '2026-03'),
    ])
    expect(tellingenVoor({ ...vastgesteld, voor: null, na: plan('CONCEPT', 'B') })).toEqual([])
  })

  it('moves an active plan to its new level, counts the change up or down per need, and outcomes as they change', () => {
    const wijziging = { soort: 'PLAN_GEWIJZIGD' as const, datum: '2026-04-02', meldingDatum: null }
    expect(tellingenVoor({ ...wijziging, voor: plan('ACTIEF', 'B'), na: plan('ACTIEF', 'D') })).toEqual([
      kort('ACTIEVE_PLANNEN', 'VB-OB-01|B', '', -1),
      kort('ACTIEVE_PLANNEN', 'VB-OB-01|D', ''),
      kort('NIVEAUWIJZIGINGEN', 'VB-OB-01|OMHOOG', '2026-04'),
      kort('NIVEAUWIJZIGINGEN', 'VB-OB-01|OMHOOG', '2026-04'),
    ])
    expect(
      tellingenVoor({
        ...wijziging,
        voor: plan('ACTIEF', 'C', 'BEHAALD'),
        na: plan('ACTIEF', 'A', 'NIET_BEHAALD'),
      }),
    ).toEqual([
      kort('ACTIEVE_PLANNEN', 'VB-OB-01|C', '', -1),
      kort('ACTIEVE_PLANNEN', 'VB-OB-01|A', ''),
      kort('NIVEAUWIJZIGINGEN', 'VB-OB-01|OMLAAG', '2026-04'),
      kort('RESULTATEN', 'VB-OB-01|C|BEHAALD', '2026-04', -1),
      kort('RESULTATEN', 'VB-OB-01|A|NIET_BEHAALD', '2026-04'),
      kort('NIVEAUWIJZIGINGEN', 'VB-OB-01|OMLAAG', '2026-04'),
    ])
    expect(tellingenVoor({ ...wijziging, voor: plan('ACTIEF', 'B'), na: plan('AFGESLOTEN', 'B') })).toEqual([
      kort('ACTIEVE_PLANNEN', 'VB-OB-01|B', '', -1),
    ])
  })

  it('counts an allocation in its start month with its budget and the time from adoption; a withdrawal takes it back', () => {
    const toegewezen = {
      soort: 'TOEGEWEZEN' as const,
      aanbiederAgbCode: '11111111',
      behoefteCode: 'VB-OB-01',
      ingangsdatum: '2026-05-01',
      budgetCent: 5000,
      datum: '2026-04-20',
      planVastgesteldOp: '2026-04-10',
      naPlanwijziging: false,
    }
    expect(tellingenVoor(toegewezen)).toEqual([
      kort('TOEWIJZINGEN', '11111111', '2026-05', 1, 5000),
      kort('DOORLOOP_PLAN_TOEWIJZING', 'VB-OB-01|14', '2026-04'),
    ])
    expect(tellingenVoor({ ...toegewezen, naPlanwijziging: true })).toEqual([
      kort('TOEWIJZINGEN', '11111111', '2026-05', 1, 5000),
    ])
    const ingetrokken = {
      soort: 'INGETROKKEN' as const,
      aanbiederAgbCode: '11111111',
      ingangsdatum: '2026-05-01',
    }
    expect(
      voegSamen([...tellingenVoor(toegewezen), ...tellingenVoor({ ...ingetrokken, budgetCent: 5000 })]),
    ).toEqual([kort('DOORLOOP_PLAN_TOEWIJZING', 'VB-OB-01|14', '2026-04')])
  })

  it('ends the waits at the start of care, not for a replacement after a change of the plan', () => {
    const gestart = {
      soort: 'ZORG_GESTART' as const,
      aanbiederAgbCode: '12345678',
      behoefteCode: 'VB-OB-01',
      datum: '2026-03-10',
      toegewezenOp: '2026-03-01',
      meldingDatum: '2026-02-01',
      naPlanwijziging: false,
    }
    expect(tellingenVoor(gestart)).toEqual([
      kort('DOORLOOP_TOEWIJZING_START', 'VB-OB-01|14', '2026-03'),
      kort('WACHTTIJD', '12345678|14', '2026-03'),
      kort('DOORLOOP_MELDING_START', 'VB-OB-01|42', '2026-03'),
    ])
    expect(tellingenVoor({ ...gestart, naPlanwijziging: true })).toEqual([])
  })

  it('adds accepted cost per need and level, and the use of a beschikbaarheidsvoorziening, with amounts', () => {
    expect(
      tellingenVoor({
        soort: 'KOSTEN_GEACCEPTEERD',
        toewijzingId: 't1',
        behoefteCode: 'VB-OB-01',
        niveau: 'B',
        bedragCent: 12_345,
        datum: '2026-06-30',
      }),
    ).toEqual([kort('KOSTEN', 'VB-OB-01|B', '2026-06', 1, 12_345)])
    expect(
      tellingenVoor({
        soort: 'BESCHIKBAARHEID_GEBRUIKT',
        voorzieningCode: 'CRISIS',
        datum: '2026-07-01',
        bedragCent: 900,
      }),
    ).toEqual([kort('BESCHIKBAARHEID', 'CRISIS', '2026-07', 1, 900)])
  })
})
