import DataLoader from 'dataloader'
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm'
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js'
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js'

/**
 * A loader for rows found by a unique key. The batch function gets every key of one tick and
 * must return the rows in any order; the loader answers one value per key, in key order, with
 * null for a key that has no row.
 */
export function uniqueLoader<K extends string | number, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys)
    const byKey = new Map(rows.map((row) => [keyOf(row), row] as const))
    return keys.map((key) => byKey.get(key) ?? null)
  })
}

/** A loader for the rows that belong to a parent key (one-to-many): an empty list when none. */
export function groupedLoader<K extends string | number, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys)
    const groups = new Map<K, V[]>()
    for (const row of rows) {
      const key = keyOf(row)
      const group = groups.get(key)
      if (group) group.push(row)
      else groups.set(key, [row])
    }
    return keys.map((key) => groups.get(key) ?? [])
  })
}

/** The sort of a batch's rows, by entity property (as in TypeORM's `find` options). */
export type RowOrder<E> = Partial<Record<keyof E & string, 'ASC' | 'DESC'>>

/** One batch statement's fixed parts, built once per entity and shape. */
interface BatchStatement {
  metadata: EntityMetadata
  /** Every column the entity maps, as `find` hydrates it. */
  columns: ColumnMetadata[]
  /** `SELECT … WHERE fixed = ? AND … AND key IN (` */
  head: string
  /** `) ORDER BY …` */
  tail: string
}

/** Per entity (its metadata belongs to one data source), per shape. */
const statements = new WeakMap<EntityMetadata, Map<string, BatchStatement>>()

/** The dialects whose drivers take `?` placeholders, in order, for `DataSource.query`. */
const QUESTION_MARK_DRIVERS = new Set(['mysql', 'mariadb', 'better-sqlite3', 'sqlite'])

/**
 * A loader's batch function: the rows of `target` whose `key` is one of the batch's keys and whose
 * `equal` properties have those values, sorted by `order`. It answers the same entities as
 * `repository.find({ where: { ...equal, [key]: In(keys) }, order })`, which is the shape of
 * nearly every DataLoader here, at a fraction of its CPU: `find` builds its statement anew on
 * every call (find options to a query builder, to SQL, with its parameters named and renamed),
 * and on a page of plans that building was about a tenth of a gemeente instance's CPU. This
 * builds the statement's text once per entity and shape from TypeORM's own metadata, and
 * hydrates each row the way `find` does: a new entity object (`metadata.create`), every mapped
 * column converted by the driver (`prepareHydratedValue`: dates, lists, JSON, transformers).
 *
 * What `find` does besides, byKeys does not do, so an entity that needs it is refused when its
 * statement is built (on the first batch): relations loaded eagerly, relation ids,
 * after-load listeners or subscribers, a discriminator, a soft-delete column, a default order,
 * virtual or spatial columns, a transformer on a column it filters by; so is a driver of another
 * dialect. A null `equal` value is refused too (find refuses it unless told otherwise).
 */
export function byKeys<E extends ObjectLiteral, K extends keyof E & string>(
  db: DataSource,
  target: EntityTarget<E>,
  key: K,
  equal: Partial<Record<keyof E & string, string | number>> = {},
  order: RowOrder<E> = {},
): (keys: readonly E[K][]) => Promise<E[]> {
  const fixed = Object.keys(equal) as (keyof E & string)[]
  const values = fixed.map((name) => equal[name])
  if (values.some((value) => value === null || value === undefined))
    throw new Error(`byKeys: a null or undefined value for ${fixed.join(', ')}`)
  // Found on the first batch: a request builds every loader and uses a handful of them.
  let statement: BatchStatement | undefined
  return async (keys) => {
    if (keys.length === 0) return []
    const built = (statement ??= batchStatement(db, target, key, fixed, order))
    const sql = `${built.head}?${', ?'.repeat(keys.length - 1)}${built.tail}`
    const rows = (await db.query(sql, [...values, ...keys])) as Record<string, unknown>[]
    return rows.map((row) => hydrate(db, built, row))
  }
}

function batchStatement<E extends ObjectLiteral>(
  db: DataSource,
  target: EntityTarget<E>,
  key: string,
  fixed: string[],
  order: RowOrder<E>,
): BatchStatement {
  const metadata = db.getMetadata(target)
  const shape = `${key}\u0000${fixed.join(',')}\u0000${JSON.stringify(order)}`
  let known = statements.get(metadata)
  if (!known) statements.set(metadata, (known = new Map()))
  const cached = known.get(shape)
  if (cached) return cached

  if (!QUESTION_MARK_DRIVERS.has(db.options.type))
    throw new Error(`byKeys: no statement for the ${db.options.type} driver`)
  const { driver } = db
  // Any subscriber's afterLoad, whatever it listens to (TypeORM also matches parent classes).
  const afterLoad = db.subscribers.some((subscriber) => subscriber.afterLoad)
  // As `find` hydrates: every column with a property of its own, unless it is never selected.
  const columns = metadata.columns.filter((column) => !column.isVirtual && column.isSelect)
  const special = columns.some(
    (c) => c.isVirtualProperty || driver.spatialTypes.includes(c.type) || c.type === 'jsonb',
  )
  if (
    metadata.eagerRelations.length ||
    metadata.relationIds.length ||
    metadata.afterLoadListeners.length ||
    afterLoad ||
    metadata.discriminatorColumn ||
    metadata.deleteDateColumn ||
    (metadata.orderBy && Object.keys(order).length === 0) ||
    special
  )
    throw new Error(`byKeys: ${metadata.name} is not loaded as find would load it`)
  const columnOf = (property: string, filtered: boolean) => {
    const column = metadata.findColumnWithPropertyPath(property)
    if (!column) throw new Error(`byKeys: ${metadata.name} has no column ${property}`)
    // find turns a value through the transformer before it compares; this statement would not.
    if (filtered && column.transformer)
      throw new Error(`byKeys: ${metadata.name}.${property} has a transformer`)
    return driver.escape(column.databaseName)
  }
  const table = metadata.tablePath
    .split('.')
    .map((part) => driver.escape(part))
    .join('.')
  const where = [...fixed.map((property) => `${columnOf(property, true)} = ?`), `${columnOf(key, true)} IN (`]
  const sorted = Object.entries(order).map(
    ([property, direction]) => `${columnOf(property, false)} ${direction}`,
  )
  const statement: BatchStatement = {
    metadata,
    columns,
    head: `SELECT ${columns.map((c) => driver.escape(c.databaseName)).join(', ')} FROM ${table} WHERE ${where.join(' AND ')}`,
    tail: sorted.length ? `) ORDER BY ${sorted.join(', ')}` : ')',
  }
  known.set(shape, statement)
  return statement
}

function hydrate<E extends ObjectLiteral>(
  db: DataSource,
  statement: BatchStatement,
  row: Record<string, unknown>,
): E {
  const entity = statement.metadata.create(undefined, { fromDeserializer: true }) as E
  for (const column of statement.columns) {
    const value = row[column.databaseName]
    if (value !== undefined) column.setEntityValue(entity, db.driver.prepareHydratedValue(value, column))
  }
  return entity
}
