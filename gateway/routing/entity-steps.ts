import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway'
import {
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql'
import { fragmentsOf, operationOf } from './operation'
import { responseFields, type Field, type ValueShape } from './response-fields'

type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan']
type PlanNode = NonNullable<QueryPlan['node']>
export type FetchNode = Extract<PlanNode, { kind: 'Fetch' }>
type FlattenNode = Extract<PlanNode, { kind: 'Flatten' }>

/**
 * One entity fetch of an R36 plan: the objects at `path` of the data so far (`@` for each element
 * of a list), each of type `typename`, whose representation is `__typename` and `keys`. `stage`:
 * the steps of one stage go out together, after those of the stage before (whose entities may
 * hold this step's objects).
 */
export interface EntityStep {
  fetch: FetchNode
  path: string[]
  typename: string
  keys: RequiredField[]
  stage: number
}

/**
 * A field of a representation: a key field, or a field the fetch `@requires`; with `below` the
 * plain fields it selects of the object (or each object of the list) it holds.
 */
export interface RequiredField {
  name: string
  below: RequiredField[] | null
}

/** An R36/R37 plan: one fetch, then only entity fetches at paths into its data, stage by stage. */
export interface EntitiesPlan {
  fetch: FetchNode
  steps: EntityStep[]
  /** The response as the client asked it. */
  fields: Field[]
}

/**
 * Judges a plan for R36 and R37: the first fetch (no `requires`, no rewrites), then stage after
 * stage one entity fetch or several in parallel, each at a path into the data so far (the first
 * fetch's and the entities of the stages before), with a representation
 * of `__typename` and plain key fields, asking one inline fragment on an object type. Every field
 * the client asked must be one the first fetch or an entity fetch asks, with the same name and
 * arguments under the same response key, and no key may come from both (so a response is read,
 * never merged). Null for anything else: Apollo Gateway executes it. Whether the entities come
 * from the cache (R36) or are fetched (R37) is the caller's to decide, per request.
 */
export function entitiesPlan(
  schema: GraphQLSchema,
  client: OperationDefinitionNode | undefined,
  document: DocumentNode,
  plan: QueryPlan,
): EntitiesPlan | null {
  const root = schema.getQueryType()
  const node = plan.node
  if (!root || !client || client.operation !== 'query' || node?.kind !== 'Sequence' || node.nodes.length < 2)
    return null
  const [first, ...then] = node.nodes
  if (first.kind !== 'Fetch' || !plainFetch(first) || first.requires) return null
  const stages = then.map((stage) => (stage.kind === 'Parallel' ? stage.nodes : [stage]))
  if (!stages.every((flattens) => flattens.every((f): f is FlattenNode => f.kind === 'Flatten'))) return null

  const firstDocument = first.operationDocumentNode ?? parse(first.operation)
  const sent = operationOf(firstDocument)
  if (sent.operation !== 'query') return null
  const answered = responseFields(root, sent.selectionSet, fragmentsOf(firstDocument))
  const clientFragments = fragmentsOf(document)
  // Apollo merges fragments on one type wherever they stand, which can change the order of keys;
  // with at most one fragment per selection set the client's order is Apollo's.
  if (fragmentsTogether(client.selectionSet, clientFragments)) return null
  const wanted = responseFields(root, client.selectionSet, clientFragments)
  if (!answered || !wanted) return null

  const steps: EntityStep[] = []
  // A stage's fields are added to those answered so far once the whole stage is judged: a later
  // stage finds its objects and required fields among them, a step of the same stage does not.
  for (const [stage, flattens] of stages.entries()) {
    const added: [Field[], Field][] = []
    for (const flatten of flattens) {
      const fetch = flatten.node
      if (fetch.kind !== 'Fetch' || !plainFetch(fetch)) return null
      const step = entityStep(fetch, flatten.path, stage)
      if (!step) return null
      const type = schema.getType(step.typename)
      const fragment = entityFragment(fetch)
      if (!isObjectType(type) || !fragment || fragment.typeCondition?.name.value !== step.typename)
        return null
      const fields = responseFields(type, fragment.selectionSet, new Map())
      const at = fieldsAt(answered, step.path)
      if (!fields || !at) return null
      // The representation is read from the data so far; the entity's fields are added to it.
      if (!answersRequired(at, step.keys)) return null
      for (const field of fields) {
        if (field.key === '__typename') continue
        if (at.some((f) => f.key === field.key) || added.some(([a, f]) => a === at && f.key === field.key))
          return null
        added.push([at, field])
      }
      steps.push(step)
    }
    for (const [at, field] of added) at.push(field)
  }
  return covers(wanted, answered) ? { fetch: first, steps, fields: wanted } : null
}

/**
 * Whether a selection set holds two fragments (inline or spread) side by side, counting those in
 * its fragments too, at any depth.
 */
function fragmentsTogether(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): boolean {
  let side = 0
  const walk = (set: SelectionSetNode): boolean => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.selectionSet && fragmentsTogether(s.selectionSet, fragments)) return true
        continue
      }
      if (++side > 1) return true
      const inner =
        s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : fragments.get(s.name.value)?.selectionSet
      if (inner && walk(inner)) return true
    }
    return false
  }
  return walk(selectionSet)
}

