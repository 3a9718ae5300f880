import { describe, expect, it } from 'vitest'
import { normaliseSdl, sdlDifferences } from '../../gateway/registry'

const COMPOSED = /* GraphQL */ `
  type Query {
    plan(id: ID!, gemeenteCode: ID!): Plan
  }
  type Plan @key(fields: "gemeenteCode id") {
    id: ID!
    gemeenteCode: ID!
    status: PlanStatus!
  }
  enum PlanStatus {
    CONCEPT
    ACTIEF
    AFGESLOTEN
  }
  scalar LocalDate
`

const differences = (actual: string) => sdlDifferences(normaliseSdl(COMPOSED), normaliseSdl(actual))

describe('comparing an instance SDL with the composed one', () => {
  it('finds no difference when only the order of definitions and the formatting differ', () => {
    expect(
      differences(/* GraphQL */ `
        scalar LocalDate
        enum PlanStatus {
          CONCEPT
          ACTIEF
          AFGESLOTEN
        }
        type Plan @key(fields: "gemeenteCode id") {
          id: ID!
          gemeenteCode: ID!
          status: PlanStatus!
        }
        type Query {
          plan(id: ID!, gemeenteCode: ID!): Plan
        }
      `),
    ).toEqual([])
  })

  it('names a missing type, a changed type and an unexpected type', () => {
    expect(
      differences(/* GraphQL */ `
        type Query {
          plan(id: ID!, gemeenteCode: ID!): Plan
        }
        type Plan @key(fields: "gemeenteCode id") {
          id: ID!
          gemeenteCode: ID!
          status: PlanStatus!
          versie: Int!
        }
        scalar LocalDate
        type Regisseur {
          id: ID!
        }
      `),
    ).toEqual(['missing PlanStatus', 'Plan differs', 'unexpected Regisseur'])
  })

  it('treats a changed enum value as a changed type', () => {
    expect(differences(COMPOSED.replace('AFGESLOTEN', 'GESLOTEN'))).toEqual(['PlanStatus differs'])
  })
})
