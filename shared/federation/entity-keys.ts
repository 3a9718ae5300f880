import {
  Kind,
  parse,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql'
import { badInput } from '../errors'

/** Each entity type's keys, from its `@key(fields: "gemeenteCode id")` directives. */
export function entityKeys(typeDefs: DocumentNode): Map<string, SelectionSetNode[]> {
  const keys = new Map<string, SelectionSetNode[]>()
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION)
      continue
    for (const directive of definition.directives ?? []) {
      const fields = directive.arguments?.find((a) => a.name.value === 'fields')?.value
      if (directive.name.value !== 'key' || fields?.kind !== Kind.STRING) continue
      const selection = (parse(`{${fields.value}}`).definitions[0] as OperationDefinitionNode).selectionSet
      keys.set(definition.name.value, [...(keys.get(definition.name.value) ?? []), selection])
    }
  }
  return keys
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The first field of `key` that `value` lacks, as a path (`id`, `organisatie.code`), or null
 * when it has them all. A leaf must be a scalar value, a nested key an object.
 */
function ontbrekend(value: Record<string, unknown>, key: SelectionSetNode, prefix = ''): string | null {
  for (const selection of key.selections) {
    if (selection.kind !== Kind.FIELD) continue
    const pad = `${prefix}${selection.name.value}`
    const v = value[selection.name.value]
    if (selection.selectionSet) {
      if (!isObject(v)) return pad
      const dieper = ontbrekend(v, selection.selectionSet, `${pad}.`)
      if (dieper) return dieper
    } else if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return pad
  }
  return null
}

/**
 * Checks what `_entities` receives before any reference resolver runs: every representation is
 * an object naming an entity type of this subgraph and carrying every field of one of its keys.
 * The gateway always sends such; anything else comes from a direct caller and is refused with
 * BAD_USER_INPUT naming the representation and the missing key field, not answered with an
 * internal error or resolved by a partial key.
 */
export function guardRepresentations(schema: GraphQLSchema, keys: Map<string, SelectionSetNode[]>): void {
  const field = schema.getQueryType()?.getFields()._entities
  if (!field?.resolve) return
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve
  field.resolve = (source, args: { representations?: unknown[] }, context, info) => {
    for (const [i, representation] of (args.representations ?? []).entries()) {
      const plaats = `representations.${i}`
      if (!isObject(representation))
        throw badInput(
          `${plaats}: een representatie is een object met __typename en de sleutelvelden.`,
          plaats,
        )
      const type = representation.__typename
      const sleutels = typeof type === 'string' ? keys.get(type) : undefined
      if (!sleutels)
        throw badInput(`${plaats}.__typename: ${String(type)} is hier geen entiteit.`, `${plaats}.__typename`)
      const missen = sleutels.map((sleutel) => ontbrekend(representation, sleutel))
      if (!missen.includes(null)) {
        const veld = `${plaats}.${missen[0]}`
        throw badInput(`${veld}: het sleutelveld ${missen[0]} van ${type} ontbreekt.`, veld)
      }
    }
    return resolve(source, args, context, info)
  }
}
