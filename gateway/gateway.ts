import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import type { Fetcher } from '@apollo/utils.fetcher'
import type { AuthConfig } from '../shared/auth/identity'
import { maskErrors } from '../shared/errors'
import { gatewayContext, type GatewayContext } from './context'
import { GemeenteRegistry } from './registry'
import { GemeenteRouter } from './routing/gemeente-router'
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
  auth: AuthConfig
  /** Time limit of one fetch to one subgraph instance, so that one slow gemeente cannot hold a response. */
  fetchTimeoutMs?: number
  /** How often to check the instances' schemas again; 0 checks only at start. */
  schemaCheckIntervalMs?: number
  log?: (line: string) => void
}

/** Passes the caller's identity and the request id on with every fetch. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext & Record<string, unknown>> {
  override willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext & Record<string, unknown>>) {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization)
    if (context.requestId) request.http?.headers.set('x-request-id', context.requestId)
    if (context.doel) request.http?.headers.set('x-doel', context.doel)
  }
}

const timeoutFetcher =
  (ms: number): Fetcher =>
  (url, init) =>
    fetch(url, {
      ...(init as RequestInit),
      signal: AbortSignal.timeout(ms),
    }) as unknown as ReturnType<Fetcher>

/**
 * Builds the gateway: Apollo Gateway on the composed supergraph, with the gemeente subgraph
 * routed per gemeente. Nothing listens yet; the caller decides where.
 */
export async function createGateway(options: GatewayOptions) {
  const log = options.log ?? ((line: string) => console.log(`[gateway] ${line}`))
  const problems = gemeenteSchemaProblems(options.gemeenteSdl)
  if (problems.length)
    throw new Error(`The gemeente subgraph cannot be routed:\n  - ${problems.join('\n  - ')}`)

  const fetcher = timeoutFetcher(options.fetchTimeoutMs ?? 5_000)
  const remote = (url: string) => new SubgraphDataSource({ url, fetcher })
  const registry = new GemeenteRegistry(options.gemeenteUrls)
  const instances = new Map(registry.all().map((i) => [i.code, remote(i.url)]))
  const fixed: Record<string, string> = { catalogus: options.catalogusUrl, aanbieders: options.aanbiedersUrl }

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => {
      if (name === 'gemeente') {
        return new GemeenteRouter(registry, (code, fetch) => instances.get(code)!.process(fetch as never))
      }
      if (!fixed[name]) throw new Error(`No URL configured for subgraph ${name}`)
      return remote(fixed[name])
    },
  })
  const server = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskErrors(),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Signals are handled once per process (shared/http/shutdown), not once per server.
    stopOnTerminationSignals: false,
  })

  const checkTimeout = Math.min(options.fetchTimeoutMs ?? 5_000, 5_000)
  await registry.check(options.gemeenteSdl, checkTimeout, log)
  const timer =
    options.schemaCheckIntervalMs && options.schemaCheckIntervalMs > 0
      ? setInterval(
          () => void registry.check(options.gemeenteSdl, checkTimeout, log),
          options.schemaCheckIntervalMs,
        )
      : null
  timer?.unref()

  return {
    server,
    registry,
    context: gatewayContext(options.auth),
    async stop() {
      if (timer) clearInterval(timer)
      await server.stop()
    },
  }
}
