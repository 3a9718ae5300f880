import { Kind, parse, type SelectionSetNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql'
import { fragmentsOf } from '../routing/operation'

/**
 * The fields whose answer is the same for every caller: regional reference data of the catalogue
 * and the registry's public provider fields. Per subgraph, per type, each field with the type it
 * returns (null for a scalar or enum). Only these may be cached by the gateway (R28) and shared
 * between callers (R30). `test/gateway/public-fields.test.ts` checks every entry against the
 * composed subgraph schemas, and that the gemeente subgraph has none: its answers are personal
 * or the gemeente's own.
 *
 * Left out on purpose: `Regio` (figures for the analyst only), `Aanbieder.eigenWaarderingen`
 * (the provider's own), `Aanbieder.contracten` (their decisions are for the registry manager),
 * applications and everything below them.
 */
export const PUBLIC_FIELDS: Record<string, FieldList> = {
  catalogus: {
    Query: {
      gemeenten: 'Gemeente',
      gemeente: 'Gemeente',
      modules: 'Module',
      module: 'Module',
      ondersteuningsbehoeften: 'Ondersteuningsbehoefte',
      ondersteuningsbehoefte: 'Ondersteuningsbehoefte',
      geldendTarief: 'Tarief',
      beschikbaarheidsvoorzieningen: 'Beschikbaarheidsvoorziening',
    },
    Gemeente: { code: null, naam: null, inkoop: null },
    Module: { code: null, naam: null, soort: null, tarieven: 'Tarief' },
    Ondersteuningsbehoefte: {
      code: null,
      naam: null,
      omschrijving: null,
      wet: null,
      niveaus: null,
      tarieven: 'Tarief',
    },
    Tarief: {
      id: null,
      niveau: null,
      geldigVan: null,
      geldigTot: null,
      bedragCent: null,
      eenheid: null,
      frequentie: null,
    },
    Beschikbaarheidsvoorziening: {
      code: null,
      naam: null,
      omschrijving: null,
      budgetgarantiePercentage: null,
    },
  },
  aanbieders: {
    Query: { aanbieder: 'Aanbieder', aanbieders: 'AanbiederConnection', specialisaties: 'Specialisatie' },
    AanbiederConnection: { edges: 'AanbiederEdge', pageInfo: 'PageInfo', totalCount: null },
    AanbiederEdge: { cursor: null, node: 'Aanbieder' },
    PageInfo: { hasNextPage: null, endCursor: null },
    Aanbieder: {
      agbCode: null,
      kvkNummer: null,
      naam: null,
      wachttijdWeken: null,
      wachttijdBijgewerktOp: null,
      locaties: 'Locatie',
      werkgebied: 'Gemeente',
      specialisaties: 'Specialisatie',
      waardering: 'Waarderingscijfer',
      behaaldeResultaten: 'BehaaldResultaat',
      behaaldTotaal: 'BehaaldTotaal',
    },
    Locatie: { id: null, naam: null, postcode: null, plaats: null },
    Gemeente: { code: null },
    Specialisatie: { code: null, naam: null },
    Waarderingscijfer: { gemiddelde: null, aantal: null },
    BehaaldResultaat: {
      ondersteuningsbehoefte: null,
      naam: null,
      niveau: null,
      afgeslotenToewijzingen: null,
      aandeelBehaald: null,
      aandeelDeelsBehaald: null,
    },
    BehaaldTotaal: { afgeslotenToewijzingen: null, aandeelBehaald: null },
  },
}

/** What the gateway needs to know of one planned fetch before it sends it. */
export interface FetchShape {
  mutation: boolean
  /** An `_entities` fetch (representations in the variables). */
  entities: boolean
  /** Every field it selects is in PUBLIC_FIELDS for its subgraph: the answer is the same for anyone. */
  public: boolean
}

/** Per type, the fields allowed, each with the type it returns (null for a scalar or enum). */
export type FieldList = Record<string, Record<string, string | null>>

/**
 * Whether a selection on `type` holds only fields of `fields`, following fragments; `__typename`
 * always passes. `_entities` on Query passes when each type it asks for does (its inline
 * fragments); so does a selection on type '' (the selection of `_entities` itself).
 */
export function selectsOnly(
  fields: FieldList,
  type: string,
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value
      if (name === '__typename') continue
      if (type === 'Query' && name === '_entities') {
        if (!selection.selectionSet || !selectsOnly(fields, '', selection.selectionSet, fragments))
          return false
        continue
      }
      const returns = fields[type]?.[name]
      if (returns === undefined) return false
      if (
        selection.selectionSet &&
        (returns === null || !selectsOnly(fields, returns, selection.selectionSet, fragments))
      )
        return false
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition?.name.value ?? type
      if (!fields[on] || !selectsOnly(fields, on, selection.selectionSet, fragments)) return false
    } else {
      const fragment = fragments.get(selection.name.value)
      const on = fragment?.typeCondition.name.value
      if (!fragment || !on || !fields[on] || !selectsOnly(fields, on, fragment.selectionSet, fragments))
        return false
    }
  }
  return true
}

/** The shape of a fetch to a subgraph, from its query text. */
export function fetchShape(subgraph: string, query: string, document?: DocumentNode): FetchShape {
  const doc = document ?? parse(query)
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)
  if (!operation) return { mutation: false, entities: false, public: false }
  const fragments = fragmentsOf(doc)
  const roots = operation.selectionSet.selections
  const entities = roots.length === 1 && roots[0].kind === Kind.FIELD && roots[0].name.value === '_entities'
  const fields = PUBLIC_FIELDS[subgraph]
  return {
    mutation: operation.operation !== 'query',
    entities,
    public:
      operation.operation === 'query' &&
      !!fields &&
      selectsOnly(fields, 'Query', operation.selectionSet, fragments),
  }
}

/** The shapes of the fetches the planner makes: few, since plans are cached; bounded all the same. */
export class FetchShapes {
  private readonly shapes = new Map<string, FetchShape>()
  constructor(private readonly subgraph: string) {}
  of(query: string, document?: DocumentNode): FetchShape {
    let shape = this.shapes.get(query)
    if (!shape) {
      shape = fetchShape(this.subgraph, query, document)
      if (this.shapes.size >= 1000) this.shapes.delete(this.shapes.keys().next().value!)
      this.shapes.set(query, shape)
    }
    return shape
  }
}
