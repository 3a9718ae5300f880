import { describe, expect, it } from 'vitest'
import { buildSchema, GraphQLError, parse, type OperationDefinitionNode } from 'graphql'
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js'
import type { GraphQLDataSource } from '@apollo/gateway'
import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface'
import { SingleFetchPath } from '../../gateway/routing/single-fetch'
import { requestContextFor } from '../harness/request-context'
import {
  entitiesAt,
  entitiesPlan,
  NO_FIT,
  shapeObject,
  type EntityStep,
  type FetchNode,
} from '../../gateway/routing/entity-steps'

const schema = buildSchema(/* GraphQL */ `
  type Query {
    plannen(gemeenteCode: ID!, eerste: Int): [Plan!]!
  }
  type Plan {
    id: ID!
    aanbieder: Aanbieder
    modules: [Module!]!
  }
  type Aanbieder {
    agbCode: ID!
    naam: String!
    hoofdmodule: Module
  }
  type Module {
    code: ID!
    naam: String!
  }
`)

const fetchOf = (serviceName: string, operation: string, requires?: FetchNode['requires']) =>
  ({ kind: 'Fetch', serviceName, operation, operationKind: 'query', variableUsages: [], requires }) as never

const requires = (type: string, key: string) =>
  [
    {
      kind: 'InlineFragment',
      typeCondition: type,
      selections: [
        { kind: 'Field', name: '__typename' },
        { kind: 'Field', name: key },
      ],
    },
  ] as never

const MAIN = fetchOf(
  'gemeente',
  `query P__gemeente__0($n:Int){plannen(gemeenteCode:"0153" eerste:$n){id aanbieder{__typename agbCode} modules{__typename code}}}`,
)
const AANBIEDER = fetchOf(
  'aanbieders',
  `query P__aanbieders__1($representations:[_Any!]!){_entities(representations:$representations){...on Aanbieder{naam}}}`,
  requires('Aanbieder', 'agbCode'),
)
const MODULE = fetchOf(
  'catalogus',
  `query P__catalogus__2($representations:[_Any!]!){_entities(representations:$representations){...on Module{naam}}}`,
  requires('Module', 'code'),
)
const flatten = (path: string[], node: unknown) => ({ kind: 'Flatten', path, node })
/** The plan of a query for plans with their providers and modules: `main`, then both look-ups. */
const planAfter = (main: unknown) => ({
  kind: 'QueryPlan',
  node: {
    kind: 'Sequence',
    nodes: [
      main,
      {
        kind: 'Parallel',
        nodes: [
          flatten(['plannen', '@', 'aanbieder'], AANBIEDER),
          flatten(['plannen', '@', 'modules', '@'], MODULE),
        ],
      },
    ],
  },
})
const PLAN = planAfter(MAIN) as never

function judge(client: string, plan = PLAN) {
  const document = parse(client)
  const operation = document.definitions[0] as OperationDefinitionNode
  return entitiesPlan(schema, operation, document, plan)
}

const CLIENT = `query P($n: Int) { plannen(gemeenteCode: "0153", eerste: $n) { id aanbieder { naam } modules { naam } } }`

