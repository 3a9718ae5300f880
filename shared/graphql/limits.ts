import type { ApolloServerPlugin, BaseContext } from '@apollo/server'
import { ApolloArmor } from '@escape.tech/graphql-armor'
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isLeafType,
  isListType,
  isObjectType,
  getOperationAST,
  Lexer,
  Source,
  TokenKind,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql'
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity'
import { DomainError, ErrorCode } from '../errors'

/** How large one operation may be. The same settings hold at the gateway and at every instance. */
export interface OperationLimits {
  /** Deepest nesting of fields; fragments count as the fields they hold. */
  maxDepth: number
  /** Aliases in the operation, counted once for every place a fragment is spread. */
  maxAliases: number
  /** Directives (`@include`, `@skip`, ...) in the operation, counted like aliases. */
  maxDirectives: number
  /** Lexical tokens of the query text, counted before it is parsed. */
  maxTokens: number
  /** The estimated cost (see {@link pageSizeEstimator}). */
  maxCost: number
  /** What a list without a page size (`eerste`) counts as. */
  listFactor: number
  /** Leave "Did you mean ..." out of error messages, so that errors do not reveal the schema. */
  hideSuggestions: boolean
}

/**
 * Defaults that every documented example and test stays within: the README's deepest query is
 * 6 levels deep and costs 1,230 (with `eerste: 5`); the costliest test, 44 plans with their
 * needs, results and evaluations, costs 54,736; the full introspection query has 183 tokens
 * and costs nothing.
 */
export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 2_000,
  maxCost: 100_000,
  listFactor: 10,
  hideSuggestions: false,
}

/**
 * How many more tokens an instance accepts than the gateway. A fetch the gateway plans holds
 * less than the client's operation, but spells it out longer: `__typename` and key fields at
 * every boundary between subgraphs, the `_entities(representations: ...)` wrapper, and
 * fragments written out where the planner cannot reuse them. Depth, aliases, directives and
 * cost need no such room (see {@link pageSizeEstimator} and the depth rule).
 */
export const INSTANCE_TOKEN_FACTOR = 4

/** The limits an instance applies, from the same settings as the gateway's. */
export function instanceLimits(limits: OperationLimits): OperationLimits {
  return { ...limits, maxTokens: limits.maxTokens * INSTANCE_TOKEN_FACTOR }
}

export type Limit = 'depth' | 'aliases' | 'directives' | 'tokens' | 'cost'

const MESSAGES: Record<Limit, (max: number) => string> = {
  depth: (max) => `De operatie is te diep genest: ten hoogste ${max} niveaus.`,
  aliases: (max) => `De operatie gebruikt te veel aliassen: ten hoogste ${max}.`,
  directives: (max) => `De operatie gebruikt te veel directives: ten hoogste ${max}.`,
  tokens: (max) => `De operatie is te lang: ten hoogste ${max} tokens.`,
  cost: (max) =>
    `De operatie vraagt te veel gegevens op: geschatte kosten ten hoogste ${max}. Vraag kleinere pagina's op (eerste) of minder geneste lijsten.`,
}

/** The refusal of an operation over one of its limits: HTTP 400, before anything runs. */
export function limitExceeded(limit: Limit, max: number) {
  return new DomainError(ErrorCode.OPERATION_LIMIT_EXCEEDED, MESSAGES[limit](max), {
    limit,
    max,
    http: { status: 400 },
  })
}

/**
 * The cost of a field: nothing for a scalar or enum (it is read with its object), otherwise 1
 * plus what is selected below it, times how many there may be:
 *
 * - `eerste` (a connection's page size) when the field takes it: `plannen(eerste: 5)` costs
 *   five times its selection. Without the argument its default page size counts.
 * - 1 for the `edges` of a connection: their number is the page size already counted.
 * - `listFactor` for any other list, whose length the client does not choose.
 * - 1 for `_entities`: the gateway asks for one selection per representation, and that
 *   selection costs at the gateway at least as much as here. Counting the representations
 *   would refuse at an instance an operation the gateway accepted.
 *
 * Scalars cost nothing so that the key fields and `__typename` that the gateway adds to its
 * fetches cannot push a fetch over the cost the gateway accepted. Introspection costs nothing.
 *
 * Example, the README's ActievePlannen with `eerste: 5` and listFactor 10: a node costs
 * 1 + regisseur 1 + huishouden (1 + leden 10) + behoeften 10 x (1 + resultaten 10)
 * + toewijzingen 10 x (1 + aanbieder 1 + modules 10) = 243; edges 244, pageInfo 1,
 * plannen 5 x (1 + 244 + 1) = 1,230.
 */
