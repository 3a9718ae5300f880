import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { scrape, sumOf } from '../harness/metrics'
import { identities, startTestStack, type TestStack } from '../harness/stack'
import { Aanbieder } from '../../subgraphs/aanbieders/aanbieder/aanbieder.entity'

let stack: TestStack

beforeAll(async () => {
  stack = await startTestStack('single-fetch', { gemeenten: ['0147', '0153'] })
})
afterAll(async () => {
  await stack?.stop()
})

const medewerker = identities.medewerker('0153')

const ask = (
  query: string,
  variables: Record<string, unknown> = {},
  as: Identity = medewerker,
  doel?: string,
) => stack.query(query, { variables, as, doel })

/** What the gateway counted: requests per result of R34, and fetches sent to Enschede's instance. */
async function counts() {
  const { samples } = await scrape(stack.gatewayUrl)
  return {
    direct: sumOf(samples, 'gateway_single_fetch_requests_total', { result: 'direct' }),
    shaped: sumOf(samples, 'gateway_single_fetch_requests_total', { result: 'shaped' }),
    fetches: sumOf(samples, 'gateway_subgraph_fetches_total', { gemeente: '0153' }),
  }
}

/** Fetches the gateway sent to the provider registry. */
const registryFetches = async () =>
  sumOf((await scrape(stack.gatewayUrl)).samples, 'gateway_subgraph_fetches_total', {
    subgraph: 'aanbieders',
  })

/** Sends a query twice: Apollo plans and shapes the first; the second may take R34's path. */
async function twice(
  query: string,
  variables: Record<string, unknown> = {},
  doel?: string,
  as: Identity = medewerker,
) {
  const before = await counts()
  const first = await ask(query, variables, as, doel)
  const between = await counts()
  const second = await ask(query, variables, as, doel)
  const after = await counts()
  const delta = (from: typeof before, to: typeof before) => ({
    direct: to.direct - from.direct,
    shaped: to.shaped - from.shaped,
    fetches: to.fetches - from.fetches,
  })
  return { first, second, firstCounts: delta(before, between), secondCounts: delta(between, after) }
}

// Aliases, an enum, a named fragment on the type it is spread in and an inline fragment without a type:
// the planner's fetch asks the same, so the fetch's data is the response.
const PLANNEN = /* GraphQL */ `
  query Plannen($eerste: Int!) {
    lijst: plannen(gemeenteCode: "0153", eerste: $eerste) {
      totalCount
      edges {
        node {
          ...Kern
          huishouden {
            naam
          }
          ... {
            behoeften {
              naam
              resultaten {
                omschrijving
              }
            }
          }
        }
      }
    }
  }
  fragment Kern on Plan {
    planId: id
    status
    startdatum
  }
`

