import { describe, expect, it } from 'vitest'
import { leeftijdOp, vandaag } from '../../shared/domain/dates'
import { generateAanbieders, generateNieuweAanmeldingen } from '../../shared/seed/aanbieders'
import { Productcategorie } from '../../shared/ijw/codes'
import { PlanStatus } from '../../subgraphs/gemeente/plan/plan.entity'
import { generateGemeente } from '../../subgraphs/gemeente/seed/generate'
import { ToewijzingStatus } from '../../subgraphs/gemeente/toewijzing/toewijzing.entity'

const aanbieders = generateAanbieders()
const JEUGD = [Productcategorie.JW_AMBULANTE_HULP, Productcategorie.JW_DAGBEHANDELING]
const OPEN = [ToewijzingStatus.TOEGEWEZEN, ToewijzingStatus.GESTART]

describe('the demo data, dated back from the day they are generated', () => {
  it('is generated for today by default, and the same for the same day', () => {
    const vandaagGegeven = generateGemeente('0153', { inwoners: 60, peildatum: vandaag() }, aanbieders)
    expect(generateGemeente('0153', { inwoners: 60 }, aanbieders)).toEqual(vandaagGegeven)
    expect(generateGemeente('0153', { inwoners: 60, peildatum: '2030-05-17' }, aanbieders)).not.toEqual(
      vandaagGegeven,
    )
  })

  for (const peildatum of ['2026-11-30', '2031-03-15', vandaag()]) {
    for (const code of ['0153', '0141']) {
      it(`on ${peildatum} in ${code}: ended care ended before that day, open care runs past it, every state present`, () => {
        const seed = generateGemeente(code, { inwoners: 150, peildatum }, aanbieders)
        expect(new Set(seed.plannen.map((p) => p.status))).toEqual(new Set(Object.values(PlanStatus)))
        expect(new Set(seed.toewijzingen.map((t) => t.status))).toEqual(
          new Set(Object.values(ToewijzingStatus)),
        )
        for (const t of seed.toewijzingen) {
          expect(t.ingangsdatum <= peildatum).toBe(true)
          if (t.status === ToewijzingStatus.BEEINDIGD) expect(t.einddatum < peildatum).toBe(true)
          if (OPEN.includes(t.status)) expect(t.einddatum > peildatum).toBe(true)
        }
        for (const p of seed.plannen) {
          expect(p.startdatum <= peildatum).toBe(true)
          if (p.status === PlanStatus.AFGESLOTEN) expect(p.einddatum! < peildatum).toBe(true)
        }
        const verleden = [
          ...seed.meldingen.map((m) => m.datum),
          ...seed.gespreksstappen.map((g) => g.datum),
          ...seed.evaluaties.map((e) => e.datum),
          ...seed.registerberichten.map((b) => b.aangemaaktOp.slice(0, 10)),
        ]
        expect(verleden.filter((d) => d > peildatum)).toEqual([])
        // Jeugdwet care is for children: under 18 on the day, born in the past.
        const inwoners = new Map(seed.inwoners.map((i) => [i.id, i]))
        const behoeften = new Map(seed.behoeften.map((b) => [b.id, b]))
        const jeugd = seed.toewijzingen.filter((t) => JEUGD.includes(t.productcategorie))
        expect(jeugd.length).toBeGreaterThan(0)
        for (const t of jeugd) {
          const geboren = inwoners.get(behoeften.get(t.behoefteId)!.inwonerId)!.geboortedatum
          expect(leeftijdOp(geboren, peildatum)).toBeLessThan(18)
          expect(leeftijdOp(geboren, peildatum)).toBeGreaterThanOrEqual(3)
        }
      })
    }
  }

  for (const peildatum of ['2026-11-30', '2031-03-15']) {
    it(`on ${peildatum}: the registry's history runs up to that day, and Almelo's own contracts start before its plans`, () => {
      const register = generateAanbieders(40, peildatum)
      const aanmeldingen = [
        ...register.flatMap((a) => a.aanmeldingen),
        ...generateNieuweAanmeldingen(8, peildatum),
      ]
      const dagen = [
        ...register.flatMap((a) => a.contracten.map((c) => c.ingangsdatum)),
        ...register.flatMap((a) => a.contracten.flatMap((c) => c.besluiten.map((b) => b.op.slice(0, 10)))),
        ...aanmeldingen.flatMap((a) => a.besluiten.map((b) => b.op.slice(0, 10))),
      ]
      expect(dagen.filter((d) => d > peildatum)).toEqual([])
      // Years keep their distance to the day: five years on, the contracts are five years later.
      const jaar = Number(peildatum.slice(0, 4))
      expect(
        Math.min(...register.flatMap((a) => a.contracten.map((c) => Number(c.ingangsdatum.slice(0, 4))))),
      ).toBe(jaar - 7)
      const almelo = generateGemeente('0141', { inwoners: 60, peildatum }, register)
      expect(almelo.eigenContracten.length).toBeGreaterThan(0)
      const eerstePlan = almelo.plannen.map((p) => p.startdatum).sort()[0]
      for (const c of almelo.eigenContracten) expect(c.ingangsdatum <= eerstePlan).toBe(true)
    })
  }
})
