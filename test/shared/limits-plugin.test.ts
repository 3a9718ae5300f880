import { ApolloServer } from '@apollo/server'
import { describe, expect, it } from 'vitest'
import { costKey, DEFAULT_LIMITS, operationLimitsPlugin } from '../../shared/graphql/limits'

const typeDefs = /* GraphQL */ `
  type Query {
    items(eerste: Int!, ids: [Int!]): [Item!]!
  }
  type Item {
    id: ID!
    children: [Item!]!
  }
`
const WITH_IDS = /* GraphQL */ `
  query ItemsWithIds($eerste: Int!, $diep: Boolean!, $ids: [Int!]) {
    items(eerste: $eerste, ids: $ids) {
      id
      children @include(if: $diep) {
        children {
          id
        }
      }
    }
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
    const declared = ['representations', 'eerste', 'diep', 'zoek', 'niets', 'weg']
    expect(costKey(declared, { representations, eerste: 20, diep: false, zoek: 'jans', niets: null })).toBe(
      '[];20;false;string;null;undefined;',
    )
    expect(costKey(['eerste'], { eerste: 20 })).not.toBe(costKey(['eerste'], { eerste: 21 }))
  })

  describe('never reuses a verdict for variables it did not cost', () => {
    // items 100 x (1 + children 10 x (1 + children 10)) = 11,200 when deep: over a limit of 1,000.
    const EXPENSIVE = { eerste: 100, diep: true }
    async function limited() {
      const server = new ApolloServer({
        typeDefs,
        resolvers,
        plugins: [operationLimitsPlugin({ ...DEFAULT_LIMITS, maxCost: 1_000 })],
      })
      await server.start()
      const run = async (variables: Record<string, unknown>, query = QUERY) => {
        const response = await server.executeOperation({ query, variables })
        const result = response.body.kind === 'single' ? response.body.singleResult : null
        return result?.errors?.[0]?.extensions?.code ?? 'OK'
      }
      return { server, run }
    }

    it('not for undeclared variables whose names spell another set of variables', async () => {
      const { server, run } = await limited()
      expect(await run(EXPENSIVE)).toBe('OPERATION_LIMIT_EXCEEDED')
      // Read as name=kind; pairs, both would be "eerste=1;diep=false;eerste=100;diep=true;".
      expect(await run({ eerste: 1, diep: false, 'eerste=100;diep': true })).toBe('OK')
      expect(await run({ 'eerste=1;diep': false, ...EXPENSIVE })).toBe('OPERATION_LIMIT_EXCEEDED')
      await server.stop()
    })

    it('not for the same kinds of values after variables execution refused', async () => {
      const { server, run } = await limited()
      // Strings in a list of Ints: refused by execution, not costed here.
      expect(await run({ ...EXPENSIVE, ids: ['x'] }, WITH_IDS)).toBe('BAD_USER_INPUT')
      // The same numbers, booleans and kinds of values ("a list"), now valid: costed.
      expect(await run({ ...EXPENSIVE, ids: [1] }, WITH_IDS)).toBe('OPERATION_LIMIT_EXCEEDED')
      await server.stop()
    })
  })
})