export function pageSizeEstimator(listFactor: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.name.startsWith('__') || type.name.startsWith('__')) return 0
    if (isLeafType(getNamedType(field.type))) return 0
    return (1 + childComplexity) * multiplier()

    function multiplier() {
      if (typeof args.eerste === 'number') return Math.max(1, args.eerste)
      if (!isListType(getNullableType(field.type))) return 1
      if (field.name === '_entities') return 1
      if (isObjectType(type) && 'pageInfo' in type.getFields()) return 1
      return listFactor
    }
  }
}

/** The estimated cost of the operation `operationName` of a document, as {@link pageSizeEstimator} counts it. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: Pick<OperationLimits, 'listFactor'>,
  variables: Record<string, unknown> = {},
  operationName?: string,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [pageSizeEstimator(limits.listFactor)],
  })
}

/**
 * The lexical tokens of a query text, counted no further than `stopAfter`: an enormous query
 * costs no more to refuse than a small one. A syntax error ends the count; the parser reports it.
 */
export function countTokens(source: string, stopAfter = Infinity): number {
  const lexer = new Lexer(new Source(source))
  let count = 0
  try {
    while (count <= stopAfter && lexer.advance().kind !== TokenKind.EOF) count++
  } catch {
    // counted up to the syntax error
  }
  return count
}

/**
 * graphql-armor's depth, alias and directive rules, reporting our own refusal. Fragments are
 * flattened for depth, so that the inline fragment `... on Plan` in the gateway's entity
 * fetches adds no level: a fetch is never deeper than the operation the gateway accepted.
 */
function armorRules(limits: OperationLimits): ValidationRule[] {
  const refuse = (limit: Limit, max: number) => (context: ValidationContext | null) =>
    context?.reportError(limitExceeded(limit, max))
  const common = { exposeLimits: false, propagateOnRejection: false }
  return new ApolloArmor({
    maxDepth: {
      ...common,
      n: limits.maxDepth,
      flattenFragments: true,
      onReject: [refuse('depth', limits.maxDepth)],
    },
    maxAliases: { ...common, n: limits.maxAliases, onReject: [refuse('aliases', limits.maxAliases)] },
    maxDirectives: {
      ...common,
      n: limits.maxDirectives,
      onReject: [refuse('directives', limits.maxDirectives)],
    },
    // Tokens, cost and suggestions are handled below: armor's token plugin turns every
    // unexpected error into a validation error, its cost rule only reads `first`/`last`, and
    // its suggestion filter misses "Did you mean the enum value ...".
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect().validationRules
}

/**
 * The first limit an operation exceeds, or null. Depth, aliases and directives first (they
 * are cheap and bound what the cost estimate must walk), then the cost.
 */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: OperationLimits,
  variables: Record<string, unknown> = {},
  operationName?: string,
  rules: ValidationRule[] = armorRules(limits),
): GraphQLError | null {
  return checkShape(schema, document, rules) ?? checkCost(schema, document, limits, variables, operationName)
}

/** Depth, aliases and directives: what the document alone decides. */
function checkShape(
  schema: GraphQLSchema,
  document: DocumentNode,
  rules: ValidationRule[],
): GraphQLError | null {
  const [refused] = validate(schema, document, rules)
  return refused ?? null
}

/**
 * What `estimateCost` gives for variables that do not fit the operation: execution refuses them
 * before any resolver runs, so they are let through here, but that is no verdict on the
 * operation's cost, and it is never kept for other variables (see operationLimitsPlugin).
 */
const UNCOSTED = Symbol('uncosted')

/** The cost limit, which may depend on the variables (page sizes, `@include(if: $x)`). */
function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: OperationLimits,
  variables: Record<string, unknown>,
  operationName?: string,
): GraphQLError | null {
  const verdict = estimateCost(schema, document, limits, variables, operationName)
  return verdict === UNCOSTED ? null : verdict
}

