import { GraphQLError } from 'graphql'
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher'
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
import { gatewayContext, type GatewayContext } from './context'
import { GatewayMetrics, type FetchTarget } from './metrics'
import { DEFAULT_RATE_LIMIT, CallerRateLimiter, type RateLimitOptions } from './rate-limit'
import { DEFAULT_READINESS_INTERVAL_MS, GemeenteRegistry } from './registry'
import { DEFAULT_CIRCUIT, type CircuitOptions } from './routing/circuit-breaker'
import { GemeenteRouter } from './routing/gemeente-router'
import { currentRequestSignal } from '../shared/http/serve'
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
  log?: (line: string) => void
}

/**
 * Passes the caller's token, request id and purpose on with every fetch (R26), and the gateway's
 * own service token beside them: only a fetch from the gateway gets entities, raw figures or the
 * SDL (R27). Each fetch is timed, counted and traced with the subgraph and gemeente it goes to.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext & Record<string, unknown>> {
  /** A refusal with a GraphQL answer is relayed as that answer's errors (R25, see RelayedErrors). */
  override async errorFromResponse(response: FetcherResponse) {
    const body = await this.parseBody(response).catch(() => null)
    const errors = graphqlErrorsOf(body)
    if (errors) return new RelayedErrors(response.status, errors)
    return new GraphQLError(`${response.status}: ${response.statusText}`)
  }

  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource>[0],
    private readonly serviceToken: () => Promise<string>,
    private readonly target: FetchTarget,
    private readonly metrics: GatewayMetrics,
  ) {
    super(config)
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext & Record<string, unknown>>) {
    return this.metrics.fetch(this.target, options.request.operationName ?? undefined, () =>
      super.process(options),
    )
  }

  override async willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext & Record<string, unknown>>) {
    const headers = request.http?.headers
    if (!headers) return
    headers.set(GATEWAY_TOKEN_HEADER, await this.serviceToken())
    if (context.authorization) headers.set('authorization', context.authorization)
    if (context.requestId) headers.set('x-request-id', context.requestId)
    if (context.doel) headers.set('x-doel', context.doel)
  }
}

/** Every fetch ends at its time limit (R21) or when the caller has gone away (R24). */
const timeoutFetcher =
  (ms: number): Fetcher =>
  (url, init) =>
    fetch(url, {
      ...(init as RequestInit),
      // Stops at the time limit, and as soon as the gateway's own caller has gone away.
      signal: withCaller(AbortSignal.timeout(ms)),
    }) as unknown as ReturnType<Fetcher>

const withCaller = (timeout: AbortSignal) => {
  const caller = currentRequestSignal()
  return caller ? AbortSignal.any([timeout, caller]) : timeout
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

  const fetcher = timeoutFetcher(options.fetchTimeoutMs ?? 5_000)
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
  const remote = (url: string, target: FetchTarget) =>
    new SubgraphDataSource(
      { url, fetcher },
      () => gatewayToken(target.gemeente ? gemeenteIssuer(target.gemeente) : target.subgraph),
      target,
      metrics,
    )
  const instances = new Map(
    registry.all().map((i) => [i.code, remote(i.url, { subgraph: 'gemeente', gemeente: i.code })]),
  )
  const fixed: Record<string, string> = { catalogus: options.catalogusUrl, aanbieders: options.aanbiedersUrl }

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => {
      if (name === 'gemeente') {
        return new GemeenteRouter(
          registry,
          (code, fetch) => instances.get(code)!.process(fetch as never),
          (code, outcome) => metrics.notSent(code, outcome),
        )
      }
      if (!fixed[name]) throw new Error(`No URL configured for subgraph ${name}`)
      return remote(fixed[name], { subgraph: name })
    },
  })
  let supergraphLoaded = false
  const server = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskErrors(logger),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Signals are handled once per process (shared/http/shutdown), not once per server.
    stopOnTerminationSignals: false,
    plugins: [
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
        gemeenten: registry.all().map((g) => ({
          code: g.code,
          status: g.status,
          ...(g.reden ? { reden: g.reden } : {}),
          circuit: g.circuit,
        })),
      })),
    },
    async stop() {
      if (timer) clearInterval(timer)
      await server.stop()
      registry.close()
      await rateLimiter?.close()
    },
  }
}
