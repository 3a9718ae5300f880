import { createHash } from 'node:crypto'
import { Redis } from 'ioredis'
import { DATA_VERSION_HEADER, DATA_VERSION_PATH } from '../../shared/db/data-version'
import { pollJson } from '../subgraph-client'

/** How long the gateway keeps a regional entity, and where. */
export interface EntityCacheOptions {
  /** Time to live of one entity answer; changes are seen sooner through the data version (R29). */
  ttlMs: number
  /** How often the gateway asks each regional subgraph for its data version. */
  versionPollMs: number
  /** Redis shared by every gateway replica; in this process's memory without it. */
  redisUrl?: string
  /** Most entries kept in memory. */
  maxEntries?: number
}

export const DEFAULT_ENTITY_CACHE: EntityCacheOptions = { ttlMs: 60_000, versionPollMs: 1_000 }

interface Store {
  get(namespace: string, keys: string[]): Promise<(string | null)[]>
  set(namespace: string, entries: [string, string][], ttlMs: number): Promise<void>
  /** The namespaces of a subgraph other than its current one will not be asked for again. */
  retire(subgraph: string, current: string): void
  close(): Promise<void>
}

/** Entries by namespace (`subgraph:version`), so that a new version drops the old one at once. */
class MemoryStore implements Store {
  private readonly spaces = new Map<string, Map<string, { value: string; until: number }>>()
  private size = 0
  constructor(private readonly maxEntries: number) {}

  async get(namespace: string, keys: string[]) {
    const space = this.spaces.get(namespace)
    const now = Date.now()
    return keys.map((key) => {
      const entry = space?.get(key)
      return entry && entry.until > now ? entry.value : null
    })
  }

  async set(namespace: string, entries: [string, string][], ttlMs: number) {
    let space = this.spaces.get(namespace)
    if (!space) this.spaces.set(namespace, (space = new Map()))
    const until = Date.now() + ttlMs
    for (const [key, value] of entries) {
      if (this.size >= this.maxEntries) this.evictOne()
      if (!space.has(key)) this.size += 1
      space.set(key, { value, until })
    }
  }

  retire(subgraph: string, current: string) {
    for (const [namespace, space] of this.spaces) {
      if (namespace.startsWith(`${subgraph}:`) && namespace !== current) {
        this.size -= space.size
        this.spaces.delete(namespace)
      }
    }
  }

  private evictOne() {
    for (const space of this.spaces.values()) {
      const oldest = space.keys().next()
      if (!oldest.done) {
        space.delete(oldest.value)
        this.size -= 1
        return
      }
    }
  }

  async close() {
    this.spaces.clear()
    this.size = 0
  }
}

/**
 * Entries in Redis, shared by every gateway replica. The version is part of every key, so a
 * change needs no deletion: the old keys are no longer asked for and expire with their TTL.
 * Redis unreachable: every look-up is a miss and nothing is stored, so the gateway fetches.
 */
class RedisStore implements Store {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(namespace: string, keys: string[]) {
    if (this.redis.status !== 'ready') return keys.map(() => null)
    return this.redis
      .mget(keys.map((k) => `${this.prefix}:${namespace}:${k}`))
      .catch(() => keys.map(() => null))
  }

  async set(namespace: string, entries: [string, string][], ttlMs: number) {
    if (this.redis.status !== 'ready' || entries.length === 0) return
    const pipeline = this.redis.pipeline()
    for (const [key, value] of entries) pipeline.set(`${this.prefix}:${namespace}:${key}`, value, 'PX', ttlMs)
    await pipeline.exec().catch(() => undefined)
  }

  retire() {}

  async close() {
    await this.redis.quit().catch(() => this.redis.disconnect())
  }
}

/** What a cached `_entities` fetch found: the answers it has, and the positions still to fetch. */
export interface Lookup {
  /**
   * The entity at each position, parsed afresh for this request and this position: Apollo merges
   * into them, so no two requests, and no two positions with the same representation, share one.
   */
  entities: (Record<string, unknown> | null)[]
  missing: number[]
  /** Stores the answers fetched for the missing positions, read at `version`. */
  store(answers: unknown[], version: string | null | undefined): Promise<void>
}

/**
 * The gateway's cache of regional entities (R28): the answers of `_entities` fetches to the
 * catalogue and the registry whose whole selection is public (PUBLIC_FIELDS), one entry per
 * representation, keyed by the composed schema, the subgraph's data version, the fetch's query
 * and other variables, and the representation. It is never asked for a gemeente instance's
 * entities or for a selection with a field that depends on the caller; the data source decides
 * that, from the fetch's shape.
 *
 * Invalidation (R29): every answer of a regional subgraph names its data version
 * (x-gegevensversie), and the gateway polls it every `versionPollMs`. A new version retires the
 * old entries; an unknown version (the subgraph did not answer the poll) bypasses the cache.
 */