const plainFetch = (fetch: FetchNode) =>
  fetch.operationKind === 'query' &&
  !fetch.inputRewrites?.length &&
  !fetch.outputRewrites?.length &&
  !fetch.contextRewrites?.length

/**
 * The step of an entity fetch whose `requires` is one inline fragment of `__typename` and fields,
 * each plain or selecting plain fields below it (a `@requires` of a list of objects, say), no alias.
 */
function entityStep(fetch: FetchNode, path: readonly (string | number)[], stage: number): EntityStep | null {
  const requires = fetch.requires
  if (!requires || requires.length !== 1 || !path.every((p) => typeof p === 'string')) return null
  const [fragment] = requires
  if (fragment.kind !== 'InlineFragment' || !fragment.typeCondition) return null
  const [typename, ...selections] = fragment.selections
  if (
    typename?.kind !== 'Field' ||
    typename.name !== '__typename' ||
    typename.alias ||
    selections.length === 0
  )
    return null
  const keys = requiredFields(selections)
  return keys && { fetch, path: path as string[], typename: fragment.typeCondition, keys, stage }
}

type RequiresSelection = NonNullable<FetchNode['requires']>[number]

/** Fields without alias, `__typename` or fragment, at most one level of plain fields below each. */
function requiredFields(selections: readonly RequiresSelection[], depth = 0): RequiredField[] | null {
  const fields: RequiredField[] = []
  for (const s of selections) {
    if (s.kind !== 'Field' || s.alias || s.name === '__typename') return null
    if (!s.selections) fields.push({ name: s.name, below: null })
    else {
      const below = depth === 0 && s.selections.length > 0 ? requiredFields(s.selections, depth + 1) : null
      if (!below) return null
      fields.push({ name: s.name, below })
    }
  }
  return fields
}

/**
 * Whether the data so far (`at`: the fields answered at the step's path) holds every field of a
 * representation under its own name, without arguments: a plain field as a leaf, a field with
 * fields below as objects that hold those.
 */
const answersRequired = (at: Field[], required: RequiredField[]): boolean =>
  required.every((r) =>
    at.some(
      (f) =>
        f.key === r.name &&
        f.field === r.name &&
        f.args === '' &&
        (r.below === null ? f.below === null : f.below !== null && answersRequired(f.below, r.below)),
    ),
  )

/** The one inline fragment an `_entities` fetch asks, without directives; null for anything else. */
function entityFragment(fetch: FetchNode): InlineFragmentNode | null {
  const document = fetch.operationDocumentNode ?? parse(fetch.operation)
  const [entities] = operationOf(document).selectionSet.selections
  const selections = entities?.kind === Kind.FIELD ? entities.selectionSet?.selections : undefined
  const fragment = selections?.length === 1 ? selections[0] : undefined
  return fragment?.kind === Kind.INLINE_FRAGMENT && !fragment.directives?.length ? fragment : null
}

/** The fields below the response path (`@` steps into list elements), or null if it leads nowhere. */
function fieldsAt(fields: Field[], path: string[]): Field[] | null {
  let at = fields
  for (const key of path) {
    if (key === '@') continue
    const below = at.find((f) => f.key === key)?.below
    if (!below) return null
    at = below
  }
  return at
}

/** Whether every field wanted is answered: same key, field and arguments, at every depth. */
const covers = (wanted: Field[], answered: Field[]): boolean =>
  wanted.every((w) => {
    const a = answered.find((f) => f.key === w.key)
    return (
      !!a &&
      a.field === w.field &&
      a.args === w.args &&
      (w.below === null ? a.below === null : a.below !== null && covers(w.below, a.below))
    )
  })

/**
 * The objects an entity fetch completes, and their representations as Apollo Gateway makes them
 * (one per object, in order, none skipped for being the same): R37 sends the fetch Apollo would.
 */
export interface EntitiesAt {
  objects: Record<string, unknown>[]
  representations: Record<string, unknown>[]
}

/**
 * The objects at a step's path in `data` (nulls skipped, as Apollo skips them) with their
 * representations; null when one is not of the step's type or lacks a key field, which Apollo
 * would treat otherwise. `entities`: the entities of earlier stages, per object, whose fields
 * count as the object's (Apollo merges them into it before the next stage).
 */
