import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway'
// The package root re-exports this enum in a way Node's ESM loader cannot see; its own module can.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import {
  parse,
  type DocumentNode,
  type FieldNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from 'graphql'
import { saysDatabaseUnavailable } from '../../shared/db/faults'
import { ErrorCode } from '../../shared/errors'
import { SCHEMA_HASH_HEADER } from '../../shared/federation/schema-hash'
import { gemeenteInfo, isGemeenteCode } from '../../shared/gemeenten'
import type { GemeenteRegistry } from '../registry'
import { CircuitOpenError, transportFailure } from './circuit-breaker'
import {
  entityErrorPaths,
  mergeEntityParts,
  mergeRegionalParts,
  withGemeente,
  sortRepresentations,
  unavailable,
  type EntityPart,
  type Path,
  type Representation,
} from './entity-merge'
import { RelayedErrors } from './relayed-errors'
import { selectsOnly, type FieldList } from '../sharing/public-fields'
import {
  fieldsOf,
  fragmentsOf,
  narrowOperation,
  operationOf,
  responseName,
  routingValue,
  withDefaults,
} from './operation'

/**
 * What a gemeente that gets a copy of the regional catalogue is asked instead when the gateway
 * does not know it ready (R32): whether it answers at all, through the same circuit, time limit
 * and schema check as any fetch.
 */
const REACHABLE = { query: 'query Bereikbaar { __typename }', operationName: 'Bereikbaar', variables: {} }
/** What R32 takes for a gemeente known ready: as if it had answered REACHABLE. */
const KNOWN_READY = { response: { data: { __typename: 'Query' } } }

/**
 * What a REGIONAAL gemeente answers from the regional catalogue alone, the same for all twelve
 * (RegionaleInkoop.ondersteuningsbehoeften): its support needs, and of the catalogue's own entity
 * only the key. Almelo and Hof van Twente answer the same fields from their own procurement. A
 * field added here must be one that no REGIONAAL gemeente answers for itself (R32 copies it) and
 * that is the same for every caller and no one's personal data (R38 sends it ahead);
 * test/gateway/public-fields.test.ts checks the list against the gemeente subgraph's schema.
 */
export const FROM_REGIONAL_CATALOGUE: FieldList = {
  Gemeente: { ondersteuningsbehoeften: 'LokaleOndersteuningsbehoefte' },
  LokaleOndersteuningsbehoefte: {
    code: null,
    naam: null,
    omschrijving: null,
    wet: null,
    niveaus: null,
    bron: null,
    regionaal: 'Ondersteuningsbehoefte',
  },
  Ondersteuningsbehoefte: { code: null },
}

/**
 * Whether a fetch to the gemeente subgraph asks only what FROM_REGIONAL_CATALOGUE lists, of
 * gemeenten as entities: their support needs, no one's personal data, the same for every caller
 * (R38). A root field never passes.
 */
export function asksRegionalCatalogueOnly(document: DocumentNode): boolean {
  return selectsOnly(
    FROM_REGIONAL_CATALOGUE,
    'Query',
    operationOf(document).selectionSet,
    fragmentsOf(document),
  )
}

type Options = GraphQLDataSourceProcessOptions<Record<string, unknown>>
type Planned = Options & { document: DocumentNode }

/** Sends one fetch to one gemeente's instance; the router decides which and merges. */
export type InstanceSender = (code: string, options: Options) => Promise<GatewayGraphQLResponse>

/** Told of each fetch answered without being sent, and why (for the gateway's metrics). */
export type NotSent = (code: string, why: 'excluded' | 'circuit_open' | 'skipped') => void