export class EntityCache {
  private readonly versions = new Map<string, string>()
  /**
   * Per subgraph, the newest version seen and the processes it replaced: kept when a poll fails
   * (which only stops using the cache), so that an older answer never counts as news.
   */
  private readonly seen = new Map<string, { newest: string; replaced: Set<string> }>()
  private readonly timer: NodeJS.Timeout
  private constructor(
    private readonly store: Store,
    private readonly options: EntityCacheOptions,
    private readonly schemaHash: string,
    private readonly urls: Record<string, string>,
    private readonly count: (subgraph: string, result: 'hit' | 'miss', n: number) => void,
  ) {
    this.timer = setInterval(() => void this.poll(), options.versionPollMs)
    this.timer.unref()
  }

  static async create(
    options: EntityCacheOptions,
    context: {
      schemaHash: string
      /** The regional subgraphs by name, with their URLs. */
      urls: Record<string, string>
      count: (subgraph: string, result: 'hit' | 'miss', n: number) => void
      log: (line: string) => void
    },
  ): Promise<EntityCache> {
    let store: Store
    if (options.redisUrl) {
      const redis = new Redis(options.redisUrl, {
        enableOfflineQueue: false,
        lazyConnect: true,
        maxRetriesPerRequest: 1,
      })
      redis.on('error', (err) => context.log(`Redis for the entity cache: ${err.message}`))
      await redis
        .connect()
        .catch((err) => context.log(`Redis for the entity cache not reachable, fetching: ${err.message}`))
      store = new RedisStore(redis, 'twents:entiteiten')
    } else {
      store = new MemoryStore(options.maxEntries ?? 20_000)
    }
    const cache = new EntityCache(store, options, context.schemaHash, context.urls, context.count)
    await cache.poll()
    return cache
  }

  /**
   * Takes note of the version a subgraph's answer or poll names; a newer one retires the old
   * entries. An older one is ignored: an answer read before a write can arrive after the answer
   * that names the write (a slow read, a poll that overlapped), and going back to its version
   * would have that read's answer stored and served again.
   */
  observe(subgraph: string, version: string | null | undefined) {
    if (!version) return
    const seen = this.seen.get(subgraph)
    if (seen && seen.newest !== version) {
      const order = compareVersions(version, seen.newest)
      // Older: from before the newest, or from a process a restart replaced.
      if (order === 'older' || seen.replaced.has(processOf(version))) return
      if (order === 'restart') {
        if (seen.replaced.size >= MAX_REPLACED) seen.replaced.clear()
        seen.replaced.add(processOf(seen.newest))
      }
      seen.newest = version
    } else if (!seen) this.seen.set(subgraph, { newest: version, replaced: new Set() })
    if (this.versions.get(subgraph) === version) return
    this.versions.set(subgraph, version)
    this.store.retire(subgraph, this.namespace(subgraph, version))
  }

  /** The version the gateway knows now, or undefined: then the cache is not used. */
  version(subgraph: string): string | undefined {
    return this.versions.get(subgraph)
  }

  /**
   * Looks up each representation of an `_entities` fetch. `rest` is the fetch's query and its
   * variables other than the representations, as one string.
   */
  async lookup(subgraph: string, rest: string, representations: unknown[]): Promise<Lookup | null> {
    const found = await this.find(subgraph, rest, representations)
    if (!found) return null
    const { version, namespace, keys, at, texts } = found
    const missing: number[] = []
    const entities = at.map((key, i) => {
      const text = texts[key]
      if (text === null) missing.push(i)
      return text === null ? null : (JSON.parse(text) as Record<string, unknown>)
    })
    this.count(subgraph, 'hit', at.length - missing.length)
    this.count(subgraph, 'miss', missing.length)
    return {
      entities,
      missing,
      store: async (answers, answeredAt) => {
        // Kept only when nothing changed since the gateway asked (see DataVersion).
        if (answeredAt !== version || this.versions.get(subgraph) !== version) return
        const entries: [string, string][] = []
        answers.forEach((answer, i) => {
          if (answer !== null && answer !== undefined)
            entries.push([keys[at[missing[i]]], JSON.stringify(answer)])
        })
        await this.store.set(namespace, entries, this.options.ttlMs)
      },
    }
  }

  /**
   * The entity of every representation, or null when one is not cached (R36). Nothing is
   * counted: the caller counts the hits (`countHits`) once it answers with them, for when it does
   * not, the fetch that follows looks them up again. Read-only: the same representation twice
   * (one provider for many allocations) is looked up and parsed once, and both positions hold
   * that one object.
   */
  async whole(
    subgraph: string,
    rest: string,
    representations: unknown[],
  ): Promise<Record<string, unknown>[] | null> {
    const found = await this.find(subgraph, rest, representations)
    if (!found || found.texts.some((text) => text === null)) return null
    const entities = found.texts.map((text) => this.parsedOnce(text!))
    return found.at.map((key) => entities[key])
  }