export function entitiesAt(
  data: unknown,
  step: EntityStep,
  entities: ReadonlyMap<object, Record<string, unknown>> = new Map(),
): EntitiesAt | null {
  // Own keys only, as Apollo's `hasOwn`: a name Object.prototype has is no field of the data.
  const read = (object: Record<string, unknown>, key: string) => {
    const holder = holderOf(object, key, entities)
    return Object.hasOwn(holder, key) ? holder[key] : undefined
  }
  const objects: Record<string, unknown>[] = []
  const representations: Record<string, unknown>[] = []
  const walk = (value: unknown, depth: number): boolean => {
    if (value === null || value === undefined) return true
    if (depth === step.path.length) {
      if (typeof value !== 'object' || Array.isArray(value)) return false
      const object = value as Record<string, unknown>
      if (read(object, '__typename') !== step.typename) return false
      const representation = represent(object, step.typename, step.keys, read)
      if (!representation) return false
      objects.push(object)
      representations.push(representation)
      return true
    }
    const key = step.path[depth]
    if (key === '@') return Array.isArray(value) && value.every((v) => walk(v, depth + 1))
    if (typeof value !== 'object' || Array.isArray(value)) return false
    return walk(read(value as Record<string, unknown>, key), depth + 1)
  }
  return walk(data, 0) ? { objects, representations } : null
}

/**
 * The representation of an object: `__typename` and the required fields in the plan's order, as
 * Apollo's `executeSelectionSet` makes it: a field with fields below keeps a null, and is read
 * element by element from a list (a null element stays null). Null where a field is missing or a
 * value is not what its selection needs, which Apollo would treat otherwise (it leaves the object
 * out, or nulls an object below): its to handle.
 */
function represent(
  object: Record<string, unknown>,
  typename: string,
  fields: RequiredField[],
  read: (object: Record<string, unknown>, key: string) => unknown,
): Record<string, unknown> | null {
  const representation: Record<string, unknown> = { __typename: typename }
  return selectInto(representation, object, fields, read) ? representation : null
}

/** Copies `fields` of `object` into `into`, those with fields below selected from their objects. */
function selectInto(
  into: Record<string, unknown>,
  object: Record<string, unknown>,
  fields: RequiredField[],
  read: (object: Record<string, unknown>, key: string) => unknown,
): boolean {
  const select = (value: unknown, below: RequiredField[]): unknown => {
    if (value === null) return null
    if (typeof value !== 'object' || Array.isArray(value)) return NO_FIT
    const selected: Record<string, unknown> = {}
    return selectInto(selected, value as Record<string, unknown>, below, read) ? selected : NO_FIT
  }
  for (const { name, below } of fields) {
    const value = read(object, name)
    if (value === undefined) return false
    if (!below) {
      into[name] = value
      continue
    }
    const selected = Array.isArray(value) ? value.map((v) => select(v, below)) : select(value, below)
    if (selected === NO_FIT || (Array.isArray(selected) && selected.includes(NO_FIT))) return false
    into[name] = selected
  }
  return true
}

/**
 * Where an object's `key` is read: its entity (the fields entity fetches added to it) when that
 * has the key, else the object itself, as in Apollo's merge of the two.
 */
function holderOf(
  object: Record<string, unknown>,
  key: string,
  entities: ReadonlyMap<object, Record<string, unknown>>,
): Record<string, unknown> {
  const entity = entities.get(object)
  return entity && Object.hasOwn(entity, key) ? entity : object
}

/** Returned by `shapeObject` for data that is not what the client asked. */
export const NO_FIT = Symbol('no fit')

/**
 * The client's response from the first fetch's data and the entities answered for its objects
 * (`entities`: per object, its entity's fields): each object with exactly the asked keys in the
 * asked order, the entity's value where it has the key. NO_FIT where a key is missing, a null
 * stands where the API schema forbids one, or a leaf is not a value Apollo accepts for its type:
 * what Apollo's walk of the response (computeResponse) would give back, or Apollo's to handle.
 */
export function shapeObject(
  value: unknown,
  fields: Field[],
  entities: ReadonlyMap<object, Record<string, unknown>>,
): Record<string, unknown> | typeof NO_FIT {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return NO_FIT
  const object = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const field of fields) {
    const from = holderOf(object, field.key, entities)
    if (!Object.hasOwn(from, field.key)) return NO_FIT
    const shaped = shapeValue(from[field.key], field.value, field.below, entities)
    if (shaped === NO_FIT) return NO_FIT
    out[field.key] = shaped
  }
  return out
}

function shapeValue(
  value: unknown,
  shape: ValueShape,
  below: Field[] | null,
  entities: ReadonlyMap<object, Record<string, unknown>>,
): unknown {
  switch (shape.kind) {
    case 'nonNull':
      return value === null ? NO_FIT : shapeValue(value, shape.of, below, entities)
    case 'list': {
      if (value === null) return null
      if (!Array.isArray(value)) return NO_FIT
      const out = new Array<unknown>(value.length)
      for (let i = 0; i < value.length; i++) {
        const shaped = shapeValue(value[i], shape.of, below, entities)
        if (shaped === NO_FIT) return NO_FIT
        out[i] = shaped
      }
      return out
    }
    case 'object':
      return value === null ? null : below ? shapeObject(value, below, entities) : NO_FIT
    case 'leaf':
      return value === null || shape.accepts(value) ? value : NO_FIT
    case 'hidden':
      return NO_FIT
  }
}
