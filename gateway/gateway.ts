import { GraphQLError, parse } from 'graphql'
import { createHash } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import { ApolloGateway, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { GATEWAY_TOKEN_HEADER } from '../shared/auth/caller'
import { serviceTokenSource, type AuthConfig } from '../shared/auth/identity'
import { gemeenteIssuer } from '../shared/auth/issuers'
import { healthRoutes } from '../shared/http/health'
import { jwksRoute } from '../shared/http/routes'
import { webRoutes } from '../shared/http/web'
import { maskErrors } from '../shared/errors'
import { createLogger } from '../shared/log'
import { observeService } from '../shared/observability/service'
import { DEFAULT_LIMITS, operationLimitsPlugin, type OperationLimits } from '../shared/graphql/limits'
import { apolloDefaultsOff } from '../shared/graphql/apollo-defaults-off'
import { gatewayContext, type GatewayContext } from './context'
import { GatewayMetrics, type FetchTarget } from './metrics'
import { DEFAULT_RATE_LIMIT, CallerRateLimiter, type RateLimitOptions } from './rate-limit'
import { DEFAULT_READINESS_INTERVAL_MS, GemeenteRegistry, publicReason } from './registry'
import { DEFAULT_CIRCUIT, type CircuitOptions } from './routing/circuit-breaker'
import { asksRegionalCatalogueOnly, GemeenteRouter } from './routing/gemeente-router'
import { SingleFetchPath } from './routing/single-fetch'
import { DATA_VERSION_HEADER } from '../shared/db/data-version'
import { ACCESS_LOG_HEADER, SHAREABLE_READ_HEADER, SHARED_READ_PATH } from '../shared/http/shared-reads'
import { DEFAULT_ENTITY_CACHE, EntityCache, type EntityCacheOptions } from './sharing/entity-cache'
import { InFlightFetches } from './sharing/in-flight'
import { SharedExecutions } from './sharing/shared-executions'
import { aroundExecutor } from './executor'
import { FetchShapes } from './sharing/public-fields'
import { SubgraphClient, type SubgraphAnswer } from './subgraph-client'
import { graphqlErrorsOf, RelayedErrors } from './routing/relayed-errors'
import { gemeenteSchemaProblems } from './routing/schema-rules'

export interface GatewayOptions {
  /** The composed supergraph (gateway/schema/supergraph.graphql). */
  supergraphSdl: string
  /** The gemeente subgraph's SDL as composed, to check each instance against. */
  gemeenteSdl: string
  catalogusUrl: string
  aanbiedersUrl: string
  /** Gemeente CBS code to the URL of its instance. Gemeenten not listed are reported unavailable. */
  gemeenteUrls: Record<string, string>
  /** Token settings, with the region's signing key for the gateway's own service token. */
  auth: AuthConfig
  /** Time limit of one fetch to one subgraph instance, so that one slow gemeente cannot hold a response. */
  fetchTimeoutMs?: number
  /** When a gemeente that keeps timing out or refusing is short-circuited, and for how long. */
  circuit?: CircuitOptions
  /** How often to check the instances' schemas again; 0 checks only at start. */
  schemaCheckIntervalMs?: number
  /** How often to ask each instance's readiness (GET /health/ready); 2000 ms when absent. */
  readinessIntervalMs?: number
  /** Operation limits; DEFAULT_LIMITS when absent, none when false (to measure what they cost). */
  limits?: OperationLimits | false
  /** Requests per caller; DEFAULT_RATE_LIMIT (in memory) when absent, none when false. */
  rateLimit?: RateLimitOptions | false
  /**
   * The cache of public regional entities (R28, R29); DEFAULT_ENTITY_CACHE (in memory) when
   * absent, in Redis with `redisUrl`; none when false.
   */
  entityCache?: Partial<EntityCacheOptions> | false
  log?: (line: string) => void
}

type FetchOptions = GraphQLDataSourceProcessOptions<GatewayContext & Record<string, unknown>>

/** What a data source needs besides its URL. */
interface DataSourceDeps {
  target: FetchTarget
  timeoutMs: number
  serviceToken: () => Promise<string>
  metrics: GatewayMetrics
  /** The cache of regional entities (R28), for the catalogue and the registry; null for a gemeente. */
  cache: EntityCache | null
  /** Identical requests sharing one execution (R35): whose reads a gemeente's answer is too. */
  executions: SharedExecutions
}

/**
 * Who a caller is, for de-duplication (R30): subject, role, organisation (gemeente, AGB code),
 * BSN and name (what an instance logs), and the stated purpose. Two requests share a fetch whose
 * answer depends on the caller only when all of these are equal.
 */
function callerKey(context: GatewayContext): string {
  const i = context.identity
  const who = i ? [i.sub, i.rol, i.gemeente ?? '', i.agbCode ?? '', i.bsn ?? '', i.naam].join('\u0001') : ''
  return `${who}\u0002${context.doel ?? ''}`
}

/**
 * The data source of one subgraph instance. Passes the caller's token, request id and purpose on
 * with every fetch (R26), and the gateway's own service token beside them: only a fetch from the
 * gateway gets entities, raw figures or the SDL (R27). Each fetch is timed, counted and traced
 * with the subgraph and gemeente it goes to. Before it sends, it answers public regional entities
 * from the cache (R28) and joins an identical fetch already in flight (R30, R31).
 */
class SubgraphDataSource implements GraphQLDataSource<GatewayContext & Record<string, unknown>> {
  private readonly client: SubgraphClient
  private readonly shapes: FetchShapes
  private readonly inFlight: InFlightFetches

  constructor(
    url: string,
    private readonly deps: DataSourceDeps,
  ) {
    this.client = new SubgraphClient(url, deps.timeoutMs)
    this.shapes = new FetchShapes(deps.target.subgraph)
    this.inFlight = new InFlightFetches(() => deps.metrics.joined(deps.target))
  }

  process(options: FetchOptions): Promise<GatewayGraphQLResponse> {
    const query = options.request.query
    if (!query) return Promise.reject(new Error('Missing query'))
    const shape = this.shapes.of(query)
    // R30: a mutation is never shared; it is sent as it is.
    if (shape.mutation)
      return this.fetch(options, options.request.variables ?? {}, false, options.context.signal)
    if (shape.public && shape.entities && this.deps.cache) return this.cached(options, this.deps.cache)
    return this.shared(options, options.request.variables ?? {}, shape.public)
  }

  close() {
    return this.client.close()
  }

  /** Whether every field this fetch selects is public (PUBLIC_FIELDS): its answer is the same for anyone. */
  answersAlike(query: string): boolean {
    return this.shapes.of(query).public
  }

  /** Whether the cache answers this fetch (R28): public regional entities. */
  answersFromCache(query: string): boolean {
    const shape = this.shapes.of(query)
    return !!this.deps.cache && shape.public && shape.entities
  }

  /** R36: the cached entity of every representation of this fetch, or null when one is not cached. */
  cachedWhole(query: string, variables: Record<string, unknown>, representations: Record<string, unknown>[]) {
    if (!this.answersFromCache(query)) return Promise.resolve(null)
    return this.deps.cache!.whole(this.deps.target.subgraph, cacheRest(query, variables), representations)
  }

  /**
   * Implements R28: an `_entities` fetch of public regional entities takes what the cache holds
   * and sends only the representations it lacks; their answers are kept when the fetch had no
   * errors and the subgraph's data did not change meanwhile (R29).
   */
  private async cached(options: FetchOptions, cache: EntityCache): Promise<GatewayGraphQLResponse> {
    const { representations, ...rest } = (options.request.variables ?? {}) as { representations?: unknown[] }
    if (!Array.isArray(representations)) return this.shared(options, options.request.variables ?? {}, true)
    const subgraph = this.deps.target.subgraph
    const lookup = await cache.lookup(subgraph, cacheRest(options.request.query!, rest), representations)
    if (!lookup) return this.shared(options, options.request.variables ?? {}, true)
    if (lookup.missing.length === 0) return { data: { _entities: lookup.entities } }
    const variables = { ...rest, representations: lookup.missing.map((i) => representations[i]) }
    const response = await this.shared(options, variables, true)
    const answers = ((response.data?._entities as unknown[] | undefined) ?? []).slice()
    if (!response.errors?.length) lookup.store(answers, response.http?.headers.get(DATA_VERSION_HEADER))
    const _entities = lookup.entities
    lookup.missing.forEach(
      (position, i) => (_entities[position] = (answers[i] as Record<string, unknown>) ?? null),
    )
    const errors = response.errors?.map((error) =>
      error.path?.[0] === '_entities' && typeof error.path[1] === 'number'
        ? {
            ...error,
            path: ['_entities', lookup.missing[error.path[1]] ?? error.path[1], ...error.path.slice(2)],
          }
        : error,
    )
    return errors?.length
      ? { data: { _entities }, errors, http: response.http }
      : { data: { _entities }, http: response.http }
  }

  /**
   * Implements R30: joins an identical fetch in flight, or sends this one for all that join it.
   * Identical: this instance, the same query and variables, and (unless every field is public)
   * the same caller and purpose.
   */
  private async shared(
    options: FetchOptions,
    variables: Record<string, unknown>,
    isPublic: boolean,
  ): Promise<GatewayGraphQLResponse> {
    const asked = `${options.request.query}\u0000${JSON.stringify(variables)}`
    const key = isPublic ? asked : `${asked}\u0000${callerKey(options.context as GatewayContext)}`
    const response = await this.inFlight.run(
      key,
      options.context.requestId ?? '',
      (signal) => this.fetch(options, variables, true, signal),
      (response, requestIds) => this.release(response, requestIds),
      options.context.signal,
    )
    // R35: the requests that joined this request's execution read this answer too. They wait for
    // the instance to log that; this request does not.
    const joined = this.deps.target.gemeente
      ? this.deps.executions.joinedRequests(options.context)
      : undefined
    if (joined) {
      const requestIds = joined.forAnswer()
      if (requestIds.length) joined.confirm(this.release(response, requestIds).catch(() => false))
    }
    return response
  }

  /**
   * Implements R31: the requests that joined a gemeente's fetch get its answer only once the
   * instance has logged the read for each of them, under its own request id. An instance that
   * logged nothing says so (`geen`); one that does not answer the header, or no longer holds the
   * entries, is not trusted: each joined request then sends its own fetch.
   */
  private async release(response: GatewayGraphQLResponse, requestIds: string[]): Promise<boolean> {
    if (!this.deps.target.gemeente) return true
    const reference = response.http?.headers.get(ACCESS_LOG_HEADER)
    if (reference === 'geen') return true
    if (!reference) return false
    const answer = await this.client.send('POST', SHARED_READ_PATH, null, {
      [GATEWAY_TOKEN_HEADER]: await this.deps.serviceToken(),
      [ACCESS_LOG_HEADER]: reference,
      'x-request-ids': requestIds.join(','),
    })
    return answer.status === 200
  }

  /**
   * Sends one fetch: timed, counted and traced (gateway/metrics.ts), through the pool; it stops
   * when `signal` aborts (R24).
   */
  private fetch(
    options: FetchOptions,
    variables: Record<string, unknown>,
    shareable: boolean,
    signal: AbortSignal | undefined,
  ): Promise<GatewayGraphQLResponse> {
    const { request, context } = options
    return this.deps.metrics.fetch(this.deps.target, request.operationName ?? undefined, async () => {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        [GATEWAY_TOKEN_HEADER]: await this.deps.serviceToken(),
      }
      if (context.authorization) headers.authorization = context.authorization
      if (context.requestId) headers['x-request-id'] = context.requestId
      if (context.doel) headers['x-doel'] = context.doel
      if (shareable && this.deps.target.gemeente) headers[SHAREABLE_READ_HEADER] = '1'
      const body = JSON.stringify({ query: request.query, operationName: request.operationName, variables })
      const answer = await this.client.post(body, headers, signal)
      this.deps.cache?.observe(this.deps.target.subgraph, answer.headers.get(DATA_VERSION_HEADER))
      if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(answer)
      if (typeof answer.body !== 'object' || answer.body === null || Array.isArray(answer.body))
        throw new Error(`Expected JSON response body, but received: ${String(answer.body).slice(0, 100)}`)
      // The gateway and the router read the headers with `get` only.
      return { ...(answer.body as GatewayGraphQLResponse), http: { headers: answer.headers as never } }
    })
  }
}

