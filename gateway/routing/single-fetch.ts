import type {
  Experimental_DidResolveQueryPlanCallback,
  GraphQLDataSource,
  GraphQLDataSourceProcessOptions,
} from '@apollo/gateway'
// The package root re-exports this enum in a way Node's ESM loader cannot see; its own module can.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js'
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface'
import { parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql'
import { getVariableValues } from 'graphql/execution/values.js'
import {
  cachedEntitiesPlan,
  entitiesAt,
  NO_FIT,
  shapeObject,
  type CachedEntitiesPlan,
  type FetchNode,
} from './cached-entities'
import { fragmentsOf, operationOf } from './operation'
import { fitsObject, responseFields, type Field } from './response-fields'

type Context = Record<string, unknown>
type ProcessOptions = GraphQLDataSourceProcessOptions<Context>

/** How the gateway answers a query without Apollo executing it. */
type Judged =
  /** R34: one fetch that asks exactly what the client asked; `fields` to check each answer against. */
  | { kind: 'fetch'; fetch: FetchNode; source: GraphQLDataSource<Context>; fields: Field[] }
  /** R36: one fetch, then entities the cache holds. */
  | ({ kind: 'entities'; source: GraphQLDataSource<Context> } & CachedEntitiesPlan)

/** How a request went: answered on this path, or shaped by Apollo. */
export type SingleFetchResult = 'direct' | 'shaped'

/** What Apollo gets to shape after all: the answer this path fetched, or how the fetch failed. */
type Fetched = { fetch: FetchNode } & ({ response: GatewayGraphQLResponse } | { error: unknown })

/**
 * The entity cache as R36 reads it: whether it answers an entity fetch at all (a regional
 * subgraph, public fields only), and the entities of a fetch when it holds every one of them.
 */
export interface CachedEntities {
  answers(fetch: FetchNode): boolean
  whole(
    fetch: FetchNode,
    variables: Record<string, unknown>,
    representations: Record<string, unknown>[],
  ): Promise<Record<string, unknown>[] | null>
  /** Counts `n` entities of this fetch's subgraph as cache hits. */
  hits(fetch: FetchNode, n: number): void
}

/** Plans judged per query text and operation name; a client sending ever new texts cannot grow this past it. */
const MAX_JUDGED = 2_000

/**
 * Implements R34 and R36: a query the gateway answers from one fetch without Apollo Gateway
 * executing it.
 *
 * R34: a query whose plan is a single fetch that selects exactly what the client selected (same
 * fields, aliases, arguments and order; no directive, fragment on another type or abstract type
 * anywhere) gets that fetch's data as its response when the answer is what Apollo Gateway would
 * make of it: no errors and no extensions, every object with exactly the asked keys in the asked
 * order, no null where the API schema forbids one, and every leaf value one Apollo accepts for
 * its type. Apollo would walk the answer against the operation (computeResponse) and give back
 * the same data; that walk, and planning the operation again on every request, is most of the
 * gateway's own work for such a query.
 *
 * R36: a query whose plan is one fetch and then entity fetches the entity cache answers (R28:
 * provider names, catalogue modules) gets its response read from the fetch's data and the cached
 * entities, field by field as the client asked them (see `cachedEntitiesPlan`), when every
 * entity is in the cache and the data fits as above. Apollo would merge each entity into the
 * data and then walk it; the path reads each value once.
 *
 * Anything else, any answer that fails the check, any entity not cached and any fetch that fails
 * is executed by Apollo Gateway as before, with the answer (or failure) already fetched handed to
 * it instead of a second fetch: the instance sees one fetch, and logs one read (NEN 7513),
 * whichever way the request goes.
 *
 * The plan is learned from Apollo's own planning: the first request of a query goes through
 * Apollo, which plans it and tells `didResolveQueryPlan`; the requests after it take this path.
 */
export class SingleFetchPath {
  private readonly judged = new Map<string, Judged | null>()
  /** Answers fetched on this path that Apollo is to shape after all, per request. */
  private readonly fetched = new WeakMap<object, Fetched>()

  constructor(
    private readonly counted: (result: SingleFetchResult) => void = () => {},
    private readonly cache: CachedEntities | null = null,
  ) {}

  /** For ApolloGateway's `experimental_didResolveQueryPlan`: judges each plan once. */
  readonly didResolveQueryPlan: Experimental_DidResolveQueryPlanCallback = (options) => {
    const { queryPlan, serviceMap, requestContext } = options
    const key = keyOf(requestContext)
    if (this.judged.has(key)) return
    if (this.judged.size >= MAX_JUDGED) this.judged.clear()
    const { schema, operation, document } = requestContext
    const sourceOf = (fetch: FetchNode) =>
      serviceMap[fetch.serviceName] as GraphQLDataSource<Context> | undefined
    let judged: Judged | null = null
    const fetch = queryPlan.node?.kind === 'Fetch' ? queryPlan.node : null
    const fields =
      fetch &&
      sourceOf(fetch) &&
      fetch.operationKind === 'query' &&
      !fetch.requires &&
      !fetch.inputRewrites?.length &&
      !fetch.outputRewrites?.length &&
      !fetch.contextRewrites?.length
        ? sameFields(schema, operation, document, fetch)
        : null
    if (fetch && fields) judged = { kind: 'fetch', fetch, source: sourceOf(fetch)!, fields }
    const cache = this.cache
    const entities =
      !fetch && cache
        ? cachedEntitiesPlan(schema, operation, document, queryPlan, (f) => cache.answers(f))
        : null
    if (entities && sourceOf(entities.fetch))
      judged = { kind: 'entities', source: sourceOf(entities.fetch)!, ...entities }
    this.judged.set(key, judged)
  }

  /** A data source that hands Apollo what this path already fetched for the request, if anything. */
  source<T extends GraphQLDataSource<never>>(inner: T): GraphQLDataSource<Context> {
    return {
      process: (options: ProcessOptions) => {
        const request = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined
        const fetched = request && this.fetched.get(request)
        if (fetched && fetched.fetch.operation === options.request.query) {
          this.fetched.delete(request)
          return 'response' in fetched ? Promise.resolve(fetched.response) : Promise.reject(fetched.error)
        }
        return (inner as unknown as GraphQLDataSource<Context>).process(options)
      },
    }
  }

  /** Forgets the plans judged: they belong to the schema that was replaced. */
  forget() {
    this.judged.clear()
  }

  /** Apollo Gateway's executor with this path in front of it. */
  wrap(apollo: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const judged = this.judged.get(keyOf(requestContext))
      if (!judged) return apollo(requestContext)
      const operation = requestContext.operation
      // Variables are checked against the operation as Apollo checks them; a mistake is its to report.
      if (
        !operation ||
        getVariableValues(
          requestContext.schema,
          operation.variableDefinitions ?? [],
          requestContext.request.variables ?? {},
        ).errors
      )
        return apollo(requestContext)
      const { fetch, source } = judged
      let fetched: Fetched
      try {
        const response = await source.process({
          kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
          request: {
            query: fetch.operation,
            variables: variablesOf(fetch, requestContext),
            operationName: fetch.operationName,
          },
          incomingRequestContext: requestContext as never,
          context: requestContext.context,
          document: fetch.operationDocumentNode,
          pathInIncomingRequest: [],
        } as ProcessOptions)
        fetched = { fetch, response }
      } catch (error) {
        // A failed fetch is Apollo's to report, as a field error beside the rest of the response.
        fetched = { fetch, error }
      }
      if ('response' in fetched && !fetched.response.errors?.length && !fetched.response.extensions) {
        const { data } = fetched.response
        // What goes wrong on this path (an entry in the cache that does not parse) is Apollo's to redo.
        const answer =
          judged.kind === 'fetch'
            ? fitsObject(data, judged.fields) && data
            : await this.withEntities(data, judged, requestContext).catch(() => null)
        if (answer) {
          this.counted('direct')
          return { data: answer }
        }
      }
      this.counted('shaped')
      this.fetched.set(requestContext, fetched)
      return apollo(requestContext)
    }
  }

  /** R36: the response from the first fetch's data and the cached entities; null when it is Apollo's to make. */
  private async withEntities(
    data: unknown,
    plan: CachedEntitiesPlan,
    requestContext: GatewayGraphQLRequestContext,
  ): Promise<Record<string, unknown> | null> {
    const entities = new Map<object, Record<string, unknown>>()
    const found = await Promise.all(
      plan.steps.map(async (step) => {
        const at = entitiesAt(data, step)
        if (!at) return false
        if (at.objects.length === 0) return true
        const cached = await this.cache!.whole(
          step.fetch,
          variablesOf(step.fetch, requestContext),
          at.representations,
        )
        if (!cached) return false
        // Two steps may complete one object, each with its own fields (the plan has no key twice).
        at.objects.forEach((object, i) => {
          const before = entities.get(object)
          entities.set(object, before ? { ...before, ...cached[i] } : cached[i])
        })
        return () => this.cache!.hits(step.fetch, cached.length)
      }),
    )
    if (!found.every(Boolean)) return null
    const shaped = shapeObject(data, plan.fields, entities)
    if (shaped === NO_FIT) return null
    // Counted once the response is made of them; else Apollo looks them up and counts them.
    for (const hits of found) if (typeof hits === 'function') hits()
    return shaped
  }
}

