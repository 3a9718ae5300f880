import { readFileSync } from 'node:fs'
import { Kind, parse, type TypeNode } from 'graphql'
import { describe, expect, it } from 'vitest'
import { FROM_REGIONAL_CATALOGUE } from '../../gateway/routing/gemeente-router'
import { fetchShape, PUBLIC_FIELDS, type FieldList } from '../../gateway/sharing/public-fields'

/** Every object type's fields in a composed subgraph schema, each with its named type. */
function fieldsOfSchema(subgraph: string): Map<string, Map<string, string>> {
  const named = (type: TypeNode): string =>
    type.kind === Kind.NAMED_TYPE ? type.name.value : named(type.type)
  const out = new Map<string, Map<string, string>>()
  for (const definition of parse(readFileSync(`gateway/schema/${subgraph}.graphql`, 'utf8')).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION)
      continue
    const fields = out.get(definition.name.value) ?? new Map<string, string>()
    for (const field of definition.fields ?? []) fields.set(field.name.value, named(field.type))
    out.set(definition.name.value, fields)
  }
  return out
}

/** The entries of a list that its subgraph's schema does not have, or types differently. */
function mismatches(list: FieldList, subgraph: string): string[] {
  const schema = fieldsOfSchema(subgraph)
  const problems: string[] = []
  for (const [type, fields] of Object.entries(list)) {
    for (const [field, returns] of Object.entries(fields)) {
      const actual = schema.get(type)?.get(field)
      if (!actual) problems.push(`${type}.${field} is not in ${subgraph}`)
      else if (returns !== null && returns !== actual)
        problems.push(`${type}.${field} returns ${actual}, listed ${returns}`)
      else if (returns === null && schema.has(actual))
        problems.push(`${type}.${field} returns the object ${actual}`)
      else if (returns !== null && !list[returns])
        problems.push(`${type}.${field} returns ${returns}, which is not listed`)
    }
  }
  return problems
}

describe('the fields the gateway may cache and share between callers (R28, R30)', () => {
  it('are listed only for the catalogue and the registry, never for the gemeente subgraph', () => {
    expect(Object.keys(PUBLIC_FIELDS).sort()).toEqual(['aanbieders', 'catalogus'])
  })

  it('each exist in their subgraph’s composed schema, with the type they are listed with', () => {
    expect(mismatches(PUBLIC_FIELDS.catalogus, 'catalogus')).toEqual([])
    expect(mismatches(PUBLIC_FIELDS.aanbieders, 'aanbieders')).toEqual([])
  })

  it('leave out what depends on the caller: own ratings, contracts with their decisions, applications, figures', () => {
    expect(PUBLIC_FIELDS.aanbieders.Aanbieder).not.toHaveProperty('eigenWaarderingen')
    expect(PUBLIC_FIELDS.aanbieders.Aanbieder).not.toHaveProperty('contracten')
    expect(PUBLIC_FIELDS.aanbieders.Query).not.toHaveProperty('aanmeldingen')
    expect(PUBLIC_FIELDS.catalogus.Query).not.toHaveProperty('regio')
    expect(PUBLIC_FIELDS.catalogus).not.toHaveProperty('Regio')
  })

  it('decide a fetch’s shape: public only when every field is, a mutation never', () => {
    const entities = (selection: string) =>
      `query Q($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`
    expect(fetchShape('aanbieders', entities('... on Aanbieder { naam locaties { plaats } }'))).toEqual({
      mutation: false,
      entities: true,
      public: true,
    })
    expect(
      fetchShape('aanbieders', entities('... on Aanbieder { naam eigenWaarderingen { score } }')).public,
    ).toBe(false)
    expect(
      fetchShape(
        'aanbieders',
        'query Q { aanbieder(agbCode: "1") { ...F } } fragment F on Aanbieder { naam }',
      ).public,
    ).toBe(true)
    expect(
      fetchShape('gemeente', entities('... on Gemeente { ondersteuningsbehoeften { code } }')).public,
    ).toBe(false)
    expect(
      fetchShape(
        'aanbieders',
        'mutation M { wachttijdBijwerken(idempotentieSleutel: "k", weken: 1) { naam } }',
      ),
    ).toEqual({ mutation: true, entities: false, public: false })
  })
})

describe('what a REGIONAAL gemeente answers from the regional catalogue alone (R32)', () => {
  it('exists in the gemeente subgraph’s schema, with the types it is listed with', () => {
    expect(mismatches(FROM_REGIONAL_CATALOGUE, 'gemeente')).toEqual([])
  })

  it('holds of Gemeente only its support needs', () => {
    expect(Object.keys(FROM_REGIONAL_CATALOGUE.Gemeente)).toEqual(['ondersteuningsbehoeften'])
    expect(Object.keys(FROM_REGIONAL_CATALOGUE.Ondersteuningsbehoefte)).toEqual(['code'])
  })
})
