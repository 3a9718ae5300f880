import { ApolloServer } from '@apollo/server'
import { describe, expect, it } from 'vitest'
import { costKey, DEFAULT_LIMITS, operationLimitsPlugin } from '../../shared/graphql/limits'

const typeDefs = /* GraphQL */ `
  type Query {
    items(eerste: Int!): [Item!]!
  }
  type Item {
    id: ID!
    children: [Item!]!
  }
`
const item = (id: number) => ({ id: String(id), children: [] })
const resolvers = {
  Query: { items: (_: unknown, { eerste }: { eerste: number }) => [item(1)].slice(0, eerste) },
}

const QUERY = /* GraphQL */ `
  query Items($eerste: Int!, $diep: Boolean!) {
    items(eerste: $eerste) {
      id
      children @include(if: $diep) {
        children {
          id
        }
      }
    }
  }
`

describe('the operation limits plugin', () => {
  it('decides the cost per page size and @include, though it remembers verdicts per document', async () => {
    // items (1 + children 10 x (1 + children 10)) = 112 per item when deep, 1 when not.
    const server = new ApolloServer({
      typeDefs,
      resolvers,
      plugins: [operationLimitsPlugin({ ...DEFAULT_LIMITS, maxCost: 1_000 })],
    })
    await server.start()
    const run = async (eerste: number, diep: boolean) => {
      const response = await server.executeOperation({ query: QUERY, variables: { eerste, diep } })
      const result = response.body.kind === 'single' ? response.body.singleResult : null
      return result?.errors?.[0]?.extensions?.code ?? 'OK'
    }
    const verdicts: unknown[] = []
    for (let round = 0; round < 2; round++)
      for (const [eerste, diep] of [
        [5, true],
        [50, true],
        [50, false],
        [900, false],
        [2_000, false],
      ] as const)
        verdicts.push(await run(eerste, diep))
    const once = ['OK', 'OPERATION_LIMIT_EXCEEDED', 'OK', 'OK', 'OPERATION_LIMIT_EXCEEDED']
    expect(verdicts).toEqual([...once, ...once])
    await server.stop()
  })

  it('keys the cost on numbers and booleans only, so that large variables make a short key', () => {
    const representations = Array.from({ length: 1_000 }, (_, i) => ({ __typename: 'Item', id: String(i) }))
    expect(costKey({ representations, eerste: 20, diep: false, zoek: 'jans', niets: null })).toBe(
      'representations=[];eerste=20;diep=false;zoek=string;niets=null;',
    )
    expect(costKey({ eerste: 20 })).not.toBe(costKey({ eerste: 21 }))
  })
})
