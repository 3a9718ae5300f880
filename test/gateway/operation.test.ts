import { describe, expect, it } from 'vitest'
import { parse, print, type FieldNode } from 'graphql'
import {
  fieldsOf,
  narrowOperation,
  operationOf,
  responseName,
  routingValue,
} from '../../gateway/routing/operation'

const normalised = (query: string) => print(parse(query))

function rootFields(query: string) {
  const document = parse(query)
  const fields = fieldsOf(operationOf(document).selectionSet, document)
  return { document, field: (name: string) => fields.find((f) => responseName(f) === name)! }
}

describe('narrowOperation', () => {
  const query = /* GraphQL */ `
    query DrieGemeenten(
      $eerste: Int!
      $filter: PlanFilter
      $metStatus: Boolean!
      $almelo: ID!
      $hof: ID!
      $zoek: String
    ) {
      almelo: gemeente(code: $almelo, gemeenteCode: $almelo) {
        ...GemeenteVelden
      }
      hof: plannen(gemeenteCode: $hof, eerste: $eerste) {
        ...PlanPagina
      }
      inwoners(gemeenteCode: "0153", zoek: $zoek) {
        ...InwonerPagina
      }
    }
    fragment GemeenteVelden on Gemeente {
      code
      plannen(filter: $filter) {
        ...PlanPagina
      }
    }
    fragment PlanPagina on PlanConnection {
      edges {
        node {
          ...PlanVelden
        }
      }
    }
    fragment PlanVelden on Plan {
      id
      status @include(if: $metStatus)
    }
    fragment InwonerPagina on InwonerConnection {
      totalCount
    }
  `
  const variables = {
    eerste: 5,
    filter: { status: ['ACTIEF'] },
    metStatus: true,
    almelo: '0141',
    hof: '1735',
    zoek: 'Jansen',
  }

  it('keeps only the given fields, their variables, and the fragments they use directly or through other fragments', () => {
    const { document, field } = rootFields(query)

    expect(narrowOperation(document, [field('almelo')], variables)).toEqual({
      query: normalised(/* GraphQL */ `
        query DrieGemeenten($filter: PlanFilter, $metStatus: Boolean!, $almelo: ID!) {
          almelo: gemeente(code: $almelo, gemeenteCode: $almelo) {
            ...GemeenteVelden
          }
        }
        fragment GemeenteVelden on Gemeente {
          code
          plannen(filter: $filter) {
            ...PlanPagina
          }
        }
        fragment PlanPagina on PlanConnection {
          edges {
            node {
              ...PlanVelden
            }
          }
        }
        fragment PlanVelden on Plan {
          id
          status @include(if: $metStatus)
        }
      `),
      variables: { filter: { status: ['ACTIEF'] }, metStatus: true, almelo: '0141' },
    })
  })

  it('drops the variables and fragments that only the other fields used', () => {
    const { document, field } = rootFields(query)

    expect(narrowOperation(document, [field('inwoners')], variables)).toEqual({
      query: normalised(/* GraphQL */ `
        query DrieGemeenten($zoek: String) {
          inwoners(gemeenteCode: "0153", zoek: $zoek) {
            ...InwonerPagina
          }
        }
        fragment InwonerPagina on InwonerConnection {
          totalCount
        }
      `),
      variables: { zoek: 'Jansen' },
    })
  })

  it('keeps several fields in the order given', () => {
    const { document, field } = rootFields(query)

    expect(narrowOperation(document, [field('hof'), field('inwoners')], variables)).toEqual({
      query: normalised(/* GraphQL */ `
        query DrieGemeenten($eerste: Int!, $metStatus: Boolean!, $hof: ID!, $zoek: String) {
          hof: plannen(gemeenteCode: $hof, eerste: $eerste) {
            ...PlanPagina
          }
          inwoners(gemeenteCode: "0153", zoek: $zoek) {
            ...InwonerPagina
          }
        }
        fragment PlanPagina on PlanConnection {
          edges {
            node {
              ...PlanVelden
            }
          }
        }
        fragment PlanVelden on Plan {
          id
          status @include(if: $metStatus)
        }
        fragment InwonerPagina on InwonerConnection {
          totalCount
        }
      `),
      variables: { eerste: 5, metStatus: true, hof: '1735', zoek: 'Jansen' },
    })
  })
})

describe('routingValue', () => {
  const { field } = rootFields(/* GraphQL */ `
    query Routering($g: ID, $n: Int) {
      tekst: plan(id: "p1", gemeenteCode: "0153") {
        id
      }
      getal: plan(id: "p1", gemeenteCode: 1735) {
        id
      }
      variabele: plan(id: "p1", gemeenteCode: $g) {
        id
      }
      getalVariabele: plan(id: "p1", gemeenteCode: $n) {
        id
      }
      zonder: plan(id: "p1") {
        id
      }
      anders: plan(id: "p1", gemeenteCode: true) {
        id
      }
    }
  `)
  const value = (name: string, variables: Record<string, unknown> = {}) =>
    routingValue(field(name) as FieldNode, variables)

  it('reads a string literal', () => expect(value('tekst')).toBe('0153'))

  it('reads an integer literal as the digits the planner printed', () => expect(value('getal')).toBe('1735'))

  it('reads a string variable', () => expect(value('variabele', { g: '0141' })).toBe('0141'))

  it('reads an integer variable as its decimal digits', () =>
    expect(value('getalVariabele', { n: 1735 })).toBe('1735'))

  it('gives undefined when the argument is absent, its variable is unset, or its value is no code at all', () => {
    expect([
      value('zonder'),
      value('variabele'),
      value('variabele', { g: null }),
      value('getalVariabele', { n: 17.35 }),
      value('anders'),
    ]).toEqual([undefined, undefined, undefined, undefined, undefined])
  })
})