describe('entitiesPlan (R36, R37)', () => {
  it('takes one fetch and then entity fetches, with the steps to read their entities', () => {
    const plan = judge(CLIENT)
    expect(plan?.steps.map((s) => [s.path.join('.'), s.typename, s.keys.map((k) => k.name)])).toEqual([
      ['plannen.@.aanbieder', 'Aanbieder', ['agbCode']],
      ['plannen.@.modules.@', 'Module', ['code']],
    ])
    expect(plan?.fields.map((f) => f.key)).toEqual(['plannen'])
  })

  it('takes the key fields and __typename when the client asks them too', () => {
    expect(
      judge(
        `query P($n: Int) { plannen(gemeenteCode: "0153", eerste: $n) { aanbieder { __typename agbCode naam } } }`,
      ),
    ).not.toBeNull()
  })

  it.each([
    [
      'a field neither fetch asks',
      `query P($n: Int) { plannen(gemeenteCode: "0153", eerste: $n) { aanbieder { naam } modules { code naam } id2: id } }`,
    ],
    ['other arguments', `query P { plannen(gemeenteCode: "0153", eerste: 3) { aanbieder { naam } } }`],
    [
      'a directive',
      `query P($n: Int, $m: Boolean!) { plannen(gemeenteCode: "0153", eerste: $n) { aanbieder @include(if: $m) { naam } } }`,
    ],
  ])('leaves a query with %s to Apollo', (_, client) => {
    expect(judge(client, PLAN)).toBeNull()
  })

  it('leaves to Apollo a query with two fragments side by side, whose keys Apollo may order otherwise', () => {
    expect(
      judge(
        `query P($n: Int) { plannen(gemeenteCode: "0153", eerste: $n) { ... on Plan { id } aanbieder { naam } ... on Plan { modules { naam } } } }`,
      ),
    ).toBeNull()
    expect(
      judge(
        `query P($n: Int) { plannen(gemeenteCode: "0153", eerste: $n) { ... on Plan { id } aanbieder { naam } modules { naam } } }`,
      ),
    ).not.toBeNull()
  })

  it('leaves to Apollo a plan with a fetch that is no entity fetch after the entity fetches, or an entity field the first fetch also has', () => {
    const deeper = {
      kind: 'QueryPlan',
      node: { ...(PLAN as any).node, nodes: [...(PLAN as any).node.nodes, MAIN] },
    }
    expect(judge(CLIENT, deeper as never)).toBeNull()
    const both = fetchOf(
      'aanbieders',
      `query A($representations:[_Any!]!){_entities(representations:$representations){...on Aanbieder{agbCode naam}}}`,
      requires('Aanbieder', 'agbCode'),
    )
    const twice = {
      kind: 'QueryPlan',
      node: { kind: 'Sequence', nodes: [MAIN, flatten(['plannen', '@', 'aanbieder'], both)] },
    }
    expect(
      judge(
        `query P($n: Int) { plannen(gemeenteCode: "0153", eerste: $n) { aanbieder { naam } } }`,
        twice as never,
      ),
    ).toBeNull()
  })
})

const STEP: EntityStep = {
  fetch: AANBIEDER,
  path: ['plannen', '@', 'aanbieder'],
  typename: 'Aanbieder',
  keys: [{ name: 'agbCode', below: null }],
  stage: 0,
}

/** Three stages: the plans, their providers with each one's main module, that module's name. */
const MET_HOOFDMODULE = fetchOf(
  'aanbieders',
  `query P__aanbieders__1($representations:[_Any!]!){_entities(representations:$representations){...on Aanbieder{naam hoofdmodule{__typename code}}}}`,
  requires('Aanbieder', 'agbCode'),
)
const MODULENAAM = fetchOf(
  'catalogus',
  `query P__catalogus__2($representations:[_Any!]!){_entities(representations:$representations){...on Module{naam}}}`,
  requires('Module', 'code'),
)
const DRIE = {
  kind: 'QueryPlan',
  node: {
    kind: 'Sequence',
    nodes: [
      fetchOf(
        'gemeente',
        `query P__gemeente__0{plannen(gemeenteCode:"0153" eerste:2){id aanbieder{__typename agbCode}}}`,
      ),
      flatten(['plannen', '@', 'aanbieder'], MET_HOOFDMODULE),
      flatten(['plannen', '@', 'aanbieder', 'hoofdmodule'], MODULENAAM),
    ],
  },
}
const DRIE_CLIENT = `query P { plannen(gemeenteCode: "0153", eerste: 2) { id aanbieder { naam hoofdmodule { naam } } } }`

describe('entitiesPlan over stages (R36, R37)', () => {
  it('takes entity fetches whose objects an earlier stage’s entities hold, each step with its stage', () => {
    const plan = judge(DRIE_CLIENT, DRIE as never)
    expect(
      plan?.steps.map((s) => [s.path.join('.'), s.typename, s.keys.map((k) => k.name), s.stage]),
    ).toEqual([
      ['plannen.@.aanbieder', 'Aanbieder', ['agbCode'], 0],
      ['plannen.@.aanbieder.hoofdmodule', 'Module', ['code'], 1],
    ])
  })

  it('finds a later stage’s objects in the entities of the earlier ones, as Apollo after its merge', () => {
    const aanbieder = { __typename: 'Aanbieder', agbCode: '1' }
    const hoofdmodule = { __typename: 'Module', code: 'M1' }
    const data = { plannen: [{ id: 'p', aanbieder }] }
    const step = judge(DRIE_CLIENT, DRIE as never)!.steps[1]
    expect(entitiesAt(data, step)).toEqual({ objects: [], representations: [] })
    expect(entitiesAt(data, step, new Map([[aanbieder, { naam: 'Zorg BV', hoofdmodule }]]))).toEqual({
      objects: [hoofdmodule],
      representations: [{ __typename: 'Module', code: 'M1' }],
    })
  })
})

