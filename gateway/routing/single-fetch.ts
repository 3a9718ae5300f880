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
  entitiesAt,
  entitiesPlan,
  NO_FIT,
  shapeObject,
  type EntitiesPlan,
  type EntityStep,
  type FetchNode,
} from './entity-steps'
import { ForeseenSteps } from './foreseen-steps'
import { fragmentsOf, operationOf } from './operation'
import { fitsObject, responseFields, type Field } from './response-fields'

type Context = Record<string, unknown>
type ProcessOptions = GraphQLDataSourceProcessOptions<Context>

/** How the gateway answers a query without Apollo executing it. */
type Judged =
  /** R34: one fetch that asks exactly what the client asked; `fields` to check each answer against. */
  | { kind: 'fetch'; fetch: FetchNode; source: GraphQLDataSource<Context>; fields: Field[] }
  /** R36, R37: one fetch, then entity fetches (`sources`: each step's data source, in order). */
  | ({
      kind: 'entities'
      source: GraphQLDataSource<Context>
      sources: GraphQLDataSource<Context>[]
      /** R38: per step, whether it may be sent ahead of the first fetch's answer. */
      ahead: boolean[]
      /** R38: this plan among all the path judged, for what it remembers of its steps. */
      id: number
    } & EntitiesPlan)

/** How a request went: answered on this path, or shaped by Apollo. */
export type SingleFetchResult = 'direct' | 'shaped'

/**
 * What Apollo gets to shape after all: an answer this path fetched, or how the fetch failed; for
 * an entity fetch (R37) with the representations it sent, which Apollo's own fetch must match.
 */
type Fetched = { fetch: FetchNode; representations?: unknown[] } & (
  { response: GatewayGraphQLResponse } | { error: unknown }
)

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

/** What a fetch sent ahead (R38) asked (its representations as JSON) and will answer. */
interface Ahead {
  text: string
  fetched: Promise<Fetched>
  /** Set once the step compared the objects it needs with those asked. */
  compared: boolean
  /** Set once its answer was taken: it asked for exactly the objects needed. */
  used: boolean
}

/** What a step needs of R38 on its way: the fetch sent ahead for it, and where it is remembered. */
interface StepAhead {
  plan: Extract<Judged, { kind: 'entities' }>
  index: number
  ahead: Ahead | null
  /** `ForeseenSteps.keyOf` the plan and the first fetch's variables; null for no step ahead. */
  key: string | null
}

/** How a fetch sent ahead (R38) went: its answer used, or not (the representations differed). */
export type AheadResult = 'used' | 'unused'

/**
 * Implements R34 and R36-R38: a query the gateway answers from one fetch, or one fetch and the
 * entity fetches that complete its data, without Apollo Gateway executing it.
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
 * R36: a query whose plan is one fetch and then entity fetches, stage by stage, at paths into the
 * data so far (see `entitiesPlan`) gets its response read from the fetch's data and the entities,
 * field by field as the client asked them, when the data fits as above. Apollo would merge each
 * entity into the data and then walk it; the path reads each value once. A step's entities come
 * from the entity cache (R28: provider names, catalogue modules) when it holds every one of them.
 *
 * R37: any other step is sent by this path as Apollo would send it: the same query, variables and
 * representations, through the same data source (with its cache of R28, its sharing of R30 and
 * the gemeente router behind it); its answer counts when it has no errors or extensions and one
 * object per representation.
 *
 * R38: a first-stage step whose fetch, like the first fetch, reads only what is the same for any
 * caller is sent together with the first fetch, with the representations the previous request
 * of the query (same variables for the first fetch) sent for it; its answer counts when the first
 * fetch names exactly those objects, else the step is sent for the objects named.
 *
 * Anything else, any answer that fails the check and any fetch that fails is executed by Apollo
 * Gateway as before, with every answer (or failure) already fetched handed to it instead of a
 * second fetch: each instance sees one fetch, and logs one read (NEN 7513), whichever way the
 * request goes.
 *
 * The plan is learned from Apollo's own planning: the first request of a query goes through
 * Apollo, which plans it and tells `didResolveQueryPlan`; the requests after it take this path.
 */
export class SingleFetchPath {
  private readonly judged = new Map<string, Judged | null>()
  /** Answers fetched on this path that Apollo is to shape after all, per request. */
  private readonly fetched = new WeakMap<object, Fetched[]>()
  /** R38: what each step that may go ahead asked last. */
  private readonly foreseen = new ForeseenSteps()
  /** R38: plans judged so far; a plan's number keys what is remembered of its steps. */
  private plans = 0