describe('a query that is one fetch asking what the client asked (R34)', () => {
  it('answers the repeated query with the fetch’s data, the same response Apollo shaped the first time, from one fetch each', async () => {
    const { first, second, firstCounts, secondCounts } = await twice(PLANNEN, { eerste: 5 })
    expect(first.body.errors).toBeUndefined()
    expect(first.body.data?.lijst.edges.length).toBeGreaterThan(0)
    // Equal down to the order of the keys, which Apollo sets from the operation.
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(first.body))
    expect(firstCounts).toEqual({ direct: 0, shaped: 0, fetches: 1 })
    expect(secondCounts).toEqual({ direct: 1, shaped: 0, fetches: 1 })
  })

  it('answers a query for two gemeenten in one fetch directly, its root fields in the client’s order', async () => {
    // A provider with allocations in both: its own allocations are the one thing it reads in each.
    const agbs = async (code: string) =>
      (
        (await stack.gemeente(code).db.query('SELECT DISTINCT aanbiederAgbCode AS agb FROM toewijzing')) as {
          agb: string
        }[]
      ).map((r) => r.agb)
    const inBorne = new Set(await agbs('0147'))
    const agb = (await agbs('0153')).find((a) => inBorne.has(a))!
    expect(agb).toBeDefined()
    const twee = `query Twee {
      borne: toewijzingen(gemeenteCode: "0147", eerste: 3) { totalCount edges { node { toewijzingNummer } } }
      enschede: toewijzingen(gemeenteCode: "0153", eerste: 3) { totalCount edges { node { toewijzingNummer } } }
    }`
    const { first, second, secondCounts } = await twice(twee, {}, undefined, identities.aanbieder(agb))
    expect(first.body.errors).toBeUndefined()
    expect(first.body.data?.enschede.totalCount).toBeGreaterThan(0)
    expect(Object.keys(second.body.data ?? {})).toEqual(['borne', 'enschede'])
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(first.body))
    expect(secondCounts).toEqual({ direct: 1, shaped: 0, fetches: 1 })
  })

  it('leaves a query with a directive to Apollo, with the same answer', async () => {
    const query = `query D($met: Boolean!) { plannen(gemeenteCode: "0153", eerste: 3) { edges { node { id startdatum @include(if: $met) } } } }`
    const { first, second, secondCounts } = await twice(query, { met: true })
    expect(first.body.errors).toBeUndefined()
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(first.body))
    expect(secondCounts).toEqual({ direct: 0, shaped: 0, fetches: 1 })
  })

  it('shapes an answer with errors as Apollo does, from the fetch it already sent', async () => {
    const lees = `query Lees { inwoners(gemeenteCode: "0153", eerste: 1) { totalCount } }`
    const { first, second, secondCounts } = await twice(lees, {}, 'NIEUWSGIERIGHEID')
    expect(first.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN'])
    expect(second.body).toEqual(first.body)
    expect(secondCounts).toEqual({ direct: 0, shaped: 1, fetches: 1 })
  })

  it('reports a variable of the wrong type as Apollo does, without a fetch', async () => {
    await ask(PLANNEN, { eerste: 2 })
    const before = await counts()
    const { status, body } = await ask(PLANNEN, { eerste: 'twee' })
    // Apollo Server answers a variable it cannot coerce with 400.
    expect(status).toBe(400)
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT'])
    expect(body.errors?.[0].message).toMatch(/\$eerste/)
    expect(await counts()).toEqual(before)
  })
})

/** Enschede's plans with their providers' names and modules: one fetch, then two entity fetches. */
const MET_AANBIEDERS = /* GraphQL */ `
  query MetAanbieders($eerste: Int!) {
    plannen(gemeenteCode: "0153", eerste: $eerste) {
      edges {
        node {
          huishouden {
            naam
          }
          toewijzingen {
            aanbieder {
              naam
            }
            modules {
              naam
            }
          }
        }
      }
    }
  }
`

const cacheHits = async () =>
  sumOf((await scrape(stack.gatewayUrl)).samples, 'gateway_entity_cache_total', { result: 'hit' })

