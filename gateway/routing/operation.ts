import {
  Kind,
  print,
  valueFromASTUntyped,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql'

/** The argument every root field of the gemeente subgraph carries (R2), and the gateway routes on (R10). */
export const ROUTING_ARGUMENT = 'gemeenteCode'

export function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )
  if (operations.length !== 1)
    throw new Error(`expected one operation in a subgraph fetch, found ${operations.length}`)
  return operations[0]
}

/** The fragments a document defines, by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  )
}

/** The fields of a selection set, with fragments spread in (the planner may use both). */
export function fieldsOf(
  selectionSet: SelectionSetNode,
  document: DocumentNode,
  typeName?: string,
): FieldNode[] {
  const fragments = fragmentsOf(document)
  const out: FieldNode[] = []
  const walk = (selections: readonly SelectionNode[]) => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) out.push(s)
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (!typeName || !s.typeCondition || s.typeCondition.name.value === typeName)
          walk(s.selectionSet.selections)
      } else {
        const fragment = fragments.get(s.name.value)
        if (fragment && (!typeName || fragment.typeCondition.name.value === typeName))
          walk(fragment.selectionSet.selections)
      }
    }
  }
  walk(selectionSet.selections)
  return out
}

export const responseName = (field: FieldNode) => field.alias?.value ?? field.name.value

/**
 * The value of a field's routing argument, from a literal or a variable; undefined when absent.
 * Implements the reading of R10.
 */
export function routingValue(field: FieldNode, variables: Record<string, unknown>): string | undefined {
  const argument = field.arguments?.find((a) => a.name.value === ROUTING_ARGUMENT)
  return argument ? valueOf(argument.value, variables) : undefined
}

/**
 * The variables as the operation reads them: a variable the client did not send takes its
 * default (`$g: ID = "0153"`). The planner keeps defaults in a fetch's operation and passes on
 * only the variables sent, so routing on those alone would miss the gemeente such a field names.
 */
export function withDefaults(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  let out = variables
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value
    if (definition.defaultValue && variables[name] === undefined) {
      if (out === variables) out = { ...variables }
      out[name] = valueFromASTUntyped(definition.defaultValue)
    }
  }
  return out
}

// gemeenteCode is an ID, and an ID may be written as a string or an integer: the query planner
// itself prints "1735" as 1735 (while "0153" keeps its quotes), and a client may send a number
// in variables. Both mean the same gemeente.
function valueOf(node: ValueNode, variables: Record<string, unknown>): string | undefined {
  if (node.kind === Kind.VARIABLE) {
    const value = variables[node.name.value]
    if (typeof value === 'string') return value
    return typeof value === 'number' && Number.isInteger(value) ? String(value) : undefined
  }
  return node.kind === Kind.STRING || node.kind === Kind.INT ? node.value : undefined
}

/**
 * A copy of the operation that keeps only the given root fields, without the variables and
 * fragments that are then unused: GraphQL validation rejects unused ones. Implements the cut of R12.
 */
export function narrowOperation(
  document: DocumentNode,
  keep: readonly FieldNode[],
  variables: Record<string, unknown>,
): { query: string; variables: Record<string, unknown> } {
  const operation = operationOf(document)
  const narrowed: OperationDefinitionNode = {
    ...operation,
    selectionSet: { ...operation.selectionSet, selections: keep },
  }
  const allFragments = fragmentsOf(document)
  const usedFragments = new Set<string>()
  const usedVariables = new Set<string>()
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node.selectionSet, {
      Variable: (v) => {
        usedVariables.add(v.name.value)
      },
      FragmentSpread: (spread) => {
        if (usedFragments.has(spread.name.value)) return
        usedFragments.add(spread.name.value)
        const fragment = allFragments.get(spread.name.value)
        if (fragment) collect(fragment)
      },
    })
  collect(narrowed)
  const definitions = [
    {
      ...narrowed,
      variableDefinitions: operation.variableDefinitions?.filter((d) =>
        usedVariables.has(d.variable.name.value),
      ),
    },
    ...[...allFragments.values()].filter((f) => usedFragments.has(f.name.value)),
  ]
  return {
    query: print({ kind: Kind.DOCUMENT, definitions }),
    variables: Object.fromEntries(Object.entries(variables).filter(([name]) => usedVariables.has(name))),
  }
}
