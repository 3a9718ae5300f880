import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import type { DocumentNode, FieldNode, GraphQLFormattedError } from 'graphql'
import { ErrorCode } from '../../shared/errors'
import { fieldsOf, responseName } from './operation'

// The pure steps of an `_entities` fetch around its I/O: sorting the representations by
// gemeente before, merging the instances' answers after. Unit-tested without promises.
// The rules (R16-R20) are in docs/routing.md.

export type Representation = { __typename: string; gemeenteCode?: unknown; code?: unknown }
export type Entity = Record<string, unknown> | null
export type Path = ReadonlyArray<string | number>

/** Where the representations of one `_entities` fetch go, by their position in it. */
export interface SortedRepresentations {
  /** Per gemeente, the positions of its representations; gemeenten in order of first appearance. */
  byGemeente: Map<string, number[]>
  /** Regional entities (no gemeente in the key, like Aanbieder): these go to every instance. */
  regional: number[]
}

/**
 * What one instance answered for the representations at `indexes`, or why it could not. Its
 * answer is numbered 0, 1, ... in the order of `indexes`.
 */
export type EntityPart = { code: string; indexes: readonly number[] } & (
  { response: GatewayGraphQLResponse } | { unavailable: string }
)

/** The merged answer of some parts: one entity per position of the whole fetch, and the errors. */
export interface Merged {
  entities: Entity[]
  errors: GraphQLFormattedError[]
}

/**
 * Sorts the representations by the gemeente in their key. Implements R16 (entities split by
 * their gemeente) and the first step of R17 (regional ones apart).
 *
 * [Plan 0153 p1, Aanbieder 1234, Plan 0141 p2, Plan 0153 p3] gives
 * byGemeente {0153: [0, 3], 0141: [2]} and regional [1].
 */
export function sortRepresentations(representations: readonly Representation[]): SortedRepresentations {
  const byGemeente = new Map<string, number[]>()
  const regional: number[] = []
  representations.forEach((rep, index) => {
    const code = gemeenteOf(rep)
    if (code === undefined) return void regional.push(index)
    const indexes = byGemeente.get(code)
    if (indexes) indexes.push(index)
    else byGemeente.set(code, [index])
  })
  return { byGemeente, regional }
}

/** The gemeente a representation belongs to: in its key, or the key itself for Gemeente. */
function gemeenteOf(rep: Representation): string | undefined {
  if (typeof rep.gemeenteCode === 'string') return rep.gemeenteCode
  if (rep.__typename === 'Gemeente' && typeof rep.code === 'string') return rep.code
  return undefined
}

/**
 * Where the error for a missing entity goes: at the first field selected on its type, as the
 * gateway expects (an error at `['_entities', i]` alone would be attributed to no field).
 * Implements the error position of R20.
 */
export function entityErrorPaths(
  entitiesField: FieldNode,
  document: DocumentNode,
  representations: readonly Representation[],
): (index: number) => Path {
  const firstField = new Map<string, string | undefined>()
  return (index) => {
    const typename = representations[index].__typename
    if (!firstField.has(typename)) {
      const selection = entitiesField.selectionSet
        ? fieldsOf(entitiesField.selectionSet, document, typename)
        : []
      firstField.set(
        typename,
        selection.map(responseName).find((name) => name !== '__typename'),
      )
    }
    const field = firstField.get(typename)
    return field ? ['_entities', index, field] : ['_entities', index]
  }
}

/**
 * Puts the parts answered per gemeente back at the caller's positions, with their errors.
 * A part that could not be fetched nulls its entities, with one GEMEENTE_UNAVAILABLE error each.
 * Implements the merge of R16, R19 and R20 for entities routed by gemeente.
 *
 * reps [0153#a, 0141#b, 0153#c]: the 0153 part has indexes [0, 2] and answers [A, C], the 0141
 * part indexes [1] and answers [B]; merged: [A, B, C]. See `renumber` for the errors.
 */
