import 'reflect-metadata'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { In, IsNull, Not, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm'
import { byKeys, type RowOrder } from '../../shared/db/loaders'
import { createLoaders as registryLoaders } from '../../subgraphs/aanbieders/context'
import { createLoaders as gemeenteLoaders } from '../../subgraphs/gemeente/context'
import { Huishouden } from '../../subgraphs/gemeente/huishouden/huishouden.entity'
import { Plan } from '../../subgraphs/gemeente/plan/plan.entity'
import { SqlCounter } from '../../shared/db/sql-counter'
import { dialects, seededGemeente } from '../harness/in-process'
import { openDatabase } from '../../shared/db/database'
import { generateAanbieders, generateNieuweAanmeldingen } from '../../shared/seed/aanbieders'
import { seedAanbieders } from '../../subgraphs/aanbieders/seed/seed'
import { aanbiedersDatabase } from '../../subgraphs/aanbieders/server'

/** Almelo buys its own support needs, so its seed fills the own-procurement tables too. */
const ALMELO = '0141'

interface Shape {
  target: EntityTarget<ObjectLiteral>
  key: string
  /** Whether the rows are the gemeente's own (a `gemeenteCode` column). */
  owned: boolean
  order?: RowOrder<ObjectLiteral>
}

/**
 * Every `byKeys` call as the loaders make it, with the line that made it: the shapes compared
 * below are the ones a request's loaders build, so a new loader is compared without anyone
 * listing it here.
 */
const made = vi.hoisted(
  () => [] as { target: unknown; key: string; equal: object; order?: object; site: string }[],
)
vi.mock('../../shared/db/loaders', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../shared/db/loaders')>()
  const recording: typeof actual.byKeys = (db, target, key, equal, order) => {
    // The caller's frame, `file:line` of the source (vitest maps the stack to it).
    const frame = new Error().stack?.split('\n')[2] ?? ''
    const [, file, line] = /\(?([^()\s]+\.ts):(\d+):\d+\)?$/.exec(frame) ?? []
    made.push({
      target,
      key,
      equal: equal ?? {},
      order,
      site: `${relative(process.cwd(), file ?? '')}:${line}`,
    })
    return actual.byKeys(db, target, key, equal, order)
  }
  return { ...actual, byKeys: recording }
})

/** The shapes of the batches `build` makes its loaders with, and the lines that make them. */
function shapesOf(build: () => unknown): { shapes: Shape[]; sites: string[] } {
  made.length = 0
  build()
  const shapes = made.map(({ target, key, equal, order }) => ({
    target: target as EntityTarget<ObjectLiteral>,
    key,
    owned: 'gemeenteCode' in equal,
    order: order as RowOrder<ObjectLiteral> | undefined,
  }))
  const sites = [...new Set(made.map((m) => m.site))].sort()
  made.length = 0
  return { shapes, sites }
}

/**
 * Every line of a subgraph's code that calls `byKeys`: each must be one the loaders run, or its
 * batches would go unchecked here (a call in a resolver, say).
 */
function callSitesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        // A comment that names it calls nothing.
        .flatMap((text, i) =>
          /\bbyKeys\(/.test(text) && !/^\s*(\/\/|\*|\/\*)/.test(text) ? [`${join(dir, file)}:${i + 1}`] : [],
        ),
    )
    .sort()
}

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
    const { shapes, sites } = shapesOf(() => gemeenteLoaders(db, ALMELO))
    expect(sites).toEqual(callSitesIn('subgraphs/gemeente'))
    // What the seed leaves empty (approaches, claims, own applications) gets rows
    // of every column type these entities map: text, dates, numbers, lists and nulls.
    await expectFindsAnswers(db, shapes, { gemeenteCode: ALMELO })
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
    const { shapes, sites } = shapesOf(() => registryLoaders(db!))
    expect(sites).toEqual(callSitesIn('subgraphs/aanbieders'))
    await expectFindsAnswers(db, shapes, {})
  })
})

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