  /**
   * `sameForAnyone`: whether a fetch selects only fields whose answer is the same for every
   * caller and holds nothing personal (R38 sends only such fetches ahead).
   */
  constructor(
    private readonly counted: (result: SingleFetchResult) => void = () => {},
    private readonly cache: CachedEntities | null = null,
    private readonly sameForAnyone: (fetch: FetchNode) => boolean = () => false,
    private readonly countedAhead: (result: AheadResult) => void = () => {},
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
    const entities = fetch ? null : entitiesPlan(schema, operation, document, queryPlan)
    const sources = entities?.steps.map((step) => sourceOf(step.fetch))
    if (entities && sourceOf(entities.fetch) && sources?.every(Boolean)) {
      // R38: a first stage's step may go ahead when the first fetch's answer, and so the step's
      // representations, is the same for anyone, and the step reads nothing personal. A step the
      // cache answers (R28) needs no fetch.
      const foreseeable = this.sameForAnyone(entities.fetch)
      judged = {
        kind: 'entities',
        ...entities,
        source: sourceOf(entities.fetch)!,
        sources: sources as GraphQLDataSource<Context>[],
        ahead: entities.steps.map(
          (step) =>
            foreseeable &&
            step.stage === 0 &&
            !this.cache?.answers(step.fetch) &&
            this.sameForAnyone(step.fetch),
        ),
        // A plan judged after a schema change has a new number: nothing of the old one is sent.
        id: ++this.plans,
      }
    }
    this.judged.set(key, judged)
  }

  /** A data source that hands Apollo what this path already fetched for the request, if anything. */
  source<T extends GraphQLDataSource<never>>(inner: T): GraphQLDataSource<Context> {
    return {
      process: (options: ProcessOptions) => {
        const request = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined
        const fetched = request && this.fetched.get(request)
        const at = fetched ? fetched.findIndex((f) => sameFetch(f, options)) : -1
        if (at >= 0) {
          const [taken] = fetched!.splice(at, 1)
          return 'response' in taken ? Promise.resolve(taken.response) : Promise.reject(taken.error)
        }
        return (inner as unknown as GraphQLDataSource<Context>).process(options)
      },
    }
  }