describe('a query that is one fetch and then regional entities the cache holds (R36)', () => {
  it('answers the repeated query from the fetch and the cache, the same response Apollo made, from one fetch', async () => {
    const hits = await cacheHits()
    const { first, second, firstCounts, secondCounts } = await twice(MET_AANBIEDERS, { eerste: 5 })
    expect(first.body.errors).toBeUndefined()
    const toewijzingen = first.body.data?.plannen.edges.flatMap((e: any) => e.node.toewijzingen)
    expect(toewijzingen.length).toBeGreaterThan(0)
    expect(toewijzingen[0].aanbieder.naam).toEqual(expect.any(String))
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(first.body))
    expect(firstCounts).toEqual({ direct: 0, shaped: 0, fetches: 1 })
    expect(secondCounts).toEqual({ direct: 1, shaped: 0, fetches: 1 })
    // The second request's entities came from the cache, counted as hits.
    expect(await cacheHits()).toBeGreaterThan(hits)
  })

  it('keeps the key fields, aliases and __typename the client asked, in its order, and leaves out those the plan added', async () => {
    const query = `query Sleutels {
      plannen(gemeenteCode: "0153", eerste: 4) { edges { node { toewijzingen {
        modules { naam soort code }
        leverancier: aanbieder { __typename naam agb: agbCode }
      } } } }
    }`
    const { first, second, secondCounts } = await twice(query)
    expect(first.body.errors).toBeUndefined()
    const [toewijzing] = first.body.data?.plannen.edges.flatMap((e: any) => e.node.toewijzingen)
    expect(Object.keys(toewijzing.leverancier)).toEqual(['__typename', 'naam', 'agb'])
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(first.body))
    expect(secondCounts).toEqual({ direct: 1, shaped: 0, fetches: 1 })
  })

  it('fetches the entities the cache lacks itself (R37), once, and sees a changed provider', async () => {
    const query = `query Namen { plannen(gemeenteCode: "0153", eerste: 20) { edges { node { toewijzingen { aanbieder { agbCode naam } } } } } }`
    const { first } = await twice(query)
    const agb = first.body.data?.plannen.edges.flatMap((e: any) => e.node.toewijzingen)[0].aanbieder.agbCode
    await stack.aanbieders.db.getRepository(Aanbieder).update({ id: agb }, { naam: 'Hernoemd BV' })
    // A new data version retires every cached provider (R29): the gateway fetches them again, once.
    let naam: string | undefined
    let shaped = 0
    let fetched = 0
    for (let i = 0; i < 30 && naam !== 'Hernoemd BV'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      const before = await counts()
      const registryBefore = await registryFetches()
      const { body } = await ask(query)
      shaped += (await counts()).shaped - before.shaped
      fetched += (await registryFetches()) - registryBefore
      naam = body.data?.plannen.edges
        .flatMap((e: any) => e.node.toewijzingen)
        .find((t: any) => t.aanbieder.agbCode === agb)?.aanbieder.naam
    }
    expect(naam).toBe('Hernoemd BV')
    expect([shaped, fetched]).toEqual([0, 1])
    const registryBefore = await registryFetches()
    const { first: again, secondCounts } = await twice(query)
    expect(JSON.stringify(again.body)).toContain('Hernoemd BV')
    expect(secondCounts).toEqual({ direct: 1, shaped: 0, fetches: 1 })
    expect(await registryFetches()).toBe(registryBefore)
  })

  it('never takes a field that depends on the caller from the cache, and hands Apollo the fetches it made', async () => {
    const query = `query Eigen { plannen(gemeenteCode: "0153", eerste: 3) { edges { node { toewijzingen { aanbieder { naam eigenWaarderingen { score } } } } } } }`
    const hits = await cacheHits()
    const { first, second, secondCounts } = await twice(query)
    const registryBefore = await registryFetches()
    const third = await ask(query)
    expect(first.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect(second.body).toEqual(first.body)
    expect(third.body).toEqual(first.body)
    // Sent on this path, refused, shaped by Apollo from the answers already there: one fetch each.
    expect(secondCounts).toEqual({ direct: 0, shaped: 1, fetches: 1 })
    expect(await registryFetches()).toBe(registryBefore + 1)
    expect(await cacheHits()).toBe(hits)
  })
})

describe('a query that is one fetch and then entity fetches the gateway sends itself (R37)', () => {
  /** Fetches the gateway sent to the catalogue and to the gemeente instances. */
  const fetchesBy = async () => {
    const { samples } = await scrape(stack.gatewayUrl)
    return ['catalogus', 'gemeente'].map((subgraph) =>
      sumOf(samples, 'gateway_subgraph_fetches_total', { subgraph }),
    )
  }

  /** Sends a query twice: the counts of R34-R37 and the fetches per subgraph of each request. */
  async function twiceBySubgraph(query: string) {
    const before = await counts()
    const start = await fetchesBy()
    const first = await ask(query)
    const between = await fetchesBy()
    const second = await ask(query)
    const end = await fetchesBy()
    const after = await counts()
    return {
      first,
      second,
      results: [after.direct - before.direct, after.shaped - before.shaped],
      fetches: [between.map((n, i) => n - start[i]), end.map((n, i) => n - between[i])],
    }
  }

  it('answers from the fetches it sends through the gemeente router, the response Apollo made', async () => {
    // The catalogue's gemeente, then its support needs from its own instance.
    const { first, second, results, fetches } = await twiceBySubgraph(
      `query Behoeften { gemeente(code: "0153") { naam ondersteuningsbehoeften { code bron } } }`,
    )
    expect(first.body.errors).toBeUndefined()
    expect(first.body.data?.gemeente.ondersteuningsbehoeften.length).toBeGreaterThan(0)
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(first.body))
    expect(results).toEqual([1, 0])
    expect(fetches[1]).toEqual(fetches[0])
  })

  it('answers a query of three stages, the last finding its objects in the entities of the second', async () => {
    // Plans, their providers' names and service areas (the registry), the gemeenten's names (the catalogue).
    const { first, second, results, fetches } = await twiceBySubgraph(
      `query M { plannen(gemeenteCode: "0153", eerste: 3) { edges { node { id toewijzingen { aanbieder { naam werkgebied { naam } } } } } } }`,
    )
    expect(first.body.errors).toBeUndefined()
    const werkgebied = first.body.data?.plannen.edges.flatMap((e: any) =>
      e.node.toewijzingen.flatMap((t: any) => t.aanbieder.werkgebied),
    )
    expect(werkgebied.length).toBeGreaterThan(0)
    expect(werkgebied[0].naam).toEqual(expect.any(String))
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(first.body))
    expect(results).toEqual([1, 0])
    // One fetch at the instance each time; the gemeenten's names the second time from the cache
    // that Apollo's fetch of them filled (R28), at most as many catalogue fetches.
    expect([fetches[0][1], fetches[1][1]]).toEqual([1, 1])
    expect(fetches[1][0]).toBeLessThanOrEqual(fetches[0][0])
  })

  it('hands Apollo what it fetched when a gemeente cannot answer: the same partial response, no fetch twice', async () => {
    // Twelve of the fourteen gemeenten do not run in this stack: their parts are errors.
    const { first, second, results, fetches } = await twiceBySubgraph(
      `query Regio { gemeenten { code naam ondersteuningsbehoeften { code bron } } }`,
    )
    expect(first.body.data?.gemeenten.length).toBe(14)
    expect(first.body.errors?.length).toBe(12)
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(first.body))
    expect(results).toEqual([0, 1])
    expect(fetches[1]).toEqual(fetches[0])
  })
})