describe('entitiesAt (R36)', () => {
  it('finds the objects at the path, skipping nulls, with representations as Apollo makes them', () => {
    const a = { __typename: 'Aanbieder', agbCode: '1' }
    const b = { __typename: 'Aanbieder', agbCode: '2' }
    const found = entitiesAt({ plannen: [{ aanbieder: a }, { aanbieder: null }, { aanbieder: b }] }, STEP)
    expect(found?.objects).toEqual([a, b])
    expect(found?.objects[0]).toBe(a)
    expect(JSON.stringify(found?.representations)).toBe(
      '[{"__typename":"Aanbieder","agbCode":"1"},{"__typename":"Aanbieder","agbCode":"2"}]',
    )
  })

  it('gives up on an object of another type, without its key, or a list where an object belongs', () => {
    expect(entitiesAt({ plannen: [{ aanbieder: { __typename: 'Module', agbCode: '1' } }] }, STEP)).toBeNull()
    expect(entitiesAt({ plannen: [{ aanbieder: { __typename: 'Aanbieder' } }] }, STEP)).toBeNull()
    expect(entitiesAt({ plannen: { aanbieder: {} } }, STEP)).toBeNull()
    // A name Object.prototype has is no field of the data, as in Apollo's own-key check.
    const constructorKey: EntityStep = { ...STEP, keys: [{ name: 'constructor', below: null }] }
    expect(entitiesAt({ plannen: [{ aanbieder: { __typename: 'Aanbieder' } }] }, constructorKey)).toBeNull()
  })
})

describe('shapeObject (R36)', () => {
  const fields = judge(CLIENT)!.fields

  it('reads each asked key from the object or its entity, in the asked order, leaving out the rest', () => {
    const aanbieder = { __typename: 'Aanbieder', agbCode: '1' }
    const module = { __typename: 'Module', code: 'M1' }
    const data = { plannen: [{ modules: [module], aanbieder, id: 'p1' }] }
    const entities = new Map<object, Record<string, unknown>>([
      [aanbieder, { naam: 'Zorg BV' }],
      [module, { naam: 'Begeleiding' }],
    ])
    expect(JSON.stringify(shapeObject(data, fields, entities))).toBe(
      '{"plannen":[{"id":"p1","aanbieder":{"naam":"Zorg BV"},"modules":[{"naam":"Begeleiding"}]}]}',
    )
  })

  it('answers NO_FIT for a missing entity, a null the schema forbids or a leaf of the wrong kind', () => {
    const aanbieder = { __typename: 'Aanbieder', agbCode: '1' }
    const data = (naam: unknown) => ({ plannen: [{ id: 'p1', aanbieder, modules: [] }], naam })
    expect(shapeObject(data(0), fields, new Map())).toBe(NO_FIT)
    expect(shapeObject(data(0), fields, new Map([[aanbieder, { naam: null }]]))).toBe(NO_FIT)
    expect(shapeObject(data(0), fields, new Map([[aanbieder, { naam: 5 }]]))).toBe(NO_FIT)
    expect(shapeObject({ plannen: [{ id: null, aanbieder: null, modules: [] }] }, fields, new Map())).toBe(
      NO_FIT,
    )
    // A nullable object that is null stays null.
    expect(shapeObject({ plannen: [{ id: 'p', aanbieder: null, modules: [] }] }, fields, new Map())).toEqual({
      plannen: [{ id: 'p', aanbieder: null, modules: [] }],
    })
  })
})