  /** Forgets the plans judged: they belong to the schema that was replaced. */
  forget() {
    this.judged.clear()
    this.foreseen.clear()
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
      // Every fetch this path sends, for Apollo to take instead of sending it again.
      const sent: Fetched[] = []
      const variables = variablesOf(fetch, requestContext)
      const key =
        judged.kind === 'entities' && judged.ahead.includes(true)
          ? ForeseenSteps.keyOf(judged.id, variables)
          : null
      const ahead = key && judged.kind === 'entities' ? this.sendAhead(judged, key, requestContext, sent) : []
      const fetched = await send(source, fetch, variables, requestContext, sent)
      if ('response' in fetched && !fetched.response.errors?.length && !fetched.response.extensions) {
        const { data } = fetched.response
        const answer =
          judged.kind === 'fetch'
            ? fitsObject(data, judged.fields) && data
            : await this.withEntities(data, judged, requestContext, sent, ahead, key).catch(() => null)
        if (answer) {
          this.counted('direct')
          // A fetch sent ahead in vain runs to its end unwaited: its answer is needed by no one.
          this.countAhead(ahead)
          return { data: answer }
        }
      }
      this.counted('shaped')
      // A fetch sent ahead is in `sent` once answered, for Apollo to take when it asks the same:
      // waited for when Apollo may ask it (the first fetch gave data, and the step did not find
      // that it needs other objects), else left to run.
      const gaveData = 'response' in fetched && fetched.response.data != null
      const waited = await Promise.all(
        ahead.map((a) => (a && gaveData && (a.used || !a.compared) ? a.fetched : null)),
      )
      this.fetched.set(requestContext, sent)
      try {
        return await apollo(requestContext)
      } finally {
        ahead.forEach((a, i) => a && waited[i] && (a.used ||= !sent.includes(waited[i])))
        this.countAhead(ahead)
      }
    }
  }

  /**
   * R38: sends each step that may go ahead with the representations it asked the last time the
   * first fetch was sent with these variables (`key`), without waiting for the first fetch's
   * answer. Per step, what was sent, or null.
   */
  private sendAhead(
    plan: Extract<Judged, { kind: 'entities' }>,
    key: string,
    requestContext: GatewayGraphQLRequestContext,
    sent: Fetched[],
  ): (Ahead | null)[] {
    return plan.steps.map((step, i) => {
      const text = plan.ahead[i] ? this.foreseen.ahead(key, i) : null
      if (!text) return null
      const variables = { ...variablesOf(step.fetch, requestContext), representations: JSON.parse(text) }
      return {
        text,
        fetched: send(plan.sources[i], step.fetch, variables, requestContext, sent),
        compared: false,
        used: false,
      }
    })
  }

  private countAhead(ahead: readonly (Ahead | null)[]) {
    for (const a of ahead) if (a) this.countedAhead(a.used ? 'used' : 'unused')
  }

  /**
   * R36 and R37: the response from the first fetch's data and each step's entities, from the
   * cache or fetched (into `sent`), stage after stage; null when it is Apollo's to make.
   */
  private async withEntities(
    data: unknown,
    plan: Extract<Judged, { kind: 'entities' }>,
    requestContext: GatewayGraphQLRequestContext,
    sent: Fetched[],
    ahead: readonly (Ahead | null)[],
    key: string | null,
  ): Promise<Record<string, unknown> | null> {
    const entities = new Map<object, Record<string, unknown>>()
    const hits: (() => void)[] = []
    const stages = plan.steps.at(-1)!.stage + 1
    for (let stage = 0; stage < stages; stage++) {
      // Each step settles on its own: a step that fails must not leave another's fetch unrecorded.
      const found = await Promise.all(
        plan.steps.map((step, i) =>
          step.stage === stage
            ? this.entitiesOf(step, plan.sources[i], data, entities, requestContext, sent, {
                plan,
                index: i,
                ahead: ahead[i] ?? null,
                key,
              }).catch(() => null)
            : undefined,
        ),
      )
      if (found.includes(null)) return null
      for (const step of found) {
        if (!step) continue
        // Two steps may complete one object, each with its own fields (the plan has no key twice).
        step.objects.forEach((object, i) => {
          const before = entities.get(object)
          entities.set(object, before ? { ...before, ...step.entities[i] } : step.entities[i])
        })
        hits.push(step.hits)
      }
    }
    const shaped = shapeObject(data, plan.fields, entities)
    if (shaped === NO_FIT) return null
    // Counted once the response is made of them; else Apollo looks them up and counts them.
    for (const counted of hits) counted()
    return shaped
  }

  /**
   * One step's objects and their entities: all from the cache (R36), else from the entity fetch
   * this path sends (R37); null when the data or the answer is not what the step expects. What
   * goes wrong on the way (an entry in the cache that does not parse) is thrown: Apollo's to redo.
   */
  private async entitiesOf(
    step: EntityStep,
    source: GraphQLDataSource<Context>,
    data: unknown,
    entities: ReadonlyMap<object, Record<string, unknown>>,
    requestContext: GatewayGraphQLRequestContext,
    sent: Fetched[],
    aheadOf: StepAhead,
  ) {
    const at = entitiesAt(data, step, entities)
    if (!at) return null
    // R38: what this step asks is what the next request sends ahead; the fetch sent ahead for
    // this request is the step's when it asked for exactly these objects.
    const { plan, index, ahead, key } = aheadOf
    let early: Promise<Fetched> | null = null
    if (key && plan.ahead[index]) {
      const text = JSON.stringify(at.representations)
      this.foreseen.saw(key, index, text)
      if (ahead) {
        ahead.compared = true
        if (ahead.text === text) {
          ahead.used = true
          early = ahead.fetched
        }
      }
    }
    const none = () => {}
    // Apollo sends no fetch for a step without objects.
    if (at.objects.length === 0) return { objects: at.objects, entities: [], hits: none }
    const variables = variablesOf(step.fetch, requestContext)
    const cache = this.cache?.answers(step.fetch) ? this.cache : null
    const cached = cache && (await cache.whole(step.fetch, variables, at.representations))
    if (cached)
      return { objects: at.objects, entities: cached, hits: () => cache!.hits(step.fetch, cached.length) }
    const fetched = await (early ??
      send(source, step.fetch, { ...variables, representations: at.representations }, requestContext, sent))
    if (!('response' in fetched) || fetched.response.errors?.length || fetched.response.extensions)
      return null
    const answers = fetched.response.data?._entities
    if (
      !Array.isArray(answers) ||
      answers.length !== at.representations.length ||
      !answers.every((a) => typeof a === 'object' && a !== null && !Array.isArray(a))
    )
      return null
    return { objects: at.objects, entities: answers as Record<string, unknown>[], hits: none }
  }
}

/**
 * Sends one fetch of the plan as Apollo Gateway would send it, through its data source; what it
 * answered, or how it failed, is kept in `sent` for Apollo to take should the request be its
 * after all (`SingleFetchPath.source`).
 */
async function send(
  source: GraphQLDataSource<Context>,
  fetch: FetchNode,
  variables: Record<string, unknown>,
  requestContext: GatewayGraphQLRequestContext,
  sent: Fetched[],
): Promise<Fetched> {
  const representations = variables.representations as unknown[] | undefined
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
    fetched = { fetch, representations, response }
  } catch (error) {
    // A failed fetch is Apollo's to report, as a field error beside the rest of the response.
    fetched = { fetch, representations, error }
  }
  sent.push(fetched)
  return fetched
}

/**
 * Whether Apollo's fetch is one this path sent: the same query text and, for an entity fetch, the
 * same representations (two steps may send one text for objects at different paths).
 */
function sameFetch(fetched: Fetched, options: ProcessOptions): boolean {
  if (fetched.fetch.operation !== options.request.query) return false
  if (!fetched.representations) return true
  const asked = (options.request.variables as { representations?: unknown } | undefined)?.representations
  return JSON.stringify(asked) === JSON.stringify(fetched.representations)
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
