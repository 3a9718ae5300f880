import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { gemeenteSchemaProblems } from '../../gateway/routing/schema-rules'

describe('gemeenteSchemaProblems', () => {
  it('finds nothing wrong with the committed gemeente subgraph schema', () => {
    const sdl = readFileSync(new URL('../../gateway/schema/gemeente.graphql', import.meta.url), 'utf8')
    expect(gemeenteSchemaProblems(sdl)).toEqual([])
  })

  it('reports a root field without gemeenteCode, but not the federation root fields', () => {
    const sdl = /* GraphQL */ `
      type Query {
        plan(id: ID!, gemeenteCode: ID!): Plan
        alleRegisseurs: [Regisseur!]
        _entities(representations: [_Any!]!): [_Entity]!
        _service: _Service!
      }
      type Mutation {
        sluitPlan(id: ID!): Plan
      }
    `
    expect(gemeenteSchemaProblems(sdl)).toEqual([
      'Query.alleRegisseurs has no gemeenteCode argument, so it cannot be routed',
      'Mutation.sluitPlan has no gemeenteCode argument, so it cannot be routed',
    ])
  })

  it('reports a non-null root field', () => {
    const sdl = /* GraphQL */ `
      type Query {
        plannen(gemeenteCode: ID!): [Plan!]!
      }
      type Mutation {
        sluitPlan(id: ID!, gemeenteCode: ID!): Plan!
      }
    `
    expect(gemeenteSchemaProblems(sdl)).toEqual([
      'Query.plannen must be nullable',
      'Mutation.sluitPlan must be nullable',
    ])
  })

  it('reports a non-null field added to Gemeente, and allows its non-null key', () => {
    const sdl = /* GraphQL */ `
      type Gemeente @key(fields: "code") {
        code: ID!
        aantalPlannen: Int!
        plannen: [Plan!]
      }
    `
    expect(gemeenteSchemaProblems(sdl)).toEqual(['Gemeente.aantalPlannen must be nullable'])
  })

  it('reports a field of a regional entity that is not a nullable list, also on a type extension', () => {
    const sdl = /* GraphQL */ `
      type Aanbieder @key(fields: "agbCode") {
        agbCode: ID!
        toewijzingen: [Toewijzing!]
        aantalToewijzingen: Int
        alleToewijzingen: [Toewijzing!]!
      }
      extend type Module @key(fields: "code") {
        code: ID!
        tarief: Int
      }
    `
    expect(gemeenteSchemaProblems(sdl)).toEqual([
      'Aanbieder.aantalToewijzingen must be a nullable list: Aanbieder is regional and its lists are concatenated',
      'Aanbieder.alleToewijzingen must be a nullable list: Aanbieder is regional and its lists are concatenated',
      'Module.tarief must be a nullable list: Module is regional and its lists are concatenated',
    ])
  })

  it('allows any field on an entity keyed by its gemeente, and ignores types that are no entity', () => {
    const sdl = /* GraphQL */ `
      type Plan @key(fields: "gemeenteCode id") {
        id: ID!
        gemeenteCode: ID!
        status: PlanStatus!
        versie: Int!
        regisseur: Regisseur!
      }
      type Regisseur {
        id: ID!
        naam: String!
      }
    `
    expect(gemeenteSchemaProblems(sdl)).toEqual([])
  })
})