/**
 * The data source for the `gemeente` subgraph, which runs once per gemeente. The query planner
 * sees one subgraph; this class turns each of its fetches into fetches to the right instances.
 * The rules it follows are numbered in docs/routing.md; each method names those it implements.
 *
 * - a root field goes to the instance named by its `gemeenteCode` argument (R10);
 * - an `_entities` fetch is split by the gemeente in each representation's key, the parts go
 *   out in parallel and the answers are put back in the original order (R16);
 * - a regional entity (no gemeente in its key, like Aanbieder) goes to every instance and the
 *   list fields of the answers are concatenated in CBS-code order (R17).
 *
 * A gemeente that is down, slow or refusing nulls only its own part, with a
 * GEMEENTE_UNAVAILABLE error that names it; the rest of the response stays (R20). One that keeps
 * timing out is not sent to while its circuit is open (R23), and within one request a gemeente
 * that failed once is not waited for again (R22).
 */
export class GemeenteRouter implements GraphQLDataSource {
  constructor(
    private readonly registry: GemeenteRegistry,
    private readonly send: InstanceSender,
    private readonly notSent: NotSent = () => {},
  ) {}

  async process(options: Options): Promise<GatewayGraphQLResponse> {
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION || !options.request.query) {
      throw new Error('the gemeente router only serves planned operations')
    }
    const document = options.document ?? this.parsed(options.request.query)
    const operation = operationOf(document)
    const roots = fieldsOf(operation.selectionSet, document)
    const planned = { ...options, document }
    if (roots.length === 1 && roots[0].name.value === '_entities') return this.entities(planned, roots[0])
    return this.rootFields(planned, operation, roots)
  }

  /**
   * The planner's fetch operations are few (one set per query plan, and plans are cached), so
   * their parsed form is kept too; the bound only guards against an unbounded variety.
   */
  private readonly documents = new Map<string, DocumentNode>()
  private parsed(query: string): DocumentNode {
    let document = this.documents.get(query)
    if (!document) {
      document = parse(query)
      if (this.documents.size >= 1000) this.documents.delete(this.documents.keys().next().value!)
      this.documents.set(query, document)
    }
    return document
  }

  /**
   * Implements R10 (routed by `gemeenteCode`), R11 (a code that is not Twentse), R12 (the
   * operation cut per gemeente), R13 (a mutation's order kept across gemeenten), R14 (a fetch
   * without a gemeente to one routable instance) and R15 (`'alle'` when none is routable).
   */
  private async rootFields(
    options: Planned,
    operation: OperationDefinitionNode,
    roots: FieldNode[],
  ): Promise<GatewayGraphQLResponse> {
    const sequential = operation.operation === 'mutation'
    const variables = (options.request.variables ?? {}) as Record<string, unknown>
    // Routed as the instance will read them; sent as they came (the instance applies defaults).
    const read = withDefaults(operation, variables)
    const errors: GraphQLFormattedError[] = []
    // Consecutive fields for the same gemeente travel together; a mutation keeps its order.
    const groups: { code: string; fields: FieldNode[] }[] = []
    const unrouted: FieldNode[] = []
    for (const field of roots) {
      const code = routingValue(field, read)
      if (code === undefined) {
        unrouted.push(field)
        continue
      }
      const group = sequential ? groups.at(-1) : groups.find((g) => g.code === code)
      if (group && group.code === code) group.fields.push(field)
      else groups.push({ code, fields: [field] })
    }
    if (groups.length === 0) {
      // R14: only fields without a gemeente (such as __typename); any serving instance can answer.
      const routable = this.registry.all().filter((i) => !this.registry.unroutable(i.code))
      const any =
        routable.find((i) => i.status === 'GEREED' && i.circuit === 'CLOSED') ??
        routable.find((i) => i.circuit === 'CLOSED') ??
        routable[0]
      if (!any) return { data: null, errors: [unavailable('alle', 'geen gemeente is bereikbaar', [])] }
      const result = await this.sendTo(any.code, options, { query: options.request.query, variables })
      if ('unavailable' in result)
        return { data: null, errors: [unavailable(any.code, result.unavailable, [])] }
      return result.response
    }
    groups[0].fields.push(...unrouted)

    // The client's order, whichever gemeente answers first (R34 passes a whole answer on as it is).
    const data: Record<string, unknown> = Object.fromEntries(roots.map((f) => [responseName(f), null]))
    const run = async ({ code, fields }: { code: string; fields: FieldNode[] }) => {
      const nullAll = (error: (path: Path) => GraphQLFormattedError) => {
        for (const field of fields) {
          data[responseName(field)] = null
          errors.push(error([responseName(field)]))
        }
      }
      if (!isGemeenteCode(code)) {
        return nullAll((path) => ({
          message: `${code} is geen Twentse gemeentecode.`,
          path,
          extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'gemeenteCode' },
        }))
      }
      const request =
        groups.length === 1
          ? { query: options.request.query, variables }
          : narrowOperation(options.document, fields, variables)
      const result = await this.sendTo(code, options, request)
      if ('unavailable' in result) return nullAll((path) => unavailable(code, result.unavailable, path))
      Object.assign(
        data,
        result.response.data ?? Object.fromEntries(fields.map((f) => [responseName(f), null])),
      )
      errors.push(...withGemeente(result.response.errors, code))
    }
    if (sequential) for (const group of groups) await run(group)
    else await Promise.all(groups.map(run))
    return errors.length ? { data, errors } : { data }
  }

  /**
   * An `_entities` fetch in three steps: sort the representations by gemeente, fetch the parts
   * (per gemeente, and the regional ones from every instance, all in parallel), merge.
   * Implements R16 and R17; the merging (R18-R20) is in entity-merge.ts.
   */
  private async entities(options: Planned, entitiesField: FieldNode): Promise<GatewayGraphQLResponse> {
    const representations = (options.request.variables?.representations ?? []) as Representation[]
    const sorted = sortRepresentations(representations)
    const copied = this.regionalCatalogueCopies(options, entitiesField, representations, sorted.byGemeente)
    const [routedParts, regionalParts, reachable] = await Promise.all([
      Promise.all(
        [...sorted.byGemeente]
          .filter(([code]) => !copied?.to.has(code))
          .map(([code, indexes]) => this.fetchPart(options, code, indexes)),
      ),
      sorted.regional.length
        ? Promise.all(this.registry.all().map((i) => this.fetchPart(options, i.code, sorted.regional)))
        : [],
      // R32: a gemeente that gets a copy and is not known ready answers whether it can answer at all.
      Promise.all(
        [...(copied?.to.keys() ?? [])].map((code) =>
          this.knownReady(code, options) ? KNOWN_READY : this.sendTo(code, options, REACHABLE),
        ),
      ),
    ])
    if (copied) routedParts.push(...(await this.copyParts(options, copied, routedParts, reachable)))

    const pathOf = entityErrorPaths(entitiesField, options.document, representations)
    const routed = mergeEntityParts(representations.length, routedParts, pathOf)
    const regional = mergeRegionalParts(representations.length, sorted.regional, regionalParts, pathOf)
    const _entities = routed.entities.map((entity, index) => entity ?? regional.entities[index])
    const errors = [...routed.errors, ...regional.errors]
    return errors.length ? { data: { _entities }, errors } : { data: { _entities } }
  }

  /**
   * Implements R32: the gemeenten whose part of this `_entities` fetch is the regional catalogue
   * (REGIONAAL inkoop, and a selection of `Gemeente.ondersteuningsbehoeften` with only the fields
   * in FROM_REGIONAL_CATALOGUE), when there are two or more: the first that can be sent to
   * (routable, circuit closed, not failed in this request) is asked, the others get a copy of its
   * answer: at once when known ready (`knownReady`), else once they have answered REACHABLE.
   * Null when nothing is copied.
   */
  private regionalCatalogueCopies(
    options: Planned,
    entitiesField: FieldNode,
    representations: readonly Representation[],
    byGemeente: ReadonlyMap<string, number[]>,
  ): { from: string; to: Map<string, number[]> } | null {
    if (!entitiesField.selectionSet || representations.some((r) => r.__typename !== 'Gemeente')) return null
    if (!selectsOnly(FROM_REGIONAL_CATALOGUE, '', entitiesField.selectionSet, fragmentsOf(options.document)))
      return null
    const failed = options.context && this.failedInRequest.get(options.context)
    const regionaal = [...byGemeente.keys()].filter(
      (code) => isGemeenteCode(code) && gemeenteInfo(code).inkoop === 'REGIONAAL',
    )
    const from = regionaal.find(
      (code) =>
        !this.registry.unroutable(code) &&
        this.registry.circuit(code)?.state === 'CLOSED' &&
        !failed?.has(code),
    )
    if (!from || regionaal.length < 2) return null
    return {
      from,
      to: new Map(regionaal.filter((code) => code !== from).map((code) => [code, byGemeente.get(code)!])),
    }
  }

  /**
   * Whether R32 may give a gemeente its copy without asking it anything: the registry knows it
   * ready (its last readiness answer, at most a watch round old, said ready, and its schema
   * matched), its circuit is closed and it did not fail earlier in this request.
   */
  private knownReady(code: string, options: Options): boolean {
    const failed = options.context && this.failedInRequest.get(options.context)
    return (
      this.registry.knownReady(code) && this.registry.circuit(code)?.state === 'CLOSED' && !failed?.has(code)
    )
  }

  /**
   * The parts of the gemeenten R32 answers with a copy of `from`'s answer: each entity parsed
   * afresh, since the gateway merges into answers in place. A gemeente that could not answer
   * REACHABLE is unavailable for the same reason as before R32 (R20-R23). When `from` did not
   * answer cleanly, the others are asked themselves, so that each keeps its own answer or error.
   */
  private async copyParts(
    options: Planned,
    copied: { from: string; to: Map<string, number[]> },
    parts: readonly EntityPart[],
    reachable: Awaited<ReturnType<GemeenteRouter['sendTo']>>[],
  ): Promise<EntityPart[]> {
    const source = parts.find((p) => p.code === copied.from)
    const entity =
      source && 'response' in source && !source.response.errors?.length
        ? (source.response.data?._entities as unknown[] | undefined)?.[0]
        : undefined
    if (!entity) {
      return Promise.all([...copied.to].map(([code, indexes]) => this.fetchPart(options, code, indexes)))
    }
    const text = JSON.stringify(entity)
    return Promise.all(
      [...copied.to].map(async ([code, indexes], i): Promise<EntityPart> => {
        const probe = reachable[i]
        if ('unavailable' in probe) return { code, indexes, unavailable: probe.unavailable }
        // An instance that answers with errors (it refuses this caller, say) gives its own answer.
        if (probe.response.errors?.length) return this.fetchPart(options, code, indexes)
        return {
          code,
          indexes,
          response: { data: { _entities: indexes.map(() => JSON.parse(text) as unknown) } },
        }
      }),
    )
  }

  /** Fetches the entities at `indexes` from one gemeente's instance: I/O only. */
  private async fetchPart(options: Planned, code: string, indexes: number[]): Promise<EntityPart> {
    const variables = options.request.variables ?? {}
    const all = variables.representations as Representation[]
    const representations = indexes.map((i) => all[i])
    const outcome = await this.sendTo(code, options, {
      query: options.request.query,
      variables: { ...variables, representations },
    })
    return { code, indexes, ...outcome }
  }

  /**
   * Gemeenten whose fetch failed in transport during one client request (keyed by its context,
   * which every fetch of one query plan shares): a later fetch of the same plan to that gemeente,
   * such as the `_entities` fetch after a root field, is answered at once instead of waiting out
   * a second timeout while the circuit is still counting. Implements R22.
   */
  private readonly failedInRequest = new WeakMap<object, Map<string, string>>()

  /**
   * Sends one fetch to one instance, or says why not. Implements the exclusion of R5 and R9 (not
   * connected, AFWIJKEND, NIET_GEREED), R22 (failed earlier in this request), R23 (through the
   * gemeente's circuit), R25 (a refusal relayed as the instance's own errors) and, with
   * `unusable`, R7 and R8.
   */
  private async sendTo(
    code: string,
    options: Options,
    request: { query?: string; operationName?: string; variables: Record<string, unknown> },
  ): Promise<{ response: GatewayGraphQLResponse } | { unavailable: string }> {
    const reason = this.registry.unroutable(code)
    if (reason) {
      this.notSent(code, 'excluded')
      return { unavailable: reason }
    }
    const failed = options.context && this.failedInRequest.get(options.context)
    const earlier = failed?.get(code)
    if (earlier) {
      this.notSent(code, 'skipped')
      return { unavailable: earlier }
    }
    const circuit = this.registry.circuit(code)!
    try {
      // Each instance gets its own request object: the data source writes its URL into it.
      const response = await circuit.run(() =>
        this.send(code, {
          ...options,
          request: {
            ...options.request,
            ...request,
            http: options.request.http && { ...options.request.http },
          },
        }),
      )
      const unusable = this.unusable(code, response)
      return unusable ? { unavailable: unusable } : { response }
    } catch (err) {
      if (saidDatabaseUnavailable(err)) return { unavailable: this.registry.databaseGone(code) }
      // The instance answered and refused (a 401, 403 or 400): its own errors, not "unavailable".
      if (err instanceof RelayedErrors) return { response: { errors: err.errors } }
      if (err instanceof CircuitOpenError) this.notSent(code, 'circuit_open')
      const why = describeFailure(err)
      if (options.context && transportFailure(err)) {
        const map = failed ?? new Map<string, string>()
        map.set(code, why)
        this.failedInRequest.set(options.context, map)
      }
      return { unavailable: why }
    }
  }

  /**
   * What an answer says about the instance itself, before its data is used. An answer whose
   * schema hash is not the composed schema's is not used: the plan was made for the composed
   * one, and the instance is excluded from this answer on. An answer saying that the instance's
   * own database is gone stands for its whole part, and the instance is not routed to until its
   * readiness returns. Both reasons are what the client reads; null when the answer is usable.
   * Implements R7 (the schema hash on every answer) and R8 (an answer saying its database is gone).
   */
  private unusable(code: string, response: GatewayGraphQLResponse): string | null {
    const drift = this.registry.answeredWithSchema(code, response.http?.headers.get(SCHEMA_HASH_HEADER))
    if (drift) return drift
    if (response.errors?.some(saysDatabaseUnavailable)) return this.registry.databaseGone(code)
    return null
  }
}

/**
 * Whether a fetch failed with an HTTP error whose body says the instance's database is gone: an
 * instance whose context could not be built (it reads the database for a resident) answers 500.
 * Such a refusal follows R8, not R25.
 */
function saidDatabaseUnavailable(err: unknown): boolean {
  return err instanceof RelayedErrors && err.errors.some(saysDatabaseUnavailable)
}

/**
 * Why a fetch failed, in the words a client reads (R20); transportFailure decides which it was:
 * the time limit of R21, the open circuit of R23, a caller gone away (R24).
 */
function describeFailure(err: unknown): string {
  if (err instanceof CircuitOpenError)
    return 'na herhaalde storingen probeert de gateway het over enkele seconden opnieuw'
  switch (transportFailure(err)) {
    case 'TIMEOUT':
      return 'geen antwoord binnen de tijdslimiet'
    case 'UNREACHABLE':
      return 'de dienst is niet bereikbaar'
    default:
      return err instanceof Error && err.name === 'AbortError'
        ? 'de vraag is afgebroken'
        : 'de dienst gaf geen geldig antwoord'
  }
}