describe('a step that @requires a field with fields below it (R36: the region’s figures)', () => {
  // `ruweTellingen` is @inaccessible: the API schema lacks it; one subgraph answers it for another.
  const regioSchema = buildSchema(/* GraphQL */ `
    type Query {
      regio: Regio
    }
    type Regio {
      id: ID!
      cijfers(van: String): Cijfers
    }
    type Cijfers {
      aantal: Int
    }
  `)
  const required = (...selections: unknown[]) =>
    [
      {
        kind: 'InlineFragment',
        typeCondition: 'Regio',
        selections: [{ kind: 'Field', name: '__typename' }, ...selections],
      },
    ] as never
  const TELLINGEN = fetchOf(
    'gemeente',
    `query R__gemeente__1($representations:[_Any!]!){_entities(representations:$representations){...on Regio{ruweTellingen{gemeenteCode versie}}}}`,
    required({ kind: 'Field', name: 'id' }),
  )
  const figuren = (below: string[]) =>
    fetchOf(
      'catalogus',
      `query R__catalogus__2($representations:[_Any!]!){_entities(representations:$representations){...on Regio{cijfers(van:"2024-01"){aantal}}}}`,
      required(
        {
          kind: 'Field',
          name: 'ruweTellingen',
          selections: below.map((name) => ({ kind: 'Field', name })),
        },
        { kind: 'Field', name: 'id' },
      ),
    )
  const planWith = (last: unknown) => ({
    kind: 'QueryPlan',
    node: {
      kind: 'Sequence',
      nodes: [
        fetchOf('catalogus', `query R__catalogus__0{regio{__typename id}}`),
        flatten(['regio'], TELLINGEN),
        flatten(['regio'], last),
      ],
    },
  })
  const CLIENT = `query R { regio { cijfers(van: "2024-01") { aantal } } }`
  const judgeRegio = (plan: unknown) => {
    const document = parse(CLIENT)
    return entitiesPlan(
      regioSchema,
      document.definitions[0] as OperationDefinitionNode,
      document,
      plan as never,
    )
  }

  it('takes the plan when an earlier stage answers every field the step requires, though no client may ask it', () => {
    const plan = judgeRegio(planWith(figuren(['gemeenteCode', 'versie'])))
    expect(plan?.steps.map((s) => [s.stage, s.keys])).toEqual([
      [0, [{ name: 'id', below: null }]],
      [
        1,
        [
          {
            name: 'ruweTellingen',
            below: [
              { name: 'gemeenteCode', below: null },
              { name: 'versie', below: null },
            ],
          },
          { name: 'id', below: null },
        ],
      ],
    ])
  })

  it('leaves the plan to Apollo when no earlier fetch answers a field the step requires below', () => {
    expect(judgeRegio(planWith(figuren(['gemeenteCode', 'peildatum'])))).toBeNull()
    const deeper = fetchOf(
      'catalogus',
      `query R__catalogus__2($representations:[_Any!]!){_entities(representations:$representations){...on Regio{cijfers(van:"2024-01"){aantal}}}}`,
      required({
        kind: 'Field',
        name: 'ruweTellingen',
        selections: [{ kind: 'Field', name: 'bron', selections: [{ kind: 'Field', name: 'code' }] }],
      }),
    )
    expect(judgeRegio(planWith(deeper))).toBeNull()
    // Answered by a step of the same stage: not there yet when the step is sent.
    const together = {
      kind: 'QueryPlan',
      node: {
        kind: 'Sequence',
        nodes: [
          fetchOf('catalogus', `query R__catalogus__0{regio{__typename id}}`),
          {
            kind: 'Parallel',
            nodes: [flatten(['regio'], TELLINGEN), flatten(['regio'], figuren(['versie']))],
          },
        ],
      },
    }
    expect(judgeRegio(together)).toBeNull()
  })

  it('reads no field the API schema lacks into the response', () => {
    const plan = judgeRegio(planWith(figuren(['gemeenteCode', 'versie'])))!
    expect(JSON.stringify(plan.fields)).not.toContain('ruweTellingen')
    const regio = { __typename: 'Regio', id: 'twente' }
    const entities = new Map([
      [regio, { ruweTellingen: [{ gemeenteCode: '0153', versie: 'v1' }], cijfers: { aantal: 3 } }],
    ])
    expect(JSON.stringify(shapeObject({ regio }, plan.fields, entities))).toBe(
      '{"regio":{"cijfers":{"aantal":3}}}',
    )
  })

  it('makes the representation as Apollo does: in the required order, nulls kept, lists element by element', () => {
    const step = judgeRegio(planWith(figuren(['gemeenteCode', 'versie'])))!.steps[1]
    const regio = { __typename: 'Regio', id: 'twente' }
    const at = (ruweTellingen: unknown) =>
      entitiesAt({ regio }, step, new Map([[regio, { ruweTellingen }]]))?.representations ?? null
    const tellingen = [
      { versie: 'v1', gemeenteCode: '0153', extra: 1 },
      null,
      { gemeenteCode: '0141', versie: 'v9' },
    ]
    expect(JSON.stringify(at(tellingen))).toBe(
      '[{"__typename":"Regio","ruweTellingen":[{"gemeenteCode":"0153","versie":"v1"},null,{"gemeenteCode":"0141","versie":"v9"}],"id":"twente"}]',
    )
    expect(at(null)).toEqual([{ __typename: 'Regio', ruweTellingen: null, id: 'twente' }])
    // What Apollo would null or leave out is its to handle: a missing field below, a value that is no object.
    expect(at([{ gemeenteCode: '0153' }])).toBeNull()
    expect(at(['0153'])).toBeNull()
    expect(at([[{ gemeenteCode: '0153', versie: 'v1' }]])).toBeNull()
    expect(entitiesAt({ regio }, step)).toBeNull()
  })
})