/** The client's variables a fetch uses, as Apollo Gateway passes them on (given and defined only). */
function variablesOf(fetch: FetchNode, requestContext: GatewayGraphQLRequestContext) {
  const provided = requestContext.request.variables ?? {}
  const variables: Record<string, unknown> = {}
  for (const name of fetch.variableUsages ?? [])
    if (Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name]
  return variables
}

const keyOf = (requestContext: GatewayGraphQLRequestContext) =>
  `${requestContext.queryHash}\u0000${requestContext.request.operationName ?? ''}`

/**
 * The fields of the response when the fetch asks what the client's operation asks, field for
 * field in the same order; null when it does not, or when R34 leaves the query to Apollo.
 * Judged on the API schema. An abstract type makes the answer null: there the runtime
 * `__typename` decides what Apollo keeps.
 */
export function sameFields(
  schema: GraphQLSchema,
  client: OperationDefinitionNode | undefined,
  document: DocumentNode,
  fetch: Pick<FetchNode, 'operation' | 'operationDocumentNode'>,
): Field[] | null {
  // The planner keeps the fetch's document only when asked to: its text is read once per plan.
  const fetchDocument = fetch.operationDocumentNode ?? parse(fetch.operation)
  // The planner writes one operation per fetch.
  const sent = operationOf(fetchDocument)
  if (!client || client.operation !== 'query' || sent.operation !== 'query') return null
  const root = schema.getQueryType()
  if (!root) return null
  const wanted = responseFields(root, client.selectionSet, fragmentsOf(document))
  const answered = responseFields(root, sent.selectionSet, fragmentsOf(fetchDocument))
  return wanted && answered && sameAs(wanted, answered) ? wanted : null
}

const sameAs = (a: Field[], b: Field[]): boolean =>
  a.length === b.length &&
  a.every(
    (f, i) =>
      f.key === b[i].key &&
      f.field === b[i].field &&
      f.args === b[i].args &&
      (f.below === null ? b[i].below === null : b[i].below !== null && sameAs(f.below, b[i].below!)),
  )
