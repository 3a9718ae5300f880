import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway'
// The package root re-exports this enum in a way Node's ESM loader cannot see; its own module can.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { parse, type DocumentNode, type FieldNode, type GraphQLFormattedError } from 'graphql'
import { ErrorCode } from '../../shared/errors'
import { isGemeenteCode } from '../../shared/gemeenten'
import type { GemeenteRegistry } from '../registry'
import { CircuitOpenError, transportFailure } from './circuit-breaker'
import { fieldsOf, narrowOperation, operationOf, responseName, routingValue } from './operation'

type Options = GraphQLDataSourceProcessOptions<Record<string, unknown>>
type Planned = Options & { document: DocumentNode }
type Representation = { __typename: string; gemeenteCode?: unknown; code?: unknown }
type Entity = Record<string, unknown> | null
type Path = ReadonlyArray<string | number>

/** Sends one fetch to one gemeente's instance; the router decides which and merges. */
export type InstanceSender = (code: string, options: Options) => Promise<GatewayGraphQLResponse>

/**
 * The data source for the `gemeente` subgraph, which runs once per gemeente. The query planner
 * sees one subgraph; this class turns each of its fetches into fetches to the right instances:
 *
 * - a root field goes to the instance named by its `gemeenteCode` argument;
 * - an `_entities` fetch is split by the gemeente in each representation's key, the parts go
 *   out in parallel and the answers are put back in the original order;
 * - a regional entity (no gemeente in its key, like Aanbieder) goes to every instance and the
 *   list fields of the answers are concatenated in CBS-code order.
 *
 * A gemeente that is down, slow or refusing nulls only its own part, with a
 * GEMEENTE_UNAVAILABLE error that names it; the rest of the response stays.
 */
export class GemeenteRouter implements GraphQLDataSource {
  constructor(
    private readonly registry: GemeenteRegistry,
    private readonly send: InstanceSender,
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
    return this.rootFields(planned, roots, operation.operation === 'mutation')
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

  private async rootFields(
    options: Planned,
    roots: FieldNode[],
    sequential: boolean,
  ): Promise<GatewayGraphQLResponse> {
    const variables = (options.request.variables ?? {}) as Record<string, unknown>
    const errors: GraphQLFormattedError[] = []
    // Consecutive fields for the same gemeente travel together; a mutation keeps its order.
    const groups: { code: string; fields: FieldNode[] }[] = []
    const unrouted: FieldNode[] = []
    for (const field of roots) {
      const code = routingValue(field, variables)
      if (code === undefined) {
        unrouted.push(field)
        continue
      }
      const group = sequential ? groups.at(-1) : groups.find((g) => g.code === code)
      if (group && group.code === code) group.fields.push(field)
      else groups.push({ code, fields: [field] })
    }
    if (groups.length === 0) {
      // Only fields without a gemeente (such as __typename): any serving instance can answer.
      const routable = this.registry.all().filter((i) => !this.registry.unroutable(i.code))
      const any =
        routable.find((i) => i.status === 'GEREED' && i.circuit === 'CLOSED') ??
        routable.find((i) => i.status === 'GEREED') ??
        routable[0]
      if (!any) return { data: null, errors: [unavailable('alle', 'geen gemeente is bereikbaar', [])] }
      return this.send(any.code, options)
    }
    groups[0].fields.push(...unrouted)

    const data: Record<string, unknown> = {}
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
      errors.push(...metGemeente(result.response.errors, code))
    }
    if (sequential) for (const group of groups) await run(group)
    else await Promise.all(groups.map(run))
    return errors.length ? { data, errors } : { data }
  }

