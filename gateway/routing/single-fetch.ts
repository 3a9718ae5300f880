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
  GatewayInterface,
} from '@apollo/server-gateway-interface'
import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  parse,
  print,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql'
import { getVariableValues } from 'graphql/execution/values.js'
import { aroundExecutor } from '../executor'
import { fragmentsOf } from './operation'

type Context = Record<string, unknown>
type ProcessOptions = GraphQLDataSourceProcessOptions<Context>
type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan']
type FetchNode = Extract<NonNullable<QueryPlan['node']>, { kind: 'Fetch' }>

/** A query whose plan is one fetch that asks exactly what the client asked (R34). */
interface Direct {
  fetch: FetchNode
  source: GraphQLDataSource<Context>
}

/** How a request went: answered with the fetch's data as it came, or shaped by Apollo. */
export type SingleFetchResult = 'direct' | 'shaped'

/** One field of a response, the way the client sees it: response key, field, arguments, below. */
type Shape = [key: string, field: string, args: string, below: Shape[] | null]

/** Plans judged per query text and operation name; a client sending ever new texts cannot grow this past it. */
const MAX_JUDGED = 2_000

/**
 * Implements R34: a query whose plan is a single fetch that selects exactly what the client
 * selected (same fields, aliases, arguments and order; no directive, fragment on another type
 * or abstract type anywhere) gets that fetch's data as its response when it came back
 * whole: no errors and no extensions. Apollo Gateway would walk the answer against the
 * operation (computeResponse) and give back the same data; that walk, and planning the
 * operation again on every request, is most of the gateway's own work for such a query.
 *
 * Anything else, and any answer with an error, is executed by Apollo Gateway as before; an
 * answer already fetched is then handed to it instead of being fetched again, so the instance
 * sees one fetch (and logs one read, NEN 7513) whichever way the request goes.
 *
 * The plan is learned from Apollo's own planning: the first request of a query goes through
 * Apollo, which plans it and tells `didResolveQueryPlan`; the requests after it take this path.
 */
export class SingleFetchPath {
  private readonly judged = new Map<string, Direct | null>()
  /** Answers fetched on this path that Apollo is to shape after all, per request. */
  private readonly fetched = new WeakMap<object, { fetch: FetchNode; response: GatewayGraphQLResponse }>()

  constructor(private readonly counted: (result: SingleFetchResult) => void = () => {}) {}

  /** For ApolloGateway's `experimental_didResolveQueryPlan`: judges each plan once. */
  readonly didResolveQueryPlan: Experimental_DidResolveQueryPlanCallback = (options) => {
    const { queryPlan, serviceMap, requestContext } = options
    const key = keyOf(requestContext)
    if (this.judged.has(key)) return
    if (this.judged.size >= MAX_JUDGED) this.judged.clear()
    const fetch = queryPlan.node?.kind === 'Fetch' ? queryPlan.node : null
    const source = fetch && serviceMap[fetch.serviceName]
    const direct =
      fetch &&
      source &&
      fetch.operationKind === 'query' &&
      !fetch.requires &&
      !fetch.inputRewrites?.length &&
      !fetch.outputRewrites?.length &&
      !fetch.contextRewrites?.length &&
      asksTheSame(requestContext.schema, requestContext.operation, requestContext.document, fetch)
    this.judged.set(key, direct ? { fetch, source: source as GraphQLDataSource<Context> } : null)
  }

  /** A data source that hands Apollo the answer this path already fetched for the request, if any. */
  source<T extends GraphQLDataSource<never>>(inner: T): GraphQLDataSource<Context> {
    return {
      process: (options: ProcessOptions) => {
        const request = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined
        const fetched = request && this.fetched.get(request)
        if (fetched && fetched.fetch.operation === options.request.query) {
          this.fetched.delete(request)
          return Promise.resolve(fetched.response)
        }
        return (inner as unknown as GraphQLDataSource<Context>).process(options)
      },
    }
  }

  /** The gateway Apollo Server gets: `gateway`, with this path in front of its executor. */
  around(gateway: GatewayInterface): GatewayInterface {
    // Plans belong to a schema: a new one is judged again.
    return aroundExecutor(
      gateway,
      (apollo) => this.executor(apollo),
      () => this.judged.clear(),
    )
  }