/**
 * An `_entities` fetch's query and its variables other than the representations, as the cache
 * keys them (R28): one function, so that R36's look-ups find what Apollo's fetches stored.
 */
const cacheRest = (query: string, rest: Record<string, unknown>) => `${query}\u0000${JSON.stringify(rest)}`

/** A refusal with a GraphQL answer is relayed as that answer's errors (R25, see RelayedErrors). */
function errorFromAnswer(answer: SubgraphAnswer): Error {
  const errors = graphqlErrorsOf(answer.body)
  if (errors) return new RelayedErrors(answer.status, errors)
  return new GraphQLError(`${answer.status}: ${STATUS_CODES[answer.status] ?? ''}`)
}

/** Who the gateway is when it calls a subgraph as itself. */
const GATEWAY_IDENTITY = { sub: 'gateway', naam: 'Gateway regio Twente', rol: 'GATEWAY' } as const

/**
 * Builds the gateway: Apollo Gateway on the composed supergraph (R1), with the gemeente subgraph
 * routed per gemeente by the rules of docs/routing.md; a gemeente schema that breaks R2, R3 or R4
 * stops it here. Nothing listens yet; the caller decides where.
 */
export async function createGateway(options: GatewayOptions) {
  const logger = createLogger('gateway')
  const log = options.log ?? ((line: string) => logger.info(line))
  const problems = gemeenteSchemaProblems(options.gemeenteSdl)
  if (problems.length)
    throw new Error(`The gemeente subgraph cannot be routed:\n  - ${problems.join('\n  - ')}`)

  // R27: one token per target, each naming it as audience, so a service cannot pass the gateway's on.
  const tokens = new Map<string, () => Promise<string>>()
  const gatewayToken = (audience: string) => {
    let source = tokens.get(audience)
    if (!source) tokens.set(audience, (source = serviceTokenSource(GATEWAY_IDENTITY, options.auth, audience)))
    return source()
  }
  const registry = new GemeenteRegistry(options.gemeenteUrls, {
    circuit: options.circuit ?? DEFAULT_CIRCUIT,
    log,
    gemeenteSdl: options.gemeenteSdl,
  })
  const observed = observeService({ service: 'gateway' })
  const metrics = new GatewayMetrics(observed.metrics.registry, registry)
  const fixed: Record<string, string> = { catalogus: options.catalogusUrl, aanbieders: options.aanbiedersUrl }
  const cache =
    options.entityCache === false
      ? null
      : await EntityCache.create(
          { ...DEFAULT_ENTITY_CACHE, ...options.entityCache },
          {
            schemaHash: createHash('sha1').update(options.supergraphSdl).digest('base64url').slice(0, 12),
            urls: fixed,
            count: (subgraph, result, n) => metrics.cached(subgraph, result, n),
            log,
          },
        )
  const executions = new SharedExecutions(
    (requestContext) => {
      const { queryHash, request, context } = requestContext
      let variables: string
      try {
        variables = JSON.stringify(request.variables ?? {})
      } catch {
        // Nested deeper than the stack: not shared. Execution reads only the declared variables
        // and refuses such a value as bad input, if one is declared.
        return null
      }
      return `${queryHash}\u0000${request.operationName ?? ''}\u0000${variables}\u0000${callerKey(context as GatewayContext)}`
    },
    (requestContext) => (requestContext.context as GatewayContext).requestId,
    () => metrics.joinedRequest(),
  )
  const sources: SubgraphDataSource[] = []
  const remote = (url: string, target: FetchTarget) => {
    const source = new SubgraphDataSource(url, {
      target,
      timeoutMs: options.fetchTimeoutMs ?? 5_000,
      serviceToken: () => gatewayToken(target.gemeente ? gemeenteIssuer(target.gemeente) : target.subgraph),
      metrics,
      cache: target.gemeente ? null : cache,
      executions,
    })
    sources.push(source)
    return source
  }
  const instances = new Map(
    registry.all().map((i) => [i.code, remote(i.url, { subgraph: 'gemeente', gemeente: i.code })]),
  )

  // The catalogue's and the registry's data sources, for R36 to read their cached entities.
  const regional = new Map<string, SubgraphDataSource>()
  const singleFetch = new SingleFetchPath(
    (result) => metrics.singleFetched(result),
    cache && {
      answers: (fetch) => regional.get(fetch.serviceName)?.answersFromCache(fetch.operation) ?? false,
      whole: (fetch, variables, representations) =>
        regional.get(fetch.serviceName)?.cachedWhole(fetch.operation, variables, representations) ??
        Promise.resolve(null),
      hits: (fetch, n) => cache.countHits(fetch.serviceName, n),
    },
    // R38: what is the same for anyone; judged once per plan.
    (fetch) =>
      fetch.serviceName === 'gemeente'
        ? asksRegionalCatalogueOnly(fetch.operationDocumentNode ?? parse(fetch.operation))
        : (regional.get(fetch.serviceName)?.answersAlike(fetch.operation) ?? false),
    (result) => metrics.fetchedAhead(result),
  )
  // Apollo Gateway reports usage figures to Apollo's servers (on stop and every hour), having first
  // asked the cloud's metadata addresses where it runs, unless told not to ('true' or '1'). A
  // gemeente's gateway tells no one outside the federation anything: off unless set to 'false'.
  if (process.env.APOLLO_TELEMETRY_DISABLED !== 'false') process.env.APOLLO_TELEMETRY_DISABLED = 'true'
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => {
      if (name === 'gemeente') {
        return singleFetch.source(
          new GemeenteRouter(
            registry,
            (code, fetch) => instances.get(code)!.process(fetch as never),
            (code, outcome) => metrics.notSent(code, outcome),
          ),
        )
      }
      if (!fixed[name]) throw new Error(`No URL configured for subgraph ${name}`)
      const source = remote(fixed[name], { subgraph: name })
      regional.set(name, source)
      return singleFetch.source(source)
    },
    experimental_didResolveQueryPlan: singleFetch.didResolveQueryPlan,
  })
  let supergraphLoaded = false
  const server = new ApolloServer<GatewayContext>({
    // R35 in front of R34 in front of Apollo Gateway; a new schema's plans are judged anew.
    gateway: aroundExecutor(
      gateway,
      (apollo) => executions.wrap(singleFetch.wrap(apollo)),
      () => singleFetch.forget(),
    ),
    formatError: maskErrors(logger),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Signals are handled once per process (shared/http/shutdown), not once per server.
    stopOnTerminationSignals: false,
    plugins: [
      ...apolloDefaultsOff(),
      ...(options.limits === false
        ? []
        : [operationLimitsPlugin<GatewayContext>(options.limits ?? DEFAULT_LIMITS)]),
      // Apollo starts plugins once the gateway has loaded the supergraph: from then on it can serve.
      { serverWillStart: async () => void (supergraphLoaded = true) },
      ...observed.plugins<GatewayContext>(),
    ],
  })
  observed.adopt(server)
  const rateLimiter =
    options.rateLimit === false
      ? null
      : await CallerRateLimiter.create({ log, ...(options.rateLimit ?? DEFAULT_RATE_LIMIT) })

  const instanceToken = (code: string) => gatewayToken(gemeenteIssuer(code))
  const checkTimeout = Math.min(options.fetchTimeoutMs ?? 5_000, 5_000)
  const check = () =>
    registry.check(options.gemeenteSdl, { timeoutMs: checkTimeout, token: instanceToken }, log)
  await Promise.all([check(), registry.pollReadiness(checkTimeout)])
  registry.watch({
    intervalMs: options.readinessIntervalMs ?? DEFAULT_READINESS_INTERVAL_MS,
    timeoutMs: checkTimeout,
    token: instanceToken,
    expectedSdl: options.gemeenteSdl,
  })
  const timer =
    options.schemaCheckIntervalMs && options.schemaCheckIntervalMs > 0
      ? setInterval(() => void check(), options.schemaCheckIntervalMs)
      : null
  timer?.unref()

  return {
    server,
    registry,
    context: gatewayContext(
      options.auth,
      rateLimiter
        ? (identity, address) =>
            rateLimiter.consume(identity, address).catch((err: unknown) => {
              metrics.countRefusal(identity !== null, err)
              throw err
            })
        : undefined,
    ),
    /** The region's public key, for the services that trust the gateway by URL; health; metrics. */
    routes: {
      ...jwksRoute(options.auth),
      ...webRoutes(),
      ...observed.routes,
      ...healthRoutes('gateway', async () => ({
        // Ready with the supergraph loaded: a gemeente that is down costs only its own part.
        ready: supergraphLoaded,
        gemeenten: registry.all().map((g) => {
          const reden = publicReason(g)
          return { code: g.code, status: g.status, ...(reden ? { reden } : {}), circuit: g.circuit }
        }),
      })),
    },
    async stop() {
      if (timer) clearInterval(timer)
      await server.stop()
      registry.close()
      await rateLimiter?.close()
      await cache?.close()
      await Promise.all(sources.map((source) => source.close()))
    },
  }
}