  /**
   * An entry's text parsed once for every `whole` read of it: the same provider on every page of
   * plans costs a look-up, not a JSON.parse. Shared by the requests that read it (public data
   * only, R28), so frozen: no reader can change what another reads. `lookup` parses afresh, for
   * Apollo merges into what it is given. Keyed by the text, so a changed entry is another key.
   */
  private parsedOnce(text: string): Record<string, unknown> {
    const kept = this.parsed.get(text)
    if (kept !== undefined) {
      // Least recently read goes first: read again, it moves to the end.
      this.parsed.delete(text)
      this.parsed.set(text, kept)
      return kept
    }
    const entity = deepFreeze(JSON.parse(text) as Record<string, unknown>)
    if (text.length > MAX_PARSED_ENTRY_CHARS) return entity
    this.parsedChars += text.length
    this.parsed.set(text, entity)
    for (const oldest of this.parsed.keys()) {
      if (this.parsedChars <= MAX_PARSED_CHARS) break
      this.parsed.delete(oldest)
      this.parsedChars -= oldest.length
    }
    return entity
  }
  private readonly parsed = new Map<string, Record<string, unknown>>()
  private parsedChars = 0

  countHits(subgraph: string, n: number) {
    this.count(subgraph, 'hit', n)
  }

  /**
   * The stored text of each distinct representation (`keys`, `texts`), and for each
   * representation the index of its key (`at`): one provider for many allocations is asked once.
   */
  private async find(subgraph: string, rest: string, representations: unknown[]) {
    const version = this.versions.get(subgraph)
    if (!version) return null
    const namespace = this.namespace(subgraph, version)
    const prefix = this.restKey(rest)
    const index = new Map<string, number>()
    const at = representations.map((r) => {
      const key = entryKey(prefix, r)
      let i = index.get(key)
      if (i === undefined) index.set(key, (i = index.size))
      return i
    })
    const keys = [...index.keys()]
    return { version, namespace, keys, at, texts: await this.store.get(namespace, keys) }
  }

  /**
   * A short stand-in for a fetch's query and other variables in the keys: hashed once per text,
   * not once per representation (the gateway sends the same few fetch texts again and again).
   */
  private restKey(rest: string): string {
    let key = this.restKeys.get(rest)
    if (key) return key
    key = createHash('sha1').update(rest).digest('base64url')
    if (this.restKeys.size >= 1_000) this.restKeys.clear()
    this.restKeys.set(rest, key)
    return key
  }
  private readonly restKeys = new Map<string, string>()

  private namespace(subgraph: string, version: string) {
    return `${subgraph}:${this.schemaHash}:${version}`
  }

  /** Asks every regional subgraph for its version; one that does not answer is bypassed. */
  async poll() {
    await Promise.all(
      Object.entries(this.urls).map(async ([subgraph, url]) => {
        try {
          const { status, body } = await pollJson(new URL(DATA_VERSION_PATH, url), 1_000)
          const versie = (body as { versie?: unknown }).versie
          if (status !== 200 || typeof versie !== 'string') throw new Error(`HTTP ${status}`)
          this.observe(subgraph, versie)
        } catch {
          this.versions.delete(subgraph)
        }
      }),
    )
  }

  async close() {
    clearInterval(this.timer)
    await this.store.close()
  }
}

/** The process part of a version as DataVersion names it (`<process>.<writes>`). */
const processOf = (version: string) => /^(.+)\.\d+$/.exec(version)?.[1] ?? version

/**
 * How `version` stands to `known`, both as DataVersion names them (`<process>.<writes>`): within
 * one process by its count of writes; another process is a restart; a version of another form
 * has no order to read and counts as newer.
 */
function compareVersions(version: string, known: string): 'newer' | 'older' | 'restart' {
  const [a, b] = [/^(.+)\.(\d+)$/.exec(version), /^(.+)\.(\d+)$/.exec(known)]
  if (!a || !b) return 'newer'
  if (a[1] !== b[1]) return 'restart'
  return Number(a[2]) > Number(b[2]) ? 'newer' : 'older'
}

/** Processes replaced by a restart kept per subgraph; restarts are rare, this only bounds them. */
const MAX_REPLACED = 100

/**
 * Parsed entries kept for `whole` reads, bounded by the characters of their texts (the objects
 * take a few times that): a provider's entry is a few hundred. A larger entry is parsed each time.
 */
const MAX_PARSED_CHARS = 2 * 1024 * 1024
const MAX_PARSED_ENTRY_CHARS = 16 * 1024

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/** An entry's key within its namespace: the fetch (see `restKey`) and the representation. */
const entryKey = (prefix: string, representation: unknown) => `${prefix}:${JSON.stringify(representation)}`

export { DATA_VERSION_HEADER }