export function mergeEntityParts(
  count: number,
  parts: readonly EntityPart[],
  pathOf: (index: number) => Path,
): Merged {
  const entities: Entity[] = new Array(count).fill(null)
  const errors: GraphQLFormattedError[] = []
  for (const part of parts) {
    if ('unavailable' in part) {
      for (const index of part.indexes) errors.push(unavailable(part.code, part.unavailable, pathOf(index)))
      continue
    }
    const received = (part.response.data?._entities ?? []) as Entity[]
    part.indexes.forEach((index, k) => (entities[index] = received[k] ?? null))
    errors.push(...withGemeente(renumber(part.response.errors, part.indexes), part.code))
  }
  return { entities, errors }
}

/**
 * Merges the answers of every instance for the regional representations at `indexes`: their
 * list fields concatenated in the order of `parts` (the registry's, by CBS code, so that lists
 * stay stable whatever order the answers arrived in). An unavailable instance gets one error
 * per entity; an error that several instances give alike is kept once, naming them all.
 * Implements R17 (concatenated in CBS-code order) and R18 (a shared error reported once).
 *
 * indexes [1, 3]; 0141 answers [{t: [x]}, {t: []}], 0153 answers [{t: [y]}, {t: [z]}] and
 * both say FORBIDDEN at ['_entities', 0, 't']: entities[1] = {t: [x, y]}, entities[3] =
 * {t: [z]}, and one error at ['_entities', 1, 't'] with `gemeenten: ['0141', '0153']`.
 */
export function mergeRegionalParts(
  count: number,
  indexes: readonly number[],
  parts: readonly EntityPart[],
  pathOf: (index: number) => Path,
): Merged {
  const entities: Entity[] = new Array(count).fill(null)
  const errors: GraphQLFormattedError[] = []
  const seen = new Map<string, string[]>()
  for (const part of parts) {
    if ('unavailable' in part) {
      for (const index of indexes) errors.push(unavailable(part.code, part.unavailable, pathOf(index)))
      continue
    }
    const received = (part.response.data?._entities ?? []) as Entity[]
    indexes.forEach((index, k) => (entities[index] = concatenate(entities[index], received[k] ?? null)))
    // Every instance may refuse the same way (say, FORBIDDEN): one error says it once and
    // names every gemeente it came from, so a client knows whose part is missing.
    for (const error of renumber(part.response.errors, indexes)) {
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
  return { entities, errors }
}

/**
 * Adds one instance's entity to what the instances before it gave: lists concatenated, other
 * fields taken from the first that has them. Never changes `from`; `into` is the merge's own.
 */
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

/**
 * Puts a part's errors back at the caller's positions (R16).
 *
 * reps [0153#a, 0141#b, 0153#c]: 0153 gets [a, c], so `indexes` is [0, 2];
 * its error at ['_entities', 1, 'naam'] becomes ['_entities', 2, 'naam'].
 * An error without an entity position (say, at ['_entities']) is left as it is.
 */
export function renumber(
  errors: ReadonlyArray<GraphQLFormattedError> | undefined,
  indexes: readonly number[],
): GraphQLFormattedError[] {
  return (errors ?? []).map((error) => {
    const path = error.path
    if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return error
    return { ...error, path: ['_entities', indexes[path[1]] ?? path[1], ...path.slice(2)] }
  })
}

/** Names the gemeente an error came from, so that a client knows whose part it concerns (R19). */
export function withGemeente(
  errors: ReadonlyArray<GraphQLFormattedError> | undefined,
  code: string,
): GraphQLFormattedError[] {
  return (errors ?? []).map((error) => ({ ...error, extensions: { ...error.extensions, gemeente: code } }))
}

/** The error that stands for a gemeente's missing part: implements the message and code of R20. */
export function unavailable(code: string, reason: string, path: Path): GraphQLFormattedError {
  return {
    message: `Gemeente ${code} is niet bereikbaar: ${reason}. De gegevens van de andere gemeenten zijn volledig.`,
    path: [...path],
    extensions: { code: ErrorCode.GEMEENTE_UNAVAILABLE, gemeente: code },
  }
}
