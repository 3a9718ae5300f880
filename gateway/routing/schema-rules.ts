import {
  Kind,
  parse,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
} from 'graphql'
import { ROUTING_ARGUMENT } from './operation'

const FEDERATION_ROOT_FIELDS = new Set(['_entities', '_service'])

const keyFields = (type: ObjectTypeDefinitionNode | ObjectTypeExtensionNode) =>
  (type.directives ?? [])
    .filter((d) => d.name.value === 'key')
    .map((d) => {
      const fields = d.arguments?.find((a) => a.name.value === 'fields')?.value
      return fields?.kind === Kind.STRING ? fields.value.split(/\s+/) : []
    })

/**
 * The rules that make the gemeente subgraph routable (docs/routing.md): every root field names
 * its gemeente and is nullable (R2); every entity it owns has the gemeente in its key, and what
 * it adds to Gemeente is nullable, so that a gemeente that is down nulls only its own part (R3);
 * what it adds to a regional entity is a nullable list, because the gateway concatenates those
 * across gemeenten (R4). Returns the violations; empty when the schema is routable.
 */
export function gemeenteSchemaProblems(sdl: string): string[] {
  const problems: string[] = []
  const types = parse(sdl).definitions.filter(
    (d): d is ObjectTypeDefinitionNode | ObjectTypeExtensionNode =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION,
  )
  for (const type of types) {
    const name = type.name.value
    const fields: readonly FieldDefinitionNode[] = type.fields ?? []
    if (name === 'Query' || name === 'Mutation') {
      for (const field of fields) {
        if (FEDERATION_ROOT_FIELDS.has(field.name.value)) continue
        if (!field.arguments?.some((a) => a.name.value === ROUTING_ARGUMENT)) {
          problems.push(
            `${name}.${field.name.value} has no ${ROUTING_ARGUMENT} argument, so it cannot be routed`,
          )
        }
        if (field.type.kind === Kind.NON_NULL_TYPE)
          problems.push(`${name}.${field.name.value} must be nullable`)
      }
      continue
    }
    const keys = keyFields(type)
    if (keys.length === 0) continue
    const key = new Set(keys.flat())
    const added = fields.filter((f) => !key.has(f.name.value))
    if (name === 'Gemeente') {
      for (const f of added)
        if (f.type.kind === Kind.NON_NULL_TYPE) problems.push(`Gemeente.${f.name.value} must be nullable`)
    } else if (!keys.every((k) => k.includes(ROUTING_ARGUMENT))) {
      for (const f of added) {
        if (f.type.kind !== Kind.LIST_TYPE) {
          problems.push(
            `${name}.${f.name.value} must be a nullable list: ${name} is regional and its lists are concatenated`,
          )
        }
      }
    }
  }
  return problems
}