/** A fetch as Apollo Gateway sends it for the request `rc`, through `source`. */
const askThrough =
  (source: GraphQLDataSource<Record<string, unknown>>, rc: GatewayGraphQLRequestContext) =>
  (query: string, variables = {}) =>
    source.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query, variables },
      incomingRequestContext: rc,
      context: rc.context,
    } as never)

/**
 * Runs `query` through the path in front of `apollo`, its plan judged as after Apollo planned the
 * first request; `source` serves every subgraph.
 */
function runner(
  path: SingleFetchPath,
  apollo: GatewayExecutor,
  source: unknown,
  queryPlan: unknown,
  query: string,
) {
  const executor = path.wrap(apollo)
  const requestContext = requestContextFor(schema, query)
  path.didResolveQueryPlan({
    queryPlan,
    serviceMap: { gemeente: source, aanbieders: source, catalogus: source },
    requestContext: requestContext(),
  } as never)
  return () => executor(requestContext())
}

describe('SingleFetchPath (R36, R37): each fetch once, the cache counted only for a response made of it', () => {
  const QUERY = `query P { plannen(gemeenteCode: "0153", eerste: 2) { id aanbieder { naam } modules { naam } } }`
  const MAIN_DATA = () => ({
    plannen: [
      {
        id: 'p1',
        aanbieder: { __typename: 'Aanbieder', agbCode: '1' },
        modules: [{ __typename: 'Module', code: 'M1' }],
      },
    ],
  })
  const MAIN_FETCH = fetchOf(
    'gemeente',
    `query P__gemeente__0{plannen(gemeenteCode:"0153" eerste:2){id aanbieder{__typename agbCode} modules{__typename code}}}`,
  )
  const plan = planAfter(MAIN_FETCH)
  const STEPS = [AANBIEDER, MODULE] as unknown as FetchNode[]
  type Answer = (representations: unknown[]) => Promise<{ data?: unknown; errors?: unknown[] }>
  /** What the subgraphs answer an entity fetch: a name per representation. */
  const named: Answer = async (representations) => ({
    data: { _entities: representations.map(() => ({ naam: 'Gehaald' })) },
  })

  function setup(whole: (fetch: FetchNode) => Promise<Record<string, unknown>[] | null>, answer = named) {
    const counted: string[] = []
    const hits: [string, number][] = []
    const path = new SingleFetchPath((result) => counted.push(result), {
      answers: () => true,
      whole: (fetch) => whole(fetch),
      hits: (fetch, n) => void hits.push([fetch.serviceName, n]),
    })
    const sent: string[] = []
    const source = path.source({
      process: async (options: {
        request: { query: string; variables?: { representations?: unknown[] } }
      }) => {
        const step = STEPS.find((f) => f.operation === options.request.query)
        sent.push(step?.serviceName ?? 'gemeente')
        return step ? answer(options.request.variables?.representations ?? []) : { data: MAIN_DATA() }
      },
    } as never)
    const apolloRan: string[] = []
    // Apollo as it executes the plan: the first fetch, then each entity fetch with its representations.
    const apollo: GatewayExecutor = async (rc) => {
      apolloRan.push(rc.queryHash)
      const ask = askThrough(source, rc)
      const main = await ask((MAIN_FETCH as unknown as FetchNode).operation)
      const [aanbieder, module] = await Promise.all([
        ask(STEPS[0].operation, { representations: [{ __typename: 'Aanbieder', agbCode: '1' }] }).catch(
          (err: Error) => err.message,
        ),
        ask(STEPS[1].operation, { representations: [{ __typename: 'Module', code: 'M1' }] }).catch(
          (err: Error) => err.message,
        ),
      ])
      return { data: { shapedByApollo: main.data, aanbieder, module } as never }
    }
    return { run: runner(path, apollo, source, plan, QUERY), counted, hits, sent, apolloRan }
  }

  const naamOf = async (fetch: FetchNode) => [
    { naam: fetch.serviceName === 'aanbieders' ? 'Zorg BV' : 'Begeleiding' },
  ]

  it('answers from the fetch and the cached entities, and counts them as hits', async () => {
    const { run, counted, hits, sent, apolloRan } = setup(naamOf)
    expect(await run()).toEqual({
      data: { plannen: [{ id: 'p1', aanbieder: { naam: 'Zorg BV' }, modules: [{ naam: 'Begeleiding' }] }] },
    })
    expect([counted, sent, apolloRan]).toEqual([['direct'], ['gemeente'], []])
    expect(hits.sort()).toEqual([
      ['aanbieders', 1],
      ['catalogus', 1],
    ])
  })

  it('sends the entity fetch of a step the cache does not hold whole, and answers from it (R37)', async () => {
    const { run, counted, hits, sent, apolloRan } = setup(async (fetch) =>
      fetch.serviceName === 'catalogus' ? null : naamOf(fetch),
    )
    expect(await run()).toEqual({
      data: { plannen: [{ id: 'p1', aanbieder: { naam: 'Zorg BV' }, modules: [{ naam: 'Gehaald' }] }] },
    })
    expect([counted, sent, apolloRan]).toEqual([['direct'], ['gemeente', 'catalogus'], []])
    // The fetched step's source counts its own look-ups (R28); the path counts the cached step.
    expect(hits).toEqual([['aanbieders', 1]])
  })

  it.each([
    ['a cache that fails', async (): Promise<null> => Promise.reject(new SyntaxError('Unexpected token'))],
    ['a cached entity that does not fit', async () => [{ naam: null }]],
  ])('hands Apollo the fetch already made on %s, and counts no hit', async (_, whole) => {
    const { run, counted, hits, sent, apolloRan } = setup(whole)
    const response = await run()
    expect(response.data?.shapedByApollo).toEqual(MAIN_DATA())
    // Apollo sent the entity fetches this path did not: each subgraph was asked once.
    expect([counted, sent.sort(), apolloRan, hits]).toEqual([
      ['shaped'],
      ['aanbieders', 'catalogus', 'gemeente'],
      ['h'],
      [],
    ])
  })

  it.each<[string, Answer]>([
    ['errors', async () => ({ data: { _entities: [null] }, errors: [{ message: 'Geen toegang' }] })],
    ['fewer entities than representations', async () => ({ data: { _entities: [] } })],
    ['a failure', async () => Promise.reject(new Error('fetch failed'))],
  ])('hands Apollo every fetch already made when an entity fetch answers %s', async (_, answer) => {
    const { run, counted, sent, apolloRan } = setup(async () => null, answer)
    const response = await run()
    expect(response.data?.shapedByApollo).toEqual(MAIN_DATA())
    // Apollo got each answer (or failure) this path had, and sent nothing again.
    expect([counted, sent.sort(), apolloRan]).toEqual([
      ['shaped'],
      ['aanbieders', 'catalogus', 'gemeente'],
      ['h'],
    ])
    const [aanbieder, module] = await Promise.all(
      STEPS.map(() => answer([])).map((p) => p.catch((e: Error) => e.message)),
    )
    expect((response.data as Record<string, unknown>).aanbieder).toEqual(aanbieder)
    expect((response.data as Record<string, unknown>).module).toEqual(module)
  })
})

