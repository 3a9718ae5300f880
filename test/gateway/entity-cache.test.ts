import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EntityCache } from '../../gateway/sharing/entity-cache'
import { TEST_REDIS_URL, WITH_REDIS } from '../harness/stack'

/** A stand-in regional subgraph that answers only its data version. */
let version = 'p1.0'
const server = createServer((_req, res) => {
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify({ versie: version }))
})
let url = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
})
afterAll(() => server.close())

const counted: string[] = []
const create = (redisUrl?: string) =>
  EntityCache.create(
    { ttlMs: 60_000, versionPollMs: 60_000, redisUrl },
    {
      schemaHash: `test-${process.pid}-${Date.now()}`,
      urls: { aanbieders: url },
      count: (subgraph, result, n) => void (n && counted.push(`${subgraph} ${result} ${n}`)),
      log: () => {},
    },
  )

const QUERY =
  'query Q($representations: [_Any!]!) { _entities(representations: $representations) { ... on Aanbieder { naam } } }'
const reps = [
  { __typename: 'Aanbieder', agbCode: '1' },
  { __typename: 'Aanbieder', agbCode: '2' },
]

describe.each<{ where: string; redisUrl?: string }>([
  { where: 'in memory' },
  ...(WITH_REDIS ? [{ where: 'in Redis', redisUrl: TEST_REDIS_URL }] : []),
])('the cache of regional entities $where (R28, R29)', ({ redisUrl }) => {
  it('answers what it kept, each time as a fresh object, and only under the version it was read at', async () => {
    version = `p1.${Date.now()}`
    const cache = await create(redisUrl)
    const first = (await cache.lookup('aanbieders', QUERY, reps))!
    expect(first.missing).toEqual([0, 1])
    first.store([{ naam: 'Een' }, { naam: 'Twee' }], version)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const second = (await cache.lookup('aanbieders', QUERY, reps))!
    expect(second).toMatchObject({ entities: [{ naam: 'Een' }, { naam: 'Twee' }], missing: [] })
    const third = (await cache.lookup('aanbieders', QUERY, reps))!
    expect(third.entities[0]).not.toBe(second.entities[0])
    // Another query or representation is another entry.
    expect((await cache.lookup('aanbieders', `${QUERY} `, reps))!.missing).toEqual([0, 1])

    // A write at the subgraph: the new version is seen in an answer (or the poll), the old entries are gone.
    cache.observe('aanbieders', `${version}+1`)
    const afterChange = (await cache.lookup('aanbieders', QUERY, reps))!
    expect(afterChange.missing).toEqual([0, 1])
    // An answer read under the old version is not kept under the new one.
    afterChange.store([{ naam: 'Oud' }, { naam: 'Oud' }], version)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect((await cache.lookup('aanbieders', QUERY, reps))!.missing).toEqual([0, 1])
    await cache.close()
  })

  it('reads a whole fetch once per distinct representation, or not at all when one is missing (R36)', async () => {
    version = `p3.${Date.now()}`
    const cache = await create(redisUrl)
    ;(await cache.lookup('aanbieders', QUERY, reps))!.store([{ naam: 'Een' }, { naam: 'Twee' }], version)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const whole = (await cache.whole('aanbieders', QUERY, [reps[1], reps[0], reps[1]]))!
    expect(whole).toEqual([{ naam: 'Twee' }, { naam: 'Een' }, { naam: 'Twee' }])
    // One provider for many allocations: one object, read and never changed by R36.
    expect(whole[2]).toBe(whole[0])
    // For Apollo, which merges into them, each position gets an object of its own.
    const twice = (await cache.lookup('aanbieders', QUERY, [reps[0], reps[0]]))!
    expect(twice).toMatchObject({ entities: [{ naam: 'Een' }, { naam: 'Een' }], missing: [] })
    expect(twice.entities[1]).not.toBe(twice.entities[0])
    expect(
      await cache.whole('aanbieders', QUERY, [reps[0], { __typename: 'Aanbieder', agbCode: '3' }]),
    ).toBeNull()
    await cache.close()
  })

  it('parses an entry once for every whole read of it, frozen, and a changed entry anew (R36)', async () => {
    version = `p5.${Date.now()}`
    const cache = await create(redisUrl)
    ;(await cache.lookup('aanbieders', QUERY, reps))!.store(
      [{ naam: 'Een', werkgebied: [{ code: '0153' }] }, { naam: 'Twee' }],
      version,
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    const [een] = (await cache.whole('aanbieders', QUERY, reps))!
    const [weer] = (await cache.whole('aanbieders', QUERY, reps))!
    expect(weer).toBe(een)
    // Shared by every request that reads it: no one can change it for another.
    expect(() => ((een as { naam: string }).naam = 'Anders')).toThrow(TypeError)
    expect(() => (een.werkgebied as { code: string }[]).push({ code: '0141' })).toThrow(TypeError)
    expect(een).toEqual({ naam: 'Een', werkgebied: [{ code: '0153' }] })
    // Apollo's look-up still gets an object of its own, which it may merge into.
    const [voorApollo] = (await cache.lookup('aanbieders', QUERY, reps))!.entities
    expect(voorApollo).not.toBe(een)
    expect(Object.isFrozen(voorApollo)).toBe(false)
    // A write at the registry: the entry read anew is another object, with the new text.
    cache.observe('aanbieders', `${version}+1`)
    ;(await cache.lookup('aanbieders', QUERY, reps))!.store(
      [{ naam: 'Een BV' }, { naam: 'Twee' }],
      `${version}+1`,
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    const [nieuw] = (await cache.whole('aanbieders', QUERY, reps))!
    expect(nieuw).toEqual({ naam: 'Een BV' })
    // An entry beyond 16 KiB is parsed for each read, not kept twice.
    const groot = { naam: 'Groot', omschrijving: 'x'.repeat(20_000) }
    cache.observe('aanbieders', `${version}+2`)
    ;(await cache.lookup('aanbieders', QUERY, reps))!.store([groot, { naam: 'Twee' }], `${version}+2`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const [a, twee] = (await cache.whole('aanbieders', QUERY, reps))!
    const [b, tweeWeer] = (await cache.whole('aanbieders', QUERY, reps))!
    expect(a).toEqual(groot)
    expect(b).not.toBe(a)
    expect(tweeWeer).toBe(twee)
    await cache.close()
  })

  it('asks once for a representation given twice, stores each answer under its own, and counts per position', async () => {
    version = `p4.${Date.now()}`
    const cache = await create(redisUrl)
    const [a, b] = reps
    counted.length = 0
    const first = (await cache.lookup('aanbieders', QUERY, [a, a, b]))!
    expect(first.missing).toEqual([0, 1, 2])
    await first.store([{ naam: 'Een' }, { naam: 'Een' }, { naam: 'Twee' }], version)
    const second = (await cache.lookup('aanbieders', QUERY, [b, a, a]))!
    expect(second).toMatchObject({
      entities: [{ naam: 'Twee' }, { naam: 'Een' }, { naam: 'Een' }],
      missing: [],
    })
    expect(counted).toEqual(['aanbieders miss 3', 'aanbieders hit 3'])
    await cache.close()
  })

  it('keeps the newer version when an answer read before a write arrives after it', async () => {
    const process = `p${Date.now()}`
    version = `${process}.1`
    const cache = await create(redisUrl)
    // A slow read starts at version 1; a mutation's answer names version 2; then the slow answer
    // arrives, stamped with version 1, the version the read asked at.
    const slow = (await cache.lookup('aanbieders', QUERY, reps))!
    cache.observe('aanbieders', `${process}.2`)
    cache.observe('aanbieders', `${process}.1`)
    expect(cache.version('aanbieders')).toBe(`${process}.2`)
    slow.store([{ naam: 'Oude naam' }, { naam: 'Twee' }], `${process}.1`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect((await cache.lookup('aanbieders', QUERY, reps))!.missing).toEqual([0, 1])
    // A count past 9 is a number, not text; a restarted process (another id) is taken as it comes.
    cache.observe('aanbieders', `${process}.10`)
    expect(cache.version('aanbieders')).toBe(`${process}.10`)
    // A poll that fails stops the cache, but forgets nothing: an older version is still old.
    version = 7 as unknown as string
    await cache.poll()
    version = `${process}.10`
    expect(cache.version('aanbieders')).toBeUndefined()
    cache.observe('aanbieders', `${process}.2`)
    expect(cache.version('aanbieders')).toBeUndefined()
    cache.observe('aanbieders', `${process}.10`)
    expect(cache.version('aanbieders')).toBe(`${process}.10`)
    // A restarted process (another id) is taken as it comes; a late answer of the one it
    // replaced is not.
    const restarted = `q${process}.0`
    cache.observe('aanbieders', restarted)
    expect(cache.version('aanbieders')).toBe(restarted)
    cache.observe('aanbieders', `${process}.11`)
    expect(cache.version('aanbieders')).toBe(restarted)
    await cache.close()
  })

  it('is not used while the subgraph’s version is unknown', async () => {
    const cache = await create(redisUrl)
    expect(await cache.lookup('catalogus', QUERY, reps)).toBeNull()
    server.close()
    await cache.poll()
    expect(await cache.lookup('aanbieders', QUERY, reps)).toBeNull()
    await new Promise<void>((resolve) => server.listen(Number(new URL(url).port), '127.0.0.1', resolve))
    await cache.poll()
    expect(await cache.lookup('aanbieders', QUERY, reps)).not.toBeNull()
    await cache.close()
  })
})

describe.runIf(WITH_REDIS)('the cache in Redis', () => {
  it('is shared by two gateway replicas', async () => {
    version = `p2.${Date.now()}`
    // Both replicas share the schema hash when they load the same supergraph.
    const shared = await EntityCache.create(
      { ttlMs: 60_000, versionPollMs: 60_000, redisUrl: TEST_REDIS_URL },
      { schemaHash: 'gedeeld', urls: { aanbieders: url }, count: () => {}, log: () => {} },
    )
    const other = await EntityCache.create(
      { ttlMs: 60_000, versionPollMs: 60_000, redisUrl: TEST_REDIS_URL },
      { schemaHash: 'gedeeld', urls: { aanbieders: url }, count: () => {}, log: () => {} },
    )
    const key = `${QUERY}${version}`
    ;(await shared.lookup('aanbieders', key, reps))!.store([{ naam: 'Een' }, { naam: 'Twee' }], version)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect((await other.lookup('aanbieders', key, reps))!.entities).toEqual([
      { naam: 'Een' },
      { naam: 'Twee' },
    ])
    for (const cache of [shared, other]) await cache.close()
  })
})
