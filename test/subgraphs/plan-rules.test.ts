import { describe, expect, it } from 'vitest'
import { Niveau } from '../../shared/ijw/codes'
import { PlanStatus } from '../../subgraphs/gemeente/plan/plan.entity'
import {
  afsluitenVoorwaarden,
  beoordelingsreden,
  evaluatieVoorwaarden,
  keuzeVoorwaarden,
  opstellenVoorwaarden,
  vaststellenVoorwaarden,
  type AfsluitenFeiten,
  type KeuzeFeiten,
} from '../../subgraphs/gemeente/plan/plan.rules'
import { ToewijzingStatus } from '../../subgraphs/gemeente/toewijzing/toewijzing.entity'
import { Uitkomst } from '../../subgraphs/gemeente/plan/resultaat.entity'
import { weigering } from './weigering'

const ontbreekt = (r: ReturnType<typeof weigering>) => r?.extensions.ontbreekt ?? null

describe('drawing up a plan', () => {
  it('is allowed for a household without an open plan', () => {
    expect(weigering(opstellenVoorwaarden, { openPlan: null })).toBeNull()
  })

  it('names the open plan of a household that has one: one family, one plan', () => {
    const openPlan = { id: 'plan-1', status: PlanStatus.CONCEPT }
    expect(weigering(opstellenVoorwaarden, { openPlan })).toEqual({
      message: 'Dit huishouden heeft al een open plan (CONCEPT): één gezin, één plan.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'geenOpenPlan', bestaandPlanId: 'plan-1' },
    })
  })
})

describe('adopting a plan', () => {
  it('is allowed with at least one support need', () => {
    expect(weigering(vaststellenVoorwaarden, { behoeften: 1 })).toBeNull()
  })

  it('names the support need a plan without one lacks', () => {
    expect(weigering(vaststellenVoorwaarden, { behoeften: 0 })).toEqual({
      message: 'Een plan zonder ondersteuningsbehoefte kan niet worden vastgesteld.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'behoefte' },
    })
  })
})

describe("recording the resident's choice of provider", () => {
  const alles: KeuzeFeiten = {
    plan: { status: PlanStatus.ACTIEF },
    behoefte: { code: 'VB-OB-01', niveau: Niveau.B },
    agbCode: '99990001',
    datum: '2026-12-01',
    gecontracteerd: ['99990001'],
  }

  it('is allowed for a contracted provider in a plan that is not closed', () => {
    expect(weigering(keuzeVoorwaarden, alles)).toBeNull()
    expect(weigering(keuzeVoorwaarden, { ...alles, plan: { status: PlanStatus.CONCEPT } })).toBeNull()
  })

  it('names the open plan when the plan is closed', () => {
    expect(weigering(keuzeVoorwaarden, { ...alles, plan: { status: PlanStatus.AFGESLOTEN } })).toEqual({
      message: 'Het plan is afgesloten.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'openPlan', huidigeStatus: 'AFGESLOTEN' },
    })
  })

  it('names the contract, on the agbCode field, when the provider has none on the date', () => {
    expect(weigering(keuzeVoorwaarden, { ...alles, gecontracteerd: ['99990002'] })).toEqual({
      message:
        'Aanbieder 99990001 is op 2026-12-01 niet gecontracteerd voor VB-OB-01 niveau B in deze gemeente.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'contract', field: 'agbCode' },
    })
  })

  it('names the open plan when the plan was withdrawn', () => {
    expect(weigering(keuzeVoorwaarden, { ...alles, plan: { status: PlanStatus.INGETROKKEN } })).toEqual({
      message: 'Het plan is ingetrokken.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'openPlan', huidigeStatus: 'INGETROKKEN' },
    })
  })

  it('lists its rules in the order they are checked', () => {
    expect(keuzeVoorwaarden.map((v) => v.ontbreekt)).toEqual(['openPlan', 'contract'])
  })
})

describe('evaluating a result', () => {
  it('is allowed in an active plan', () => {
    expect(weigering(evaluatieVoorwaarden, { plan: { status: PlanStatus.ACTIEF } })).toBeNull()
  })

  it('names the active plan, with the current state, in any other', () => {
    expect(weigering(evaluatieVoorwaarden, { plan: { status: PlanStatus.CONCEPT } })).toEqual({
      message: 'Evalueren kan alleen in een actief plan (nu CONCEPT).',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'actiefPlan', huidigeStatus: 'CONCEPT' },
    })
  })
})

describe('closing a plan', () => {
  const alles: AfsluitenFeiten = {
    resultaten: [{ id: 'r1', uitkomst: Uitkomst.BEHAALD }],
    toewijzingen: [
      { status: ToewijzingStatus.BEEINDIGD, toewijzingNummer: 1 },
      { status: ToewijzingStatus.INGETROKKEN, toewijzingNummer: 2 },
    ],
  }

  it('is allowed when every result is assessed and all care ended or was withdrawn', () => {
    expect(weigering(afsluitenVoorwaarden, alles)).toBeNull()
  })

  it('names the results still without an outcome', () => {
    const feiten = { ...alles, resultaten: [...alles.resultaten, { id: 'r2', uitkomst: null }] }
    expect(weigering(afsluitenVoorwaarden, feiten)).toEqual({
      message: 'Nog 1 resultaat/resultaten zonder uitkomst.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'uitkomsten', openResultaten: ['r2'] },
    })
  })

  it('names the allocations still running, by number', () => {
    const lopend = [
      { status: ToewijzingStatus.TOEGEWEZEN, toewijzingNummer: 3 },
      { status: ToewijzingStatus.GESTART, toewijzingNummer: 4 },
    ]
    const feiten = { ...alles, toewijzingen: [...alles.toewijzingen, ...lopend] }
    expect(weigering(afsluitenVoorwaarden, feiten)).toEqual({
      message: 'Nog 2 toewijzing(en) lopen: het plan sluit als alle zorg beëindigd is.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'beeindigdeZorg', lopendeToewijzingen: [3, 4] },
    })
  })

  it('lists its rules in the order they are checked', () => {
    const beide = {
      resultaten: [{ id: 'r2', uitkomst: null }],
      toewijzingen: [{ ...alles.toewijzingen[0], status: ToewijzingStatus.GESTART }],
    }
    expect(ontbreekt(weigering(afsluitenVoorwaarden, beide))).toBe('uitkomsten')
    expect(afsluitenVoorwaarden.map((v) => v.ontbreekt)).toEqual(['uitkomsten', 'beeindigdeZorg'])
  })
})

describe('the reason of a version that records several outcomes', () => {
  it('names each outcome in order while that fits the version, and counts them when it would not', () => {
    expect(beoordelingsreden([Uitkomst.BEHAALD, Uitkomst.DEELS_BEHAALD])).toBe(
      'Resultaten beoordeeld: BEHAALD, DEELS_BEHAALD',
    )
    // 66 partly reached outcomes were 1,033 characters: over the 1,000 the version keeps.
    const veel = [
      ...Array<Uitkomst>(70).fill(Uitkomst.DEELS_BEHAALD),
      ...Array<Uitkomst>(30).fill(Uitkomst.BEHAALD),
    ]
    expect(beoordelingsreden(veel)).toBe('Resultaten beoordeeld: 30 × BEHAALD, 70 × DEELS_BEHAALD')
    for (let n = 1; n <= 100; n++)
      expect(beoordelingsreden(Array<Uitkomst>(n).fill(Uitkomst.NIET_BEHAALD)).length).toBeLessThanOrEqual(
        1000,
      )
  })
})