describe('a first-stage entity fetch sent ahead of the first fetch’s answer (R38)', () => {
  const fetchesBy = async () => {
    const { samples } = await scrape(stack.gatewayUrl)
    return {
      catalogus: sumOf(samples, 'gateway_subgraph_fetches_total', { subgraph: 'catalogus' }),
      gemeente: sumOf(samples, 'gateway_subgraph_fetches_total', { subgraph: 'gemeente' }),
      used: sumOf(samples, 'gateway_fetches_sent_ahead_total', { result: 'used' }),
      unused: sumOf(samples, 'gateway_fetches_sent_ahead_total', { result: 'unused' }),
    }
  }
  /** The query three times: Apollo plans it, the path learns what its step asks, then sends it ahead. */
  async function thrice(query: string) {
    const bodies: string[] = []
    const fetches: Record<string, number>[] = []
    for (let i = 0; i < 3; i++) {
      const before = await fetchesBy()
      bodies.push(JSON.stringify((await ask(query)).body))
      const after = await fetchesBy()
      fetches.push(
        Object.fromEntries(Object.entries(after).map(([k, n]) => [k, n - before[k as keyof typeof before]])),
      )
    }
    return { bodies, fetches }
  }

  it('sends a gemeente’s support needs with the catalogue’s fetch, each fetch once, the same answer', async () => {
    const { bodies, fetches } = await thrice(
      `query BehoeftenVooruit { gemeente(code: "0153") { code ondersteuningsbehoeften { code naam } } }`,
    )
    expect(JSON.parse(bodies[0]).errors).toBeUndefined()
    expect(new Set(bodies).size).toBe(1)
    expect(fetches.map((f) => [f.catalogus, f.gemeente])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ])
    expect(fetches.map((f) => [f.used, f.unused])).toEqual([
      [0, 0],
      [0, 0],
      [1, 0],
    ])
  })

  it('hands Apollo the fetch sent ahead when gemeenten cannot answer: the same partial response, no fetch twice', async () => {
    const { bodies, fetches } = await thrice(
      `query RegioVooruit { gemeenten { code ondersteuningsbehoeften { code } } }`,
    )
    expect(JSON.parse(bodies[0]).errors?.length).toBe(12)
    expect(new Set(bodies).size).toBe(1)
    expect(fetches[2].gemeente).toBe(fetches[1].gemeente)
    expect(fetches[2].catalogus).toBe(fetches[1].catalogus)
    expect([fetches[2].used, fetches[2].unused]).toEqual([1, 0])
  })

  it('never sends ahead a step that reads personal data', async () => {
    const { bodies, fetches } = await thrice(
      `query PlannenVooruit { gemeente(code: "0153") { naam plannen(eerste: 2) { totalCount } } }`,
    )
    expect(JSON.parse(bodies[0]).errors).toBeUndefined()
    expect(fetches.map((f) => f.used + f.unused)).toEqual([0, 0, 0])
  })
})
