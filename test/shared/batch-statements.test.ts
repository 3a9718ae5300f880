import 'reflect-metadata'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { In, IsNull, Not, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm'
import { byKeys, type RowOrder } from '../../shared/db/loaders'
import { SqlCounter } from '../../shared/db/sql-counter'
import { Aanpak } from '../../subgraphs/gemeente/aanpak/aanpak.entity'
import { Declaratie, DeclaratieRegel } from '../../subgraphs/gemeente/declaratie/declaratie.entity'
import { Huishouden } from '../../subgraphs/gemeente/huishouden/huishouden.entity'
import {
  EigenAanmelding,
  EigenAanmeldingPerceel,
  EigenBesluit,
  EigenKwaliteitsbewijs,
} from '../../subgraphs/gemeente/inkoop/eigen-aanmelding.entity'
import { EigenContract, EigenContractperceel } from '../../subgraphs/gemeente/inkoop/eigen-inkoop.entity'
import { Inwoner } from '../../subgraphs/gemeente/inwoner/inwoner.entity'
import { Gespreksstap, Melding } from '../../subgraphs/gemeente/melding/melding.entity'
import { PlanBehoefte } from '../../subgraphs/gemeente/plan/behoefte.entity'
import { Evaluatie } from '../../subgraphs/gemeente/plan/evaluatie.entity'
import { Plan } from '../../subgraphs/gemeente/plan/plan.entity'
import { PlanVersie } from '../../subgraphs/gemeente/plan/plan-versie.entity'
import { Resultaat } from '../../subgraphs/gemeente/plan/resultaat.entity'
import { Toewijzing, ToewijzingModule } from '../../subgraphs/gemeente/toewijzing/toewijzing.entity'
import { dialects, seededGemeente } from '../harness/in-process'
import { openDatabase } from '../../shared/db/database'
import { generateAanbieders, generateNieuweAanmeldingen } from '../../shared/seed/aanbieders'
import { Aanbieder } from '../../subgraphs/aanbieders/aanbieder/aanbieder.entity'
import { AanmeldingGemeente } from '../../subgraphs/aanbieders/aanmelding/aanmelding-gemeente.entity'
import { AanmeldingModule } from '../../subgraphs/aanbieders/aanmelding/aanmelding-module.entity'
import { AanmeldingPerceel } from '../../subgraphs/aanbieders/aanmelding/aanmelding-perceel.entity'
import { Aanmelding } from '../../subgraphs/aanbieders/aanmelding/aanmelding.entity'
import { Kwaliteitsbewijs } from '../../subgraphs/aanbieders/aanmelding/kwaliteitsbewijs.entity'
import { Besluit } from '../../subgraphs/aanbieders/besluit/besluit.entity'
import { ContractGemeente } from '../../subgraphs/aanbieders/contract/contract-gemeente.entity'
import { ContractModule } from '../../subgraphs/aanbieders/contract/contract-module.entity'
import { Contract } from '../../subgraphs/aanbieders/contract/contract.entity'
import { Contractperceel } from '../../subgraphs/aanbieders/contract/contractperceel.entity'
import { Locatie } from '../../subgraphs/aanbieders/locatie/locatie.entity'
import { Waardering } from '../../subgraphs/aanbieders/register/registerbericht.entity'
import { seedAanbieders } from '../../subgraphs/aanbieders/seed/seed'
import { aanbiedersDatabase } from '../../subgraphs/aanbieders/server'
import { AanbiederWerkgebied } from '../../subgraphs/aanbieders/werkgebied/werkgebied.entity'

/** Almelo buys its own support needs, so its seed fills the own-procurement tables too. */
const ALMELO = '0141'

interface Shape {
  target: EntityTarget<ObjectLiteral>
  key: string
  /** Whether the rows are the gemeente's own (a `gemeenteCode` column). */
  owned: boolean
  order?: RowOrder<ObjectLiteral>
}

/** Every batch the gemeente's loaders send through `byKeys`. */
const SHAPES: Shape[] = [
  { target: Plan, key: 'id', owned: true },
  { target: Plan, key: 'huishoudenId', owned: true, order: { startdatum: 'ASC', id: 'ASC' } },
  { target: Plan, key: 'meldingId', owned: true },
  { target: PlanVersie, key: 'planId', owned: true, order: { versie: 'ASC' } },
  { target: PlanBehoefte, key: 'id', owned: true },
  { target: PlanBehoefte, key: 'planId', owned: true, order: { code: 'ASC', id: 'ASC' } },
  { target: Resultaat, key: 'id', owned: true },
  { target: Resultaat, key: 'behoefteId', owned: true, order: { streefdatum: 'ASC', id: 'ASC' } },
  { target: Evaluatie, key: 'resultaatId', owned: true, order: { datum: 'ASC', id: 'ASC' } },
  { target: Aanpak, key: 'resultaatId', owned: true, order: { vastgelegdOp: 'ASC', id: 'ASC' } },
  { target: Aanpak, key: 'toewijzingId', owned: true, order: { vastgelegdOp: 'ASC', id: 'ASC' } },
  { target: Declaratie, key: 'toewijzingId', owned: true, order: { periode: 'ASC' } },
  { target: DeclaratieRegel, key: 'declaratieId', owned: false, order: { moduleCode: 'ASC', id: 'ASC' } },
  { target: Huishouden, key: 'id', owned: true },
  { target: Inwoner, key: 'id', owned: true },
  { target: Inwoner, key: 'huishoudenId', owned: true, order: { geboortedatum: 'ASC', id: 'ASC' } },
  { target: Melding, key: 'id', owned: true },
  { target: Gespreksstap, key: 'meldingId', owned: true, order: { datum: 'ASC', id: 'ASC' } },
  { target: Toewijzing, key: 'id', owned: true },
  { target: Toewijzing, key: 'vervangtToewijzingId', owned: true },
  { target: Toewijzing, key: 'planId', owned: true, order: { toewijzingNummer: 'ASC' } },
  { target: ToewijzingModule, key: 'toewijzingId', owned: false, order: { moduleCode: 'ASC' } },
  { target: EigenAanmelding, key: 'id', owned: true },
  { target: EigenContract, key: 'id', owned: true },
  { target: EigenContract, key: 'aanmeldingId', owned: true },
  {
    target: EigenAanmeldingPerceel,
    key: 'aanmeldingId',
    owned: false,
    order: { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
  },
  {
    target: EigenContractperceel,
    key: 'contractId',
    owned: false,
    order: { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
  },
  {
    target: EigenKwaliteitsbewijs,
    key: 'aanmeldingId',
    owned: false,
    order: { soort: 'ASC', vastgelegdOp: 'ASC', id: 'ASC' },
  },
  { target: EigenBesluit, key: 'aanmeldingId', owned: false, order: { id: 'ASC' } },
  { target: EigenBesluit, key: 'contractId', owned: false, order: { id: 'ASC' } },
]

const nameOf = (shape: Shape) => `${shape.target instanceof Function ? shape.target.name : ''}.${shape.key}`

describe.each(dialects('batch_statements'))('byKeys on $naam', ({ url }) => {
  let db: DataSource
  const counter = new SqlCounter()
  beforeAll(async () => {
    db = await seededGemeente(await url(), counter, ALMELO, 60)
  })
  afterAll(async () => {
    await db?.destroy()
  })

  it('answers every loader batch with the entities find answers, in its order', async () => {
    // What the seed leaves empty (approaches, claims, own applications) gets rows
    // of every column type these entities map: text, dates, numbers, lists and nulls.
    await expectFindsAnswers(db, SHAPES, { gemeenteCode: ALMELO })
  })

  it('sends one statement per batch of any size, and none for no keys', async () => {
    const load = byKeys(db, Plan, 'huishoudenId', { gemeenteCode: ALMELO }, { startdatum: 'ASC' })
    const households = (await db.getRepository(Huishouden).find({ take: 5 })).map((h) => h.id)
    expect(households.length).toBe(5)
    for (const keys of [households.slice(0, 1), households, []]) {
      const before = counter.count
      await load(keys)
      expect(counter.count - before).toBe(keys.length ? 1 : 0)
    }
  })

  it('refuses what it cannot load as find would', async () => {
    await expect(byKeys(db, Plan, 'bestaatNiet' as never)(['x' as never])).rejects.toThrow(
      /Plan has no column bestaatNiet/,
    )
    expect(() => byKeys(db, Plan, 'id', { gemeenteCode: null as never })).toThrow(/null or undefined/)
    // A subscriber that changes what is loaded: find would call it, byKeys cannot.
    const subscriber = { listenTo: () => Plan, afterLoad: () => {} }
    db.subscribers.push(subscriber)
    try {
      await expect(byKeys(db, Plan, 'meldingId', {}, { id: 'DESC' })(['x'])).rejects.toThrow(
        /Plan is not loaded as find would load it/,
      )
    } finally {
      db.subscribers.splice(db.subscribers.indexOf(subscriber), 1)
    }
  })
})

describe.each(dialects('batch_statements_register'))('byKeys in the registry on $naam', ({ url }) => {
  let db: DataSource | undefined
  afterAll(async () => {
    await db?.destroy()
  })

  it('answers every loader batch with the entities find answers, in its order', async () => {
    db = await openDatabase({ url: await url(), sqlitePath: ':memory:', ...aanbiedersDatabase })
    await seedAanbieders(
      db,
      generateAanbieders(30, '2026-10-01'),
      generateNieuweAanmeldingen(6, '2026-10-01'),
    )
    await expectFindsAnswers(db, REGISTER_SHAPES, {})
  })
})

/** Every batch the registry's loaders send through `byKeys`. */
const REGISTER_SHAPES: Shape[] = [
  { target: Aanbieder, key: 'id', owned: false },
  { target: Locatie, key: 'agbCode', owned: false, order: { naam: 'ASC', id: 'ASC' } },
  { target: AanbiederWerkgebied, key: 'agbCode', owned: false, order: { gemeenteCode: 'ASC' } },
  { target: Contract, key: 'agbCode', owned: false, order: { ingangsdatum: 'ASC', id: 'ASC' } },
  { target: Contract, key: 'aanmeldingId', owned: false },
  { target: Aanmelding, key: 'id', owned: false },
  {
    target: AanmeldingPerceel,
    key: 'aanmeldingId',
    owned: false,
    order: { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
  },
  { target: AanmeldingModule, key: 'aanmeldingId', owned: false, order: { moduleCode: 'ASC' } },
  { target: AanmeldingGemeente, key: 'aanmeldingId', owned: false, order: { gemeenteCode: 'ASC' } },
  {
    target: Kwaliteitsbewijs,
    key: 'aanmeldingId',
    owned: false,
    order: { soort: 'ASC', vastgelegdOp: 'ASC', id: 'ASC' },
  },
  { target: Besluit, key: 'aanmeldingId', owned: false, order: { op: 'ASC', id: 'ASC' } },
  { target: Besluit, key: 'contractId', owned: false, order: { op: 'ASC', id: 'ASC' } },
  {
    target: Contractperceel,
    key: 'contractId',
    owned: false,
    order: { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
  },
  { target: ContractModule, key: 'contractId', owned: false, order: { moduleCode: 'ASC' } },
  { target: ContractGemeente, key: 'contractId', owned: false, order: { gemeenteCode: 'ASC' } },
  { target: Waardering, key: 'agbCode', owned: false, order: { datum: 'DESC', id: 'ASC' } },
]

/**
 * For each shape: every key value in its table (some twice; a loader never asks twice, the SQL
 * may) and one with no row, through `byKeys` and through `find`: the same entities, of the same
 * class, in the same order within each key. A shape's own rows (`owned`) are filtered by `owner`'s gemeente, and
 * another gemeente's code finds none of them. A table with no row for a shape gets some first.
 */
async function expectFindsAnswers(db: DataSource, shapes: Shape[], owner: { gemeenteCode?: string }) {
  for (const shape of shapes) await fillWhenEmpty(db, shape, owner.gemeenteCode)
  for (const shape of shapes) {
    const repository = db.getRepository(shape.target)
    const all = await repository.find()
    const keys = [...new Set(all.map((row) => row[shape.key] as unknown).filter((k) => k != null))]
    expect(keys.length, `${nameOf(shape)}: rows to compare`).toBeGreaterThan(0)
    const asked = [...keys, ...keys.slice(0, 2), 'geen-rij']
    const equal = shape.owned ? owner : {}
    const ours = await byKeys(db, shape.target, shape.key, equal, shape.order)(asked)
    const theirs = await repository.find({ where: { ...equal, [shape.key]: In(asked) }, order: shape.order })
    // Per key: the same entities of the same class, and the same sequence of the values sorted
    // by. An order is only sure within a key (a loader groups by it), and among ties not even
    // there, so the entities themselves are compared in primary-key order.
    const primary = (row: ObjectLiteral) => JSON.stringify(repository.metadata.getEntityIdMap(row))
    const sortedBy = Object.keys(shape.order ?? {})
    const perKey = (rows: ObjectLiteral[]) => {
      const groups = new Map<string, ObjectLiteral[]>()
      for (const row of rows) {
        const group = groups.get(String(row[shape.key])) ?? []
        groups.set(String(row[shape.key]), [...group, row])
      }
      return [...groups]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, group]) => ({
          key: k,
          sequence: group.map((row) => sortedBy.map((property) => row[property] as unknown)),
          entities: [...group].sort((a, b) => primary(a).localeCompare(primary(b))),
        }))
    }
    expect(perKey(ours), nameOf(shape)).toStrictEqual(perKey(theirs))
    expect(ours.length, nameOf(shape)).toBe(all.filter((row) => row[shape.key] != null).length)
    if (shape.owned)
      expect(await byKeys(db, shape.target, shape.key, { gemeenteCode: '0153' })(asked)).toEqual([])
  }
}

/**
 * Four rows in a table with none for this shape's key, from its metadata: a unique `id`, each `…Id` shared by two rows
 * (so a batch finds groups), every second nullable column null, the rest varied per row.
 */
async function fillWhenEmpty(db: DataSource, shape: Shape, gemeenteCode = ALMELO) {
  const repository = db.getRepository(shape.target)
  if ((await repository.countBy({ [shape.key]: Not(IsNull()) })) > 0) return
  const columns = repository.metadata.columns.filter((c) => !c.isVirtual && !c.isGenerated)
  const rows = [0, 1, 2, 3].map((i) => {
    const row: Record<string, unknown> = {}
    let references = 0
    for (const column of columns) {
      const name = column.propertyName
      if (column.isNullable && i % 2 === 1) row[name] = null
      else if (name === 'gemeenteCode') row[name] = gemeenteCode
      else if (name === 'id') row[name] = `id-${i}`
      // Two references pair up four ways, for a table unique on both.
      else if (name.endsWith('Id')) row[name] = `k${references++ === 0 ? i % 2 : Math.floor(i / 2)}`
      else if (column.type === 'date') row[name] = `2026-0${4 - i}-1${i}`
      else if (column.type === 'int') row[name] = 10 + (i % 3)
      else if (column.type === 'simple-array') row[name] = ['M1', `M${i}`]
      else row[name] = `${name}${i}`.slice(-Number(column.length || 20))
    }
    return row
  })
  await repository.insert(rows)
}