  private async entities(options: Planned, entitiesField: FieldNode): Promise<GatewayGraphQLResponse> {
    const variables = (options.request.variables ?? {}) as Record<string, unknown>
    const representations = variables.representations as Representation[]
    const result: Entity[] = new Array(representations.length).fill(null)
    const errors: GraphQLFormattedError[] = []
    const firstField = (typename: string) => {
      const selection = entitiesField.selectionSet
        ? fieldsOf(entitiesField.selectionSet, options.document, typename)
        : []
      return selection.map(responseName).find((name) => name !== '__typename')
    }
    const pathOf = (index: number, typename: string): Path => {
      const field = firstField(typename)
      return field ? ['_entities', index, field] : ['_entities', index]
    }

    const byGemeente = new Map<string, number[]>()
    const regional: number[] = []
    representations.forEach((rep, index) => {
      const code = gemeenteOf(rep)
      if (code === undefined) regional.push(index)
      else byGemeente.set(code, [...(byGemeente.get(code) ?? []), index])
    })

    const fetchPart = async (code: string, indexes: number[]) => {
      const part = indexes.map((i) => representations[i])
      const outcome = await this.sendTo(code, options, {
        query: options.request.query,
        variables: { ...variables, representations: part },
      })
      if ('unavailable' in outcome) return { code, indexes, unavailable: outcome.unavailable }
      return { code, indexes, response: outcome.response }
    }

    const routed = [...byGemeente].map(async ([code, indexes]) => {
      const part = await fetchPart(code, indexes)
      if ('unavailable' in part) {
        for (const index of indexes)
          errors.push(unavailable(code, part.unavailable!, pathOf(index, representations[index].__typename)))
        return
      }
      const received = (part.response!.data?._entities ?? []) as Entity[]
      indexes.forEach((index, k) => (result[index] = received[k] ?? null))
      errors.push(...metGemeente(renumber(part.response!.errors, indexes), code))
    })

    const fannedOut = regional.length
      ? (async () => {
          const parts = await Promise.all(
            this.registry.all().map((instance) => fetchPart(instance.code, regional)),
          )
          const seen = new Map<string, string[]>()
          // Answers arrive in any order; merging in registry order keeps the lists stable.
          for (const part of parts) {
            if ('unavailable' in part) {
              for (const index of regional)
                errors.push(
                  unavailable(part.code, part.unavailable!, pathOf(index, representations[index].__typename)),
                )
              continue
            }
            const received = (part.response!.data?._entities ?? []) as Entity[]
            regional.forEach((index, k) => (result[index] = concatenate(result[index], received[k] ?? null)))
            // Every instance may refuse the same way (say, FORBIDDEN): one error says it once and
            // names every gemeente it came from, so a client knows whose part is missing.
            for (const error of renumber(part.response!.errors, regional)) {
              const key = JSON.stringify([error.message, error.path, error.extensions?.code])
              const gemeenten = seen.get(key)
              if (gemeenten) gemeenten.push(part.code)
              else {
                const list = [part.code]
                seen.set(key, list)
                errors.push({ ...error, extensions: { ...error.extensions, gemeenten: list } })
              }
            }
          }
        })()
      : Promise.resolve()

    await Promise.all([...routed, fannedOut])
    return errors.length ? { data: { _entities: result }, errors } : { data: { _entities: result } }
  }

  /**
   * Gemeenten whose fetch failed in transport during one client request (keyed by its context,
   * which every fetch of one query plan shares): a later fetch of the same plan to that gemeente,
   * such as the `_entities` fetch after a root field, is answered at once instead of waiting out
   * a second timeout while the circuit is still counting.
   */
  private readonly failedInRequest = new WeakMap<object, Map<string, string>>()

  private async sendTo(
    code: string,
    options: Options,
    request: { query?: string; variables: Record<string, unknown> },
  ): Promise<{ response: GatewayGraphQLResponse } | { unavailable: string }> {
    const reason = this.registry.unroutable(code)
    if (reason) return { unavailable: reason }
    const failed = options.context && this.failedInRequest.get(options.context)
    const earlier = failed?.get(code)
    if (earlier) return { unavailable: earlier }
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
      return { response }
    } catch (err) {
      const unavailable = describeFailure(err)
      if (options.context && transportFailure(err)) {
        const map = failed ?? new Map<string, string>()
        map.set(code, unavailable)
        this.failedInRequest.set(options.context, map)
      }
      return { unavailable }
    }
  }
}

/** The gemeente a representation belongs to: in its key, or the key itself for Gemeente. */
function gemeenteOf(rep: Representation): string | undefined {
  if (typeof rep.gemeenteCode === 'string') return rep.gemeenteCode
  if (rep.__typename === 'Gemeente' && typeof rep.code === 'string') return rep.code
  return undefined
}

function concatenate(into: Entity, from: Entity): Entity {
  if (!from) return into
  if (!into) return { ...from }
  for (const [key, value] of Object.entries(from)) {
    const current = into[key]
    if (Array.isArray(current) && Array.isArray(value)) into[key] = [...current, ...value]
    else if (current == null) into[key] = value
  }
  return into
}

/** Names the gemeente an error came from, so that a client knows whose part it concerns. */
function metGemeente(
  errors: ReadonlyArray<GraphQLFormattedError> | undefined,
  code: string,
): GraphQLFormattedError[] {
  return (errors ?? []).map((error) => ({ ...error, extensions: { ...error.extensions, gemeente: code } }))
}

function renumber(
  errors: ReadonlyArray<GraphQLFormattedError> | undefined,
  indexes: number[],
): GraphQLFormattedError[] {
  return (errors ?? []).map((error) => {
    const path = error.path
    if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return error
    return { ...error, path: ['_entities', indexes[path[1]] ?? path[1], ...path.slice(2)] }
  })
}

function unavailable(code: string, reason: string, path: Path): GraphQLFormattedError {
  return {
    message: `Gemeente ${code} is niet bereikbaar: ${reason}. De gegevens van de andere gemeenten zijn volledig.`,
    path: [...path],
    extensions: { code: ErrorCode.GEMEENTE_UNAVAILABLE, gemeente: code },
  }
}

function describeFailure(err: unknown): string {
  if (err instanceof CircuitOpenError)
    return 'na herhaalde storingen probeert de gateway het over enkele seconden opnieuw'
  const name = err instanceof Error ? err.name : ''
  const message = err instanceof Error ? err.message : String(err)
  if (name === 'TimeoutError' || /timeout|aborted/i.test(message))
    return 'geen antwoord binnen de tijdslimiet'
  if (/ECONNREFUSED|ECONNRESET|fetch failed|socket/i.test(message)) return 'de dienst is niet bereikbaar'
  return 'de dienst gaf geen geldig antwoord'
}