describe('SingleFetchPath over stages (R37)', () => {
  it('sends each stage after the one before, with representations read from its entities', async () => {
    const counted: string[] = []
    const path = new SingleFetchPath((result) => counted.push(result), {
      answers: () => true,
      whole: async () => null,
      hits: () => {},
    })
    const sent: [string, unknown][] = []
    const source = path.source({
      process: async (options: {
        request: { query: string; variables?: { representations?: unknown[] } }
      }) => {
        const { query, variables } = options.request
        sent.push([query.split('(')[0].split('__')[1], variables?.representations])
        if (query === (MET_HOOFDMODULE as unknown as FetchNode).operation)
          return {
            data: { _entities: [{ naam: 'Zorg BV', hoofdmodule: { __typename: 'Module', code: 'M1' } }] },
          }
        if (query === (MODULENAAM as unknown as FetchNode).operation)
          return { data: { _entities: [{ naam: 'Begeleiding' }] } }
        return { data: { plannen: [{ id: 'p', aanbieder: { __typename: 'Aanbieder', agbCode: '1' } }] } }
      },
    } as never)
    const run = runner(path, async () => ({ data: { byApollo: true } }), source, DRIE, DRIE_CLIENT)
    expect(await run()).toEqual({
      data: { plannen: [{ id: 'p', aanbieder: { naam: 'Zorg BV', hoofdmodule: { naam: 'Begeleiding' } } }] },
    })
    expect(counted).toEqual(['direct'])
    expect(sent).toEqual([
      ['gemeente', undefined],
      ['aanbieders', [{ __typename: 'Aanbieder', agbCode: '1' }]],
      ['catalogus', [{ __typename: 'Module', code: 'M1' }]],
    ])
  })
})

