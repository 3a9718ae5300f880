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
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  Kind,
  parse,
  print,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLEnumType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql'
import { getVariableValues } from 'graphql/execution/values.js'
import { fragmentsOf, operationOf } from './operation'

type Context = Record<string, unknown>
type ProcessOptions = GraphQLDataSourceProcessOptions<Context>
type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan']
type FetchNode = Extract<NonNullable<QueryPlan['node']>, { kind: 'Fetch' }>

/** A query whose plan is one fetch that asks exactly what the client asked (R34). */
interface Direct {
  fetch: FetchNode
  source: GraphQLDataSource<Context>
  /** What the response holds, to check each answer against before it is passed on. */
  fields: Field[]
}

/** How a request went: answered with the fetch's data as it came, or shaped by Apollo. */
export type SingleFetchResult = 'direct' | 'shaped'

/**
 * One field of a response as the client asked it: its response key, the field and its arguments
 * (to compare the two operations), its type (to check an answer) and the fields below it.
 */
export interface Field {
  key: string
  field: string
  args: string
  type: GraphQLOutputType
  below: Field[] | null
}

/** What Apollo gets to shape after all: the answer this path fetched, or how the fetch failed. */
type Fetched = { fetch: FetchNode } & ({ response: GatewayGraphQLResponse } | { error: unknown })

/** Plans judged per query text and operation name; a client sending ever new texts cannot grow this past it. */
const MAX_JUDGED = 2_000

/**
 * Implements R34: a query whose plan is a single fetch that selects exactly what the client
 * selected (same fields, aliases, arguments and order; no directive, fragment on another type
 * or abstract type anywhere) gets that fetch's data as its response when the answer is what
 * Apollo Gateway would make of it: no errors and no extensions, every object with exactly the
 * asked keys in the asked order, no null where the API schema forbids one, and every leaf value
 * one Apollo accepts for its type. Apollo would walk the answer against the operation
 * (computeResponse) and give back the same data; that walk, and planning the operation again on
 * every request, is most of the gateway's own work for such a query.
 *
 * Anything else, any answer that fails the check and any fetch that fails is executed by Apollo
 * Gateway as before, with the answer (or failure) already fetched handed to it instead of a
 * second fetch: the instance sees one fetch, and logs one read (NEN 7513), whichever way the
 * request goes.
 *
 * The plan is learned from Apollo's own planning: the first request of a query goes through
 * Apollo, which plans it and tells `didResolveQueryPlan`; the requests after it take this path.
 */
export class SingleFetchPath {
  private readonly judged = new Map<string, Direct | null>()
  /** Answers fetched on this path that Apollo is to shape after all, per request. */
  private readonly fetched = new WeakMap<object, Fetched>()

  constructor(private readonly counted: (result: SingleFetchResult) => void = () => {}) {}

  /** For ApolloGateway's `experimental_didResolveQueryPlan`: judges each plan once. */
  readonly didResolveQueryPlan: Experimental_DidResolveQueryPlanCallback = (options) => {
    const { queryPlan, serviceMap, requestContext } = options
    const key = keyOf(requestContext)
    if (this.judged.has(key)) return
    if (this.judged.size >= MAX_JUDGED) this.judged.clear()
    const fetch = queryPlan.node?.kind === 'Fetch' ? queryPlan.node : null
    const source = fetch && serviceMap[fetch.serviceName]
    const fields =
      fetch &&
      source &&
      fetch.operationKind === 'query' &&
      !fetch.requires &&
      !fetch.inputRewrites?.length &&
      !fetch.outputRewrites?.length &&
      !fetch.contextRewrites?.length
        ? sameFields(requestContext.schema, requestContext.operation, requestContext.document, fetch)
        : null
    this.judged.set(
      key,
      fields ? { fetch: fetch!, source: source as GraphQLDataSource<Context>, fields } : null,
    )
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
      const { fetch, source, fields } = direct
      const provided = requestContext.request.variables ?? {}
      const variables: Record<string, unknown> = {}
      for (const name of fetch.variableUsages ?? [])
        if (Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name]
      let fetched: Fetched
      try {
        const response = await source.process({
          kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
          request: { query: fetch.operation, variables, operationName: fetch.operationName },
          incomingRequestContext: requestContext as never,
          context: requestContext.context,
          document: fetch.operationDocumentNode,
          pathInIncomingRequest: [],
        } as ProcessOptions)
        if (!response.errors?.length && !response.extensions && fitsObject(response.data, fields)) {
          this.counted('direct')
          return { data: response.data }
        }
        fetched = { fetch, response }
      } catch (error) {
        // A failed fetch is Apollo's to report, as a field error beside the rest of the response.
        fetched = { fetch, error }
      }
      this.counted('shaped')
      this.fetched.set(requestContext, fetched)
      return apollo(requestContext)
    }
  }
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
  const wanted = fieldsOf(root, client.selectionSet, fragmentsOf(document))
  const answered = fieldsOf(root, sent.selectionSet, fragmentsOf(fetchDocument))
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

/** The fields a selection set answers, in order; null for anything R34 leaves to Apollo. */
function fieldsOf(
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
): Field[] | null {
  const out: Field[] = []
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
      const field = s.name.value === '__typename' ? TypeNameMetaFieldDef : type.getFields()[s.name.value]
      if (!field) return false
      const named = getNamedType(field.type)
      if (isAbstractType(named)) return false
      if (isLeafType(named)) {
        if (s.selectionSet) return false
        out.push({ key, field: s.name.value, args, type: field.type, below: null })
        continue
      }
      if (!isObjectType(named) || !s.selectionSet) return false
      const below = fieldsOf(named, s.selectionSet, fragments)
      if (!below) return false
      out.push({ key, field: s.name.value, args, type: field.type, below })
    }
    return true
  }
  return walk(selectionSet) ? out : null
}

/**
 * Whether `value` is an object with exactly these fields, in this order, each value fitting its
 * type: what Apollo's computeResponse would give back unchanged.
 */
export function fitsObject(value: unknown, fields: Field[]): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const keys = Object.keys(value)
  if (keys.length !== fields.length) return false
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]
    if (keys[i] !== field.key) return false
    if (!fits((value as Record<string, unknown>)[field.key], field.type, field.below)) return false
  }
  return true
}

function fits(value: unknown, type: GraphQLOutputType, below: Field[] | null): boolean {
  if (isNonNullType(type)) return value !== null && fits(value, type.ofType, below)
  if (value === null) return true
  if (isListType(type)) return Array.isArray(value) && value.every((v) => fits(v, type.ofType, below))
  if (below) return fitsObject(value, below)
  return isLeafType(type) && fitsLeaf(value, type)
}

/** A leaf value Apollo passes on (federation-internals' isValidLeafValue), by the API schema's type. */
function fitsLeaf(value: unknown, type: GraphQLScalarType | GraphQLEnumType): boolean {
  if (isEnumType(type)) return typeof value === 'string' && type.getValue(value) !== undefined
  if (!isSpecifiedScalarType(type)) return value !== undefined
  if (typeof value === 'boolean') return type.name === 'Boolean'
  if (typeof value === 'number')
    return (
      Number.isFinite(value) &&
      (type.name === 'Float' || ((type.name === 'Int' || type.name === 'ID') && Number.isInteger(value)))
    )
  return typeof value === 'string' && type.name !== 'Boolean' && type.name !== 'Int' && type.name !== 'Float'
}