  private executor(apollo: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const direct = this.judged.get(keyOf(requestContext))
      if (!direct) return apollo(requestContext)
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
      const { fetch, source } = direct
      const provided = requestContext.request.variables ?? {}
      const variables: Record<string, unknown> = {}
      for (const name of fetch.variableUsages ?? [])
        if (Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name]
      const response = await source.process({
        kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request: { query: fetch.operation, variables, operationName: fetch.operationName },
        incomingRequestContext: requestContext as never,
        context: requestContext.context,
        document: fetch.operationDocumentNode,
        pathInIncomingRequest: [],
      } as ProcessOptions)
      if (response.data && !response.errors?.length && !response.extensions) {
        this.counted('direct')
        return { data: response.data }
      }
      this.counted('shaped')
      this.fetched.set(requestContext, { fetch, response })
      return apollo(requestContext)
    }
  }
}

const keyOf = (requestContext: GatewayGraphQLRequestContext) =>
  `${requestContext.queryHash}\u0000${requestContext.request.operationName ?? ''}`

/**
 * Whether the fetch asks what the client's operation asks, field for field in the same order,
 * so that its data is the response. Judged on the API schema. An abstract type makes the
 * answer no: there the runtime `__typename` decides what Apollo keeps. Leaf values (enums too)
 * Apollo passes on as the subgraph gave them.
 */
export function asksTheSame(
  schema: GraphQLSchema,
  client: OperationDefinitionNode | undefined,
  document: DocumentNode,
  fetch: Pick<FetchNode, 'operation' | 'operationName' | 'operationDocumentNode'>,
): boolean {
  // The planner keeps the fetch's document only when asked to: its text is read once per plan.
  const fetchDocument = fetch.operationDocumentNode ?? parse(fetch.operation)
  const sent = operationIn(fetchDocument, fetch.operationName)
  if (!client || !sent || client.operation !== 'query' || sent.operation !== 'query') return false
  const root = schema.getQueryType()
  if (!root) return false
  const wanted = shapeOf(schema, root, client.selectionSet, fragmentsOf(document))
  const answered = shapeOf(schema, root, sent.selectionSet, fragmentsOf(fetchDocument))
  return wanted !== null && answered !== null && JSON.stringify(wanted) === JSON.stringify(answered)
}

function operationIn(document: DocumentNode, name: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )
  return name
    ? operations.find((o) => o.name?.value === name)
    : operations.length === 1
      ? operations[0]
      : undefined
}

/** The fields a selection set answers, in order; null for anything R34 leaves to Apollo. */
function shapeOf(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
): Shape[] | null {
  const out: Shape[] = []
  const keys = new Set<string>()
  const walk = (set: SelectionSetNode): boolean => {
    for (const s of set.selections) {
      if (s.directives?.length) return false
      if (s.kind === Kind.INLINE_FRAGMENT || s.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : fragments.get(s.name.value)
        if (!fragment || fragment.directives?.length) return false
        if (fragment.typeCondition && fragment.typeCondition.name.value !== type.name) return false
        if (!walk(fragment.selectionSet)) return false
        continue
      }
      const key = s.alias?.value ?? s.name.value
      // The same key twice is merged by GraphQL; whether both sides merge alike is not judged here.
      if (keys.has(key)) return false
      keys.add(key)
      const args = (s.arguments ?? []).map((a) => `${a.name.value}:${print(a.value)}`).join(',')
      if (s.name.value === '__typename') {
        out.push([key, s.name.value, args, null])
        continue
      }
      const field = type.getFields()[s.name.value]
      if (!field) return false
      const named = getNamedType(field.type)
      if (isAbstractType(named)) return false
      if (isLeafType(named)) {
        if (s.selectionSet) return false
        out.push([key, s.name.value, args, null])
        continue
      }
      if (!isObjectType(named) || !s.selectionSet) return false
      const below = shapeOf(schema, named, s.selectionSet, fragments)
      if (!below) return false
      out.push([key, s.name.value, args, below])
    }
    return true
  }
  return walk(selectionSet) ? out : null
}