describe('SingleFetchPath sends a first-stage step ahead when what it asks is foreseen (R38)', () => {
  const QUERY = `query P { plannen(gemeenteCode: "0153", eerste: 2) { id aanbieder { naam } } }`
  const MAIN_FETCH = fetchOf(
    'catalogus',
    `query P__catalogus__0{plannen(gemeenteCode:"0153" eerste:2){id aanbieder{__typename agbCode}}}`,
  ) as unknown as FetchNode
  const plan = {
    kind: 'QueryPlan',
    node: { kind: 'Sequence', nodes: [MAIN_FETCH, flatten(['plannen', '@', 'aanbieder'], AANBIEDER)] },
  }
  const STEP = AANBIEDER as unknown as FetchNode

  interface Setup {
    sameForAnyone?: (fetch: FetchNode) => boolean
    /** The providers the first fetch names. */
    agbCodes?: () => string[]
    /** The first fetch's answer from its data; may throw (a failed fetch). */
    main?: (data: unknown) => { data?: unknown; errors?: unknown[] }
    /** Waited for before a step answers. */
    stepWaits?: () => Promise<void>
    /** Whether the entity cache answers a fetch (R28). */
    cached?: boolean
  }

  /**
   * The path in front of Apollo, the first fetch answering after 5 ms; `events` says when the
   * first fetch answered and each step was sent.
   */
  function setup({
    sameForAnyone = () => true,
    agbCodes = () => ['1', '2'],
    main = (data) => ({ data }),
    stepWaits = async () => {},
    cached = false,
  }: Setup = {}) {
    const events: string[] = []
    const ahead: string[] = []
    const counted: string[] = []
    const path = new SingleFetchPath(
      (result) => counted.push(result),
      cached ? { answers: () => true, whole: async () => null, hits: () => {} } : null,
      sameForAnyone,
      (result) => ahead.push(result),
    )
    const source = path.source({
      process: async (options: {
        request: { query: string; variables?: { representations?: { agbCode: string }[] } }
      }) => {
        const { query, variables } = options.request
        if (query === STEP.operation) {
          const codes = variables!.representations!.map((r) => r.agbCode)
          events.push(`step ${codes.join()}`)
          await stepWaits()
          return { data: { _entities: codes.map((code) => ({ naam: `Zorg ${code}` })) } }
        }
        const codes = agbCodes()
        await new Promise((r) => setTimeout(r, 5))
        events.push('main answered')
        return main({
          plannen: codes.map((agbCode) => ({
            id: `p${agbCode}`,
            aanbieder: { __typename: 'Aanbieder', agbCode },
          })),
        })
      },
    } as never)
    const apolloAsked: string[] = []
    // Apollo as it executes the plan: the first fetch, then the step with what it named.
    const apollo: GatewayExecutor = async (rc) => {
      const ask = askThrough(source, rc)
      const first = await ask(MAIN_FETCH.operation).catch((err: Error) => ({
        data: null,
        error: err.message,
      }))
      if (!first.data)
        return { data: null, errors: [new GraphQLError(`Apollo: ${(first as { error: string }).error}`)] }
      const plannen = (first.data as { plannen: { aanbieder: unknown }[] }).plannen
      const representations = plannen.map((p) => p.aanbieder)
      apolloAsked.push(JSON.stringify(representations))
      const step = await ask(STEP.operation, { representations })
      return { data: { byApollo: step.data } as never }
    }
    const run = runner(path, apollo, source, plan, QUERY)
    return { run, events, ahead, counted, apolloAsked }
  }
  const answer = (...codes: string[]) => ({
    data: { plannen: codes.map((code) => ({ id: `p${code}`, aanbieder: { naam: `Zorg ${code}` } })) },
  })

  it('sends the step with the first fetch once a request has shown what it asks, and answers from it', async () => {
    const { run, events, ahead, counted } = setup()
    expect(await run()).toEqual(answer('1', '2'))
    expect(events.splice(0)).toEqual(['main answered', 'step 1,2'])
    expect(await run()).toEqual(answer('1', '2'))
    expect(await run()).toEqual(answer('1', '2'))
    // Sent before the first fetch answered, and not again after it.
    expect(events).toEqual(['step 1,2', 'main answered', 'step 1,2', 'main answered'])
    expect([ahead, counted]).toEqual([
      ['used', 'used'],
      ['direct', 'direct', 'direct'],
    ])
  })

  it('sends the step again for the objects the first fetch named when they are others, and foresees those next', async () => {
    let codes = ['1']
    const { run, events, ahead } = setup({ agbCodes: () => codes })
    await run()
    codes = ['2', '3']
    expect(await run()).toEqual(answer('2', '3'))
    expect(await run()).toEqual(answer('2', '3'))
    expect(events).toEqual([
      'main answered',
      'step 1',
      'step 1',
      'main answered',
      'step 2,3',
      'step 2,3',
      'main answered',
    ])
    expect(ahead).toEqual(['unused', 'used'])
  })

  it('stops sending ahead when the objects differ three times in a row, and starts again once they stay the same', async () => {
    let n = 0
    let changing = true
    const { run, events, ahead } = setup({ agbCodes: () => [String(changing ? ++n : n)] })
    for (let i = 0; i < 6; i++) await run()
    // Learned on the first request; sent ahead in vain on the next three; then no more.
    expect(ahead).toEqual(['unused', 'unused', 'unused'])
    expect(events.filter((e) => e.startsWith('step')).length).toBe(6 + 3)
    changing = false
    for (let i = 0; i < 3; i++) await run()
    // The first of these asks what the last asked, which resets the count: the next send ahead.
    expect(ahead).toEqual(['unused', 'unused', 'unused', 'used', 'used'])
  })

  it.each<[string, Setup]>([
    ['a step that reads what is not the same for anyone', { sameForAnyone: (fetch) => fetch !== STEP }],
    [
      'a first fetch whose answer is not the same for anyone',
      { sameForAnyone: (fetch) => fetch !== MAIN_FETCH },
    ],
    ['a step the entity cache answers (R28)', { cached: true }],
  ])('never sends ahead %s', async (_, options) => {
    const { run, events, ahead } = setup({ ...options, agbCodes: () => ['1'] })
    for (let i = 0; i < 3; i++) expect(await run()).toEqual(answer('1'))
    expect(events).toEqual(Array.from({ length: 3 }, () => ['main answered', 'step 1']).flat())
    expect(ahead).toEqual([])
  })

  it('hands Apollo the answer sent ahead when the request is its to shape: each fetch sent once', async () => {
    let errors: unknown[] | undefined
    const { run, events, ahead, counted, apolloAsked } = setup({
      agbCodes: () => ['1'],
      main: (data) => ({ data, errors }),
    })
    await run()
    errors = [{ message: 'Deels beschikbaar' }]
    expect(await run()).toEqual({ data: { byApollo: { _entities: [{ naam: 'Zorg 1' }] } } })
    expect(events).toEqual(['main answered', 'step 1', 'step 1', 'main answered'])
    expect([apolloAsked, ahead, counted]).toEqual([
      [JSON.stringify([{ __typename: 'Aanbieder', agbCode: '1' }])],
      ['used'],
      ['direct', 'shaped'],
    ])
  })

  it('sends ahead for requests in flight together, each its own fetch, each answered from it', async () => {
    const { run, events, ahead } = setup({ agbCodes: () => ['1'] })
    await run()
    events.length = 0
    expect(await Promise.all([run(), run()])).toEqual([answer('1'), answer('1')])
    expect(events).toEqual(['step 1', 'step 1', 'main answered', 'main answered'])
    expect(ahead).toEqual(['used', 'used'])
  })

  it('lets Apollo fetch the step for the objects named, not take the one sent ahead for others', async () => {
    let codes = ['1']
    let errors: unknown[] | undefined
    const { run, events, ahead, apolloAsked } = setup({
      agbCodes: () => codes,
      main: (data) => ({ data, errors }),
    })
    await run()
    codes = ['2']
    // An answer the path does not read: Apollo asks the step for the objects it names.
    errors = [{ message: 'Deels beschikbaar' }]
    expect(await run()).toEqual({ data: { byApollo: { _entities: [{ naam: 'Zorg 2' }] } } })
    expect(events).toEqual(['main answered', 'step 1', 'step 1', 'main answered', 'step 2'])
    expect([apolloAsked, ahead]).toEqual([
      [JSON.stringify([{ __typename: 'Aanbieder', agbCode: '2' }])],
      ['unused'],
    ])
  })

  it('does not wait for a fetch sent ahead that Apollo will not ask: the first fetch failed', async () => {
    let fail = false
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const { run, ahead, counted } = setup({
      agbCodes: () => ['1'],
      main: (data) => {
        if (fail) throw new TypeError('fetch failed')
        return { data }
      },
      stepWaits: () => (fail ? held : Promise.resolve()),
    })
    await run()
    fail = true
    // The step sent ahead is held until after the answer: waiting for it would never end.
    expect(await run()).toEqual({ data: null, errors: [new GraphQLError('Apollo: fetch failed')] })
    release()
    expect([ahead, counted]).toEqual([['unused'], ['direct', 'shaped']])
  })
})
