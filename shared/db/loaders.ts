import DataLoader from 'dataloader'

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
