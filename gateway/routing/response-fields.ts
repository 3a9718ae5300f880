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
  print,
  TypeNameMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLEnumType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLScalarType,
  type SelectionSetNode,
} from 'graphql'

// The response of a query as the client asked it, judged on the API schema: what R34 and R36
// compare a planned fetch with, and check an answer against before passing it on unchanged.

/**
 * One field of a response as the client asked it: its response key, the field and its arguments
 * (to compare the two operations), what a value of it must be by its type (to check an answer),
 * and the fields below it.
 */
export interface Field {
  key: string
  field: string
  args: string
  value: ValueShape
  below: Field[] | null
}

/**
 * What a value of a type must be, read off the type once per plan so that checking an answer
 * asks no type a question: its wrappers outside in, then an object (checked against `below`) or a
 * leaf (checked with `accepts`).
 */
export type ValueShape =
  | { kind: 'nonNull' | 'list'; of: ValueShape }
  | { kind: 'object' }
  | { kind: 'leaf'; accepts: (value: unknown) => boolean }
  /**
   * A field the API schema does not have (`@inaccessible`): the planner asks it of one subgraph
   * for another's `@requires`. Valid client operations cannot select it, and nothing is read into
   * a response from it: it fits nothing.
   */
  | { kind: 'hidden' }

export function valueShapeOf(type: GraphQLOutputType): ValueShape {
  if (isNonNullType(type)) return { kind: 'nonNull', of: valueShapeOf(type.ofType) }
  if (isListType(type)) return { kind: 'list', of: valueShapeOf(type.ofType) }
  if (isLeafType(type)) return { kind: 'leaf', accepts: leafTest(type) }
  return { kind: 'object' }
}

/**
 * The fields a selection set on `type` answers, in order, fragments on that type spread in; null
 * for what R34 and R36 leave to Apollo: a directive, a fragment on another type, an abstract type,
 * the same response key twice.
 */
export function responseFields(
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
      if (!field) {
        const hidden = hiddenField(s, key, args)
        if (!hidden) return false
        out.push(hidden)
        continue
      }
      const named = getNamedType(field.type)
      if (isAbstractType(named)) return false
      if (isLeafType(named)) {
        if (s.selectionSet) return false
        out.push({
          key,
          field: s.name.value,
          args,
          value: valueShapeOf(field.type),
          below: null,
        })
        continue
      }
      if (!isObjectType(named) || !s.selectionSet) return false
      const below = responseFields(named, s.selectionSet, fragments)
      if (!below) return false
      out.push({ key, field: s.name.value, args, value: valueShapeOf(field.type), below })
    }
    return true
  }
  return walk(selectionSet) ? out : null
}

/**
 * A field outside the API schema, read off the selection alone: plain fields below it, any depth,
 * no fragment, alias or directive. Null for anything else, and for introspection (`__schema`,
 * `__type`), which is Apollo's to answer.
 */
function hiddenField(s: FieldNode, key: string, args: string): Field | null {
  if (s.name.value.startsWith('__')) return null
  let below: Field[] | null = null
  if (s.selectionSet) {
    below = []
    for (const inner of s.selectionSet.selections) {
      if (inner.kind !== Kind.FIELD || inner.alias || inner.directives?.length || inner.arguments?.length)
        return null
      const field = hiddenField(inner, inner.name.value, '')
      if (!field) return null
      below.push(field)
    }
  }
  return { key, field: s.name.value, args, value: { kind: 'hidden' }, below }
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
    if (!fits((value as Record<string, unknown>)[field.key], field.value, field.below)) return false
  }
  return true
}

/** Whether `value` fits a field's value shape, objects against the fields below it. */
export function fits(value: unknown, shape: ValueShape, below: Field[] | null): boolean {
  switch (shape.kind) {
    case 'nonNull':
      return value !== null && fits(value, shape.of, below)
    case 'list':
      if (value === null) return true
      if (!Array.isArray(value)) return false
      for (const element of value) if (!fits(element, shape.of, below)) return false
      return true
    case 'object':
      return value === null || (below !== null && fitsObject(value, below))
    case 'leaf':
      return value === null || shape.accepts(value)
    case 'hidden':
      return false
  }
}

/** The leaf values Apollo passes on (federation-internals' isValidLeafValue), by the API schema's type. */
function leafTest(type: GraphQLScalarType | GraphQLEnumType): (value: unknown) => boolean {
  if (isEnumType(type)) {
    const names = new Set(type.getValues().map((v) => v.name))
    return (value) => typeof value === 'string' && names.has(value)
  }
  if (!isSpecifiedScalarType(type)) return (value) => value !== undefined
  switch (type.name) {
    case 'Boolean':
      return (value) => typeof value === 'boolean'
    case 'Int':
      return (value) => typeof value === 'number' && Number.isInteger(value)
    case 'Float':
      return (value) => typeof value === 'number' && Number.isFinite(value)
    case 'ID':
      return (value) => typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))
    default:
      return (value) => typeof value === 'string'
  }
}