function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: OperationLimits,
  variables: Record<string, unknown>,
  operationName?: string,
): GraphQLError | null | typeof UNCOSTED {
  let cost: number
  try {
    cost = operationCost(schema, document, limits, variables, operationName)
  } catch (err) {
    // graphql-query-complexity stops after 10,000 nodes: fragments spread in fragments can
    // multiply a short query into more than that, which is exactly what the cost limit is for.
    if (err instanceof GraphQLError && /maximum allowed number of nodes/.test(err.message))
      return limitExceeded('cost', limits.maxCost)
    // Invalid variables: execution refuses them before any resolver runs. Anything else is a
    // cost that could not be estimated, and an operation of unknown cost is not run.
    if (err instanceof GraphQLError && /^Variable "\$/.test(err.message)) return UNCOSTED
    return limitExceeded('cost', limits.maxCost)
  }
  return cost > limits.maxCost ? limitExceeded('cost', limits.maxCost) : null
}

/**
 * What of the variables the cost can depend on: the estimate reads only numbers (`eerste`) and
 * booleans (`@include`, `@skip`); of any other value only its kind counts (a string where a
 * number is expected fails in execution, whatever the string). The key is short even when the
 * variables are large, as the gateway's entity representations are.
 *
 * Only the variables the operation declares (`declared`, in their order) make the key, one kind
 * per place: execution reads no other, and a caller who may name variables freely could
 * otherwise make two different sets of them read as one key, and have a cheap verdict reused
 * for an expensive page size.
 */
export function costKey(declared: readonly string[], variables: Record<string, unknown> | undefined): string {
  let key = ''
  for (const name of declared) {
    const value = variables?.[name]
    const kind =
      typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : value === null
          ? 'null'
          : Array.isArray(value)
            ? '[]'
            : typeof value
    key += `${kind};`
  }
  return key
}

/** Verdicts kept per document and operation name: the shape once, the cost per cost key. */
interface Verdicts {
  shape: GraphQLError | null
  /** The variables the operation declares, for its cost keys. */
  declared: string[]
  costs: Map<string, GraphQLError | null>
}

/** Most cost keys kept per operation: enough for every page size a front-end uses. */
const COST_KEYS_PER_OPERATION = 256

const SUGGESTION = / ?Did you mean .+?\?/g

/**
 * The Apollo Server plugin that refuses an operation over its limits with
 * OPERATION_LIMIT_EXCEEDED and HTTP 400 before it runs: tokens before parsing, the rest after
 * validation. With `hideSuggestions` it also removes "Did you mean ..." from every error.
 */
export function operationLimitsPlugin<TContext extends BaseContext>(
  limits: OperationLimits,
): ApolloServerPlugin<TContext> {
  const rules = armorRules(limits)
  // Apollo Server hands the same parsed document for the same query text (its document store),
  // and front-ends and the gateway send the same operations again and again: the verdict on the
  // document's shape is reached once, and its cost once per cost key (see costKey).
  const verdicts = new WeakMap<DocumentNode, Map<string | undefined, Verdicts>>()
  const decide = (
    schema: GraphQLSchema,
    document: DocumentNode,
    name: string | undefined,
    variables: Record<string, unknown> | undefined,
  ): GraphQLError | null => {
    let byName = verdicts.get(document)
    if (!byName) verdicts.set(document, (byName = new Map()))
    let known = byName.get(name)
    if (!known) {
      const declared = (getOperationAST(document, name)?.variableDefinitions ?? []).map(
        (v) => v.variable.name.value,
      )
      byName.set(name, (known = { shape: checkShape(schema, document, rules), declared, costs: new Map() }))
    }
    if (known.shape) return known.shape
    const key = costKey(known.declared, variables)
    const cached = known.costs.get(key)
    if (cached !== undefined) return cached
    const verdict = estimateCost(schema, document, limits, variables ?? {}, name)
    if (verdict === UNCOSTED) return null
    if (known.costs.size < COST_KEYS_PER_OPERATION) known.costs.set(key, verdict)
    return verdict
  }
  return {
    // Apollo Server offers no hook before parsing whose error becomes the response; a hook that
    // throws ends here, and rethrowing our own refusal lets Apollo answer it like a failed
    // context function (status and code from the error). graphql-armor relies on the same path.
    async unexpectedErrorProcessingRequest({ error }) {
      if (error instanceof DomainError && error.extensions.code === ErrorCode.OPERATION_LIMIT_EXCEEDED)
        throw error
    },
    async requestDidStart() {
      return {
        async parsingDidStart({ source }) {
          if (countTokens(source, limits.maxTokens) > limits.maxTokens)
            throw limitExceeded('tokens', limits.maxTokens)
        },
        async didResolveOperation({ schema, document, request }) {
          const refused = decide(schema, document, request.operationName ?? undefined, request.variables)
          if (refused) throw refused
        },
        async didEncounterErrors({ errors }) {
          if (!limits.hideSuggestions) return
          for (const error of errors) error.message = error.message.replace(SUGGESTION, '')
        },
      }
    },
  }
}
