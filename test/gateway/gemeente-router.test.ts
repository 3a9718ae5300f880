import { describe, expect, it } from 'vitest'
import {
  Kind,
  parse,
  print,
  type FieldNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js'
import { GemeenteRegistry, type InstanceStatus } from '../../gateway/registry'
import { GemeenteRouter, type InstanceSender } from '../../gateway/routing/gemeente-router'

type Variables = Record<string, unknown>
type Representation = Record<string, unknown> & { __typename: string }
interface Call {
  code: string
  query: string
  variables: Variables
}
type Answer = (call: Call) => GatewayGraphQLResponse | Promise<GatewayGraphQLResponse>

const ENSCHEDE = '0153'
const ALMELO = '0141'
const HOF_VAN_TWENTE = '1735'

/** Printed the way the router prints a narrowed operation, so that formatting does not matter. */
const normalised = (query: string) => print(parse(query))

/** Lets pending promise chains and timers run, so that whatever the router sends is sent. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5))

function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

function literal(node: ValueNode | undefined, variables: Variables): unknown {
  if (!node) return undefined
  if (node.kind === Kind.VARIABLE) return variables[node.name.value]
  return node.kind === Kind.STRING || node.kind === Kind.INT ? node.value : undefined
}

/**
 * What a gemeente instance would answer: each root field resolves to an object that says which
 * instance answered; each representation becomes an entity built from it.
 */
function instanceAnswer(call: Call): GatewayGraphQLResponse {
  const operation = parse(call.query).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!
  const fields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD)
  if (fields[0].name.value === '_entities') {
    const representations = call.variables.representations as Representation[]
    return { data: { _entities: representations.map((rep) => entityAnswer(rep, call.code)) } }
  }
  return {
    data: Object.fromEntries(
      fields.map((field) => {
        const id = literal(field.arguments?.find((a) => a.name.value === 'id')?.value, call.variables)
        return [field.alias?.value ?? field.name.value, { id, beantwoordDoor: call.code }]
      }),
    ),
  }
}

function entityAnswer(rep: Representation, code: string): Record<string, unknown> {
  if (rep.__typename === 'Aanbieder')
    return { __typename: 'Aanbieder', toewijzingen: [{ id: `${code}-${rep.agbCode}` }] }
  return { ...rep, beantwoordDoor: code }
}

function setup(
  options: {
    answers?: Partial<Record<string, Answer>>
    status?: Partial<Record<string, InstanceStatus>>
    gemeenten?: string[]
    /** How long ago a GEREED gemeente's readiness last answered ready (0 when not given). */
    readyAnswerAgeMs?: Partial<Record<string, number>>
  } = {},
) {
  const codes = options.gemeenten ?? [ENSCHEDE, ALMELO, HOF_VAN_TWENTE]
  const registry = new GemeenteRegistry(Object.fromEntries(codes.map((code) => [code, `http://${code}`])))
  for (const code of codes) {
    const instance = registry.get(code)!
    instance.status = options.status?.[code] ?? 'GEREED'
    // GEREED as the watch finds it: schema matched, readiness answered ready just now.
    if (instance.status === 'GEREED')
      Object.assign(instance, {
        schema: { state: 'GELIJK' },
        gereedheid: { state: 'GEREED' },
        gereedGemeld: performance.now() - (options.readyAnswerAgeMs?.[code] ?? 0),
      })
  }
  const calls: Call[] = []
  const send: InstanceSender = async (code, fetch) => {
    const call = {
      code,
      query: fetch.request.query!,
      variables: (fetch.request.variables ?? {}) as Variables,
    }
    calls.push(call)
    return (options.answers?.[code] ?? instanceAnswer)(call)
  }
  const router = new GemeenteRouter(registry, send)
  const run = (query: string, variables: Variables = {}) =>
    router.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query, variables },
      context: {},
      incomingRequestContext: {} as never,
    } as Parameters<GemeenteRouter['process']>[0])
  return { calls, run }
}

/** An instance that answers only when the test opens its gate. */
function gated(
  code: string,
  gates: Record<string, ReturnType<typeof gate>>,
  answer: Answer = instanceAnswer,
): Answer {
  gates[code] = gate()
  return async (call) => {
    await gates[code].opened
    return answer(call)
  }
}

const down =
  (error: unknown): Answer =>
  () => {
    throw error
  }

const gemeenteUnavailable = (
  code: string,
  reason: string,
  path: (string | number)[],
): GraphQLFormattedError => ({
  message: `Gemeente ${code} is niet bereikbaar: ${reason}. De gegevens van de andere gemeenten zijn volledig.`,
  path,
  extensions: { code: 'GEMEENTE_UNAVAILABLE', gemeente: code },
})

const ENTITIES = /* GraphQL */ `
  query PlanEntities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Plan {
        __typename
        status
        versie
      }
      ... on Gemeente {
        __typename
        ondersteuningsbehoeften {
          code
        }
      }
    }
  }
`

const AANBIEDER_ENTITIES = /* GraphQL */ `
  query AanbiederEntities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Aanbieder {
        __typename
        toewijzingen {
          id
        }
      }
    }
  }
`

const plan = (gemeenteCode: string, id: string) => ({ __typename: 'Plan', gemeenteCode, id })
const aanbieder = (agbCode: string) => ({ __typename: 'Aanbieder', agbCode })

describe('the gemeente router, for root fields', () => {
  it('sends a root field only to the instance named by its gemeenteCode string literal', async () => {
    const { calls, run } = setup()
    const query = /* GraphQL */ `
      query PlanInAlmelo {
        plan(id: "p1", gemeenteCode: "0141") {
          id
          status
        }
      }
    `

    expect(await run(query)).toEqual({ data: { plan: { id: 'p1', beantwoordDoor: ALMELO } } })
    expect(calls).toEqual([{ code: ALMELO, query, variables: {} }])
  })

  it('routes an integer literal gemeenteCode, which the query planner prints for 1735', async () => {
    const { calls, run } = setup()
    const query = /* GraphQL */ `
      query PlanInHofVanTwente {
        plan(id: "p1", gemeenteCode: 1735) {
          id
        }
      }
    `

    expect(await run(query)).toEqual({ data: { plan: { id: 'p1', beantwoordDoor: HOF_VAN_TWENTE } } })
    expect(calls.map((c) => c.code)).toEqual([HOF_VAN_TWENTE])
  })

  it('routes on a gemeenteCode given as a variable', async () => {
    const { calls, run } = setup()
    const query = /* GraphQL */ `
      query PlanPerVariabele($id: ID!, $gemeente: ID!) {
        plan(id: $id, gemeenteCode: $gemeente) {
          id
        }
      }
    `

    expect(await run(query, { id: 'p7', gemeente: ENSCHEDE })).toEqual({
      data: { plan: { id: 'p7', beantwoordDoor: ENSCHEDE } },
    })
    expect(calls).toEqual([{ code: ENSCHEDE, query, variables: { id: 'p7', gemeente: ENSCHEDE } }])
  })

  it('routes on the default of a gemeenteCode variable the client did not send, and sends the variables as they came', async () => {
    const { calls, run } = setup()
    // As the planner passes it on: the default kept in the operation, the variable not sent.
    const query = /* GraphQL */ `
      query PlanPerStandaard($id: ID!, $gemeente: ID! = "1735") {
        plan(id: $id, gemeenteCode: $gemeente) {
          id
        }
        ander: plan(id: $id, gemeenteCode: "0141") {
          id
        }
      }
    `

    expect(await run(query, { id: 'p7' })).toEqual({
      data: {
        plan: { id: 'p7', beantwoordDoor: HOF_VAN_TWENTE },
        ander: { id: 'p7', beantwoordDoor: ALMELO },
      },
    })
    expect(calls.map((c) => [c.code, c.variables])).toEqual([
      [HOF_VAN_TWENTE, { id: 'p7' }],
      [ALMELO, { id: 'p7' }],
    ])
    expect(normalised(calls[0].query)).toContain('$gemeente: ID! = "1735"')
    // A value sent wins over the default.
    calls.length = 0
    await run(query, { id: 'p7', gemeente: ENSCHEDE })
    expect(calls.map((c) => c.code).sort()).toEqual([ALMELO, ENSCHEDE])
  })

  it('splits aliased fields for two gemeenten into two narrowed operations and merges their data', async () => {
    const { calls, run } = setup()
    const query = /* GraphQL */ `
      query TweeGemeenten($planId: ID!, $inwonerId: ID!, $enschede: ID!, $almelo: ID!) {
        enschede: plan(id: $planId, gemeenteCode: $enschede) {
          ...PlanVelden
        }
        almelo: inwoner(id: $inwonerId, gemeenteCode: $almelo) {
          ...InwonerVelden
        }
      }
      fragment PlanVelden on Plan {
        id
        status
        huishouden {
          ...HuishoudenVelden
        }
      }
      fragment HuishoudenVelden on Huishouden {
        id
      }
      fragment InwonerVelden on Inwoner {
        id
      }
    `
    const variables = { planId: 'p1', inwonerId: 'i2', enschede: ENSCHEDE, almelo: ALMELO }

    expect(await run(query, variables)).toEqual({
      data: {
        enschede: { id: 'p1', beantwoordDoor: ENSCHEDE },
        almelo: { id: 'i2', beantwoordDoor: ALMELO },
      },
    })
    expect(calls).toEqual([
      {
        code: ENSCHEDE,
        query: normalised(/* GraphQL */ `
          query TweeGemeenten($planId: ID!, $enschede: ID!) {
            enschede: plan(id: $planId, gemeenteCode: $enschede) {
              ...PlanVelden
            }
          }
          fragment PlanVelden on Plan {
            id
            status
            huishouden {
              ...HuishoudenVelden
            }
          }
          fragment HuishoudenVelden on Huishouden {
            id
          }
        `),
        variables: { planId: 'p1', enschede: ENSCHEDE },
      },
      {
        code: ALMELO,
        query: normalised(/* GraphQL */ `
          query TweeGemeenten($inwonerId: ID!, $almelo: ID!) {
            almelo: inwoner(id: $inwonerId, gemeenteCode: $almelo) {
              ...InwonerVelden
            }
          }
          fragment InwonerVelden on Inwoner {
            id
          }
        `),
        variables: { inwonerId: 'i2', almelo: ALMELO },
      },
    ])
  })

  it('sends the fields of a query for two gemeenten in parallel', async () => {
    const gates: Record<string, ReturnType<typeof gate>> = {}
    const { calls, run } = setup({
      answers: { [ENSCHEDE]: gated(ENSCHEDE, gates), [ALMELO]: gated(ALMELO, gates) },
    })
    const answered = run(/* GraphQL */ `
      query TweePlannen {
        a: plan(id: "p1", gemeenteCode: "0153") {
          id
        }
        b: plan(id: "p2", gemeenteCode: "0141") {
          id
        }
      }
    `)
    await settle()
    expect(calls.map((c) => c.code)).toEqual([ENSCHEDE, ALMELO])

    gates[ALMELO].open()
    await settle()
    gates[ENSCHEDE].open()
    const response = await answered
    expect(response).toEqual({
      data: { a: { id: 'p1', beantwoordDoor: ENSCHEDE }, b: { id: 'p2', beantwoordDoor: ALMELO } },
    })
    // In the client's order although Almelo answered first: R34 may pass the answer on as it is.
    expect(Object.keys(response.data!)).toEqual(['a', 'b'])
  })

  it('sends a mutation with fields for A, B, A as three calls, each after the previous one answered', async () => {
    const events: string[] = []
    const logged: Answer = async (call) => {
      const field = call.query.match(/(\w+): sluitPlan/)![1]
      events.push(`begin ${call.code} ${field}`)
      await settle()
      events.push(`einde ${call.code} ${field}`)
      return instanceAnswer(call)
    }
    const { calls, run } = setup({ answers: { [ENSCHEDE]: logged, [ALMELO]: logged } })
    const query = /* GraphQL */ `
      mutation DrieWijzigingen {
        eerste: sluitPlan(id: "p1", gemeenteCode: "0153") {
          id
        }
        tweede: sluitPlan(id: "p2", gemeenteCode: "0141") {
          id
        }
        derde: sluitPlan(id: "p3", gemeenteCode: "0153") {
          id
        }
      }
    `

    expect(await run(query)).toEqual({
      data: {
        eerste: { id: 'p1', beantwoordDoor: ENSCHEDE },
        tweede: { id: 'p2', beantwoordDoor: ALMELO },
        derde: { id: 'p3', beantwoordDoor: ENSCHEDE },
      },
    })
    expect(events).toEqual([
      'begin 0153 eerste',
      'einde 0153 eerste',
      'begin 0141 tweede',
      'einde 0141 tweede',
      'begin 0153 derde',
      'einde 0153 derde',
    ])
    expect(calls.map((c) => c.query)).toEqual([
      normalised(`mutation DrieWijzigingen { eerste: sluitPlan(id: "p1", gemeenteCode: "0153") { id } }`),
      normalised(`mutation DrieWijzigingen { tweede: sluitPlan(id: "p2", gemeenteCode: "0141") { id } }`),
      normalised(`mutation DrieWijzigingen { derde: sluitPlan(id: "p3", gemeenteCode: "0153") { id } }`),
    ])
  })

  it('answers a field for an unknown gemeente code with null and a BAD_USER_INPUT error, and keeps the other field', async () => {
    const { calls, run } = setup()
    const query = /* GraphQL */ `
      query OnbekendeGemeente {
        onbekend: plan(id: "p1", gemeenteCode: 9999) {
          id
        }
        almelo: plan(id: "p2", gemeenteCode: "0141") {
          id
        }
      }
    `

    expect(await run(query)).toEqual({
      data: { onbekend: null, almelo: { id: 'p2', beantwoordDoor: ALMELO } },
      errors: [
        {
          message: '9999 is geen Twentse gemeentecode.',
          path: ['onbekend'],
          extensions: { code: 'BAD_USER_INPUT', field: 'gemeenteCode' },
        },
      ],
    })
    expect(calls.map((c) => c.code)).toEqual([ALMELO])
  })

  it('nulls the fields of an instance that is down, with a GEMEENTE_UNAVAILABLE error naming it, and keeps the rest', async () => {
    const { run } = setup({ answers: { [ALMELO]: down(new TypeError('fetch failed')) } })
    const query = /* GraphQL */ `
      query DrieVelden {
        a: plan(id: "p1", gemeenteCode: "0153") {
          id
        }
        b: plan(id: "p2", gemeenteCode: "0141") {
          id
        }
        c: inwoner(id: "i3", gemeenteCode: "0141") {
          id
        }
      }
    `

    expect(await run(query)).toEqual({
      data: { a: { id: 'p1', beantwoordDoor: ENSCHEDE }, b: null, c: null },
      errors: [
        gemeenteUnavailable(ALMELO, 'de dienst is niet bereikbaar', ['b']),
        gemeenteUnavailable(ALMELO, 'de dienst is niet bereikbaar', ['c']),
      ],
    })
  })

  it('reports an instance that does not answer in time as GEMEENTE_UNAVAILABLE', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    const { run } = setup({ answers: { [HOF_VAN_TWENTE]: down(timeout) } })
    const query = /* GraphQL */ `
      query TraagHof {
        a: plan(id: "p1", gemeenteCode: 1735) {
          id
        }
        b: plan(id: "p2", gemeenteCode: "0153") {
          id
        }
      }
    `

    expect(await run(query)).toEqual({
      data: { a: null, b: { id: 'p2', beantwoordDoor: ENSCHEDE } },
      errors: [gemeenteUnavailable(HOF_VAN_TWENTE, 'geen antwoord binnen de tijdslimiet', ['a'])],
    })
  })

  it('does not send to an instance with a different schema, nor to a gemeente that is not connected', async () => {
    const { calls, run } = setup({ status: { [ALMELO]: 'AFWIJKEND' } })
    const query = /* GraphQL */ `
      query DrieGemeenten {
        almelo: plan(id: "p1", gemeenteCode: "0141") {
          id
        }
        borne: plan(id: "p2", gemeenteCode: "0147") {
          id
        }
        enschede: plan(id: "p3", gemeenteCode: "0153") {
          id
        }
      }
    `

    expect(await run(query)).toEqual({
      data: { almelo: null, borne: null, enschede: { id: 'p3', beantwoordDoor: ENSCHEDE } },
      errors: [
        gemeenteUnavailable(ALMELO, 'de dienst van deze gemeente heeft een afwijkend schema', ['almelo']),
        gemeenteUnavailable('0147', 'deze gemeente is niet aangesloten op de gateway', ['borne']),
      ],
    })
    expect(calls.map((c) => c.code)).toEqual([ENSCHEDE])
  })

  it('sends a fetch without any gemeente, such as __typename alone, to the first routable instance', async () => {
    const { calls, run } = setup({ status: { [ALMELO]: 'AFWIJKEND' } })
    const query = /* GraphQL */ `
      query Typenaam {
        __typename
      }
    `

    await run(query)
    expect(calls).toEqual([{ code: ENSCHEDE, query, variables: {} }])
  })
})

describe('the gemeente router, for _entities', () => {
  it('sends the representations of each gemeente in parallel and puts the answers back in the original order', async () => {
    const gates: Record<string, ReturnType<typeof gate>> = {}
    const { calls, run } = setup({
      answers: {
        [ENSCHEDE]: gated(ENSCHEDE, gates),
        [ALMELO]: gated(ALMELO, gates),
        [HOF_VAN_TWENTE]: gated(HOF_VAN_TWENTE, gates),
      },
    })
    const representations = [
      plan(ENSCHEDE, 'p1'),
      plan(ALMELO, 'p2'),
      plan(ENSCHEDE, 'p3'),
      plan(HOF_VAN_TWENTE, 'p4'),
    ]
    const answered = run(ENTITIES, { representations })
    await settle()
    expect(calls).toEqual([
      {
        code: ENSCHEDE,
        query: ENTITIES,
        variables: { representations: [plan(ENSCHEDE, 'p1'), plan(ENSCHEDE, 'p3')] },
      },
      { code: ALMELO, query: ENTITIES, variables: { representations: [plan(ALMELO, 'p2')] } },
      { code: HOF_VAN_TWENTE, query: ENTITIES, variables: { representations: [plan(HOF_VAN_TWENTE, 'p4')] } },
    ])

    for (const code of [HOF_VAN_TWENTE, ALMELO, ENSCHEDE]) {
      gates[code].open()
      await settle()
    }
    expect(await answered).toEqual({
      data: {
        _entities: [
          { ...plan(ENSCHEDE, 'p1'), beantwoordDoor: ENSCHEDE },
          { ...plan(ALMELO, 'p2'), beantwoordDoor: ALMELO },
          { ...plan(ENSCHEDE, 'p3'), beantwoordDoor: ENSCHEDE },
          { ...plan(HOF_VAN_TWENTE, 'p4'), beantwoordDoor: HOF_VAN_TWENTE },
        ],
      },
    })
  })

  it("renumbers an instance's error paths to the positions of its representations in the whole fetch", async () => {
    const { run } = setup({
      answers: {
        [ENSCHEDE]: () => ({
          data: {
            _entities: [
              { __typename: 'Plan', status: 'ACTIEF' },
              { __typename: 'Plan', status: null },
            ],
          },
          errors: [
            {
              message: 'Plan p3 is niet zichtbaar.',
              path: ['_entities', 1, 'status'],
              extensions: { code: 'FORBIDDEN' },
            },
          ],
        }),
      },
    })
    const representations = [plan(ENSCHEDE, 'p1'), plan(ALMELO, 'p2'), plan(ENSCHEDE, 'p3')]

    expect(await run(ENTITIES, { representations })).toEqual({
      data: {
        _entities: [
          { __typename: 'Plan', status: 'ACTIEF' },
          { ...plan(ALMELO, 'p2'), beantwoordDoor: ALMELO },
          { __typename: 'Plan', status: null },
        ],
      },
      errors: [
        {
          message: 'Plan p3 is niet zichtbaar.',
          path: ['_entities', 2, 'status'],
          extensions: { code: 'FORBIDDEN', gemeente: ENSCHEDE },
        },
      ],
    })
  })

  it('routes a Gemeente representation by its code', async () => {
    const { calls, run } = setup()
    const representations = [
      { __typename: 'Gemeente', code: ALMELO },
      { __typename: 'Gemeente', code: HOF_VAN_TWENTE },
    ]

    expect(await run(ENTITIES, { representations })).toEqual({
      data: {
        _entities: [
          { __typename: 'Gemeente', code: ALMELO, beantwoordDoor: ALMELO },
          { __typename: 'Gemeente', code: HOF_VAN_TWENTE, beantwoordDoor: HOF_VAN_TWENTE },
        ],
      },
    })
    expect(calls.map((c) => [c.code, c.variables.representations])).toEqual([
      [ALMELO, [{ __typename: 'Gemeente', code: ALMELO }]],
      [HOF_VAN_TWENTE, [{ __typename: 'Gemeente', code: HOF_VAN_TWENTE }]],
    ])
  })

  it('nulls only the entities of an instance that is down, with one error per entity at its first selected field', async () => {
    const { run } = setup({ answers: { [ALMELO]: down(new Error('connect ECONNREFUSED 127.0.0.1:4141')) } })
    const representations = [
      plan(ENSCHEDE, 'p1'),
      plan(ALMELO, 'p2'),
      plan(ENSCHEDE, 'p3'),
      plan(ALMELO, 'p4'),
    ]

    expect(await run(ENTITIES, { representations })).toEqual({
      data: {
        _entities: [
          { ...plan(ENSCHEDE, 'p1'), beantwoordDoor: ENSCHEDE },
          null,
          { ...plan(ENSCHEDE, 'p3'), beantwoordDoor: ENSCHEDE },
          null,
        ],
      },
      errors: [
        gemeenteUnavailable(ALMELO, 'de dienst is niet bereikbaar', ['_entities', 1, 'status']),
        gemeenteUnavailable(ALMELO, 'de dienst is niet bereikbaar', ['_entities', 3, 'status']),
      ],
    })
  })

  it('does not send to an AFWIJKEND instance and nulls its entities, each error at the first field of its own type', async () => {
    const { calls, run } = setup({ status: { [ALMELO]: 'AFWIJKEND' } })
    const representations = [
      plan(ENSCHEDE, 'p1'),
      { __typename: 'Gemeente', code: ALMELO },
      plan(ALMELO, 'p2'),
      plan(HOF_VAN_TWENTE, 'p3'),
    ]
    const reason = 'de dienst van deze gemeente heeft een afwijkend schema'

    expect(await run(ENTITIES, { representations })).toEqual({
      data: {
        _entities: [
          { ...plan(ENSCHEDE, 'p1'), beantwoordDoor: ENSCHEDE },
          null,
          null,
          { ...plan(HOF_VAN_TWENTE, 'p3'), beantwoordDoor: HOF_VAN_TWENTE },
        ],
      },
      errors: [
        gemeenteUnavailable(ALMELO, reason, ['_entities', 1, 'ondersteuningsbehoeften']),
        gemeenteUnavailable(ALMELO, reason, ['_entities', 2, 'status']),
      ],
    })
    expect(calls.map((c) => c.code)).toEqual([ENSCHEDE, HOF_VAN_TWENTE])
  })
})

describe('the gemeente router, for regional entities', () => {
  it('sends a regional entity to every instance and concatenates its lists in CBS-code order, whatever the answer order', async () => {
    const gates: Record<string, ReturnType<typeof gate>> = {}
    const { calls, run } = setup({
      answers: {
        [ENSCHEDE]: gated(ENSCHEDE, gates),
        [ALMELO]: gated(ALMELO, gates),
        [HOF_VAN_TWENTE]: gated(HOF_VAN_TWENTE, gates),
      },
    })
    const representations = [aanbieder('12345678'), aanbieder('87654321')]
    const answered = run(AANBIEDER_ENTITIES, { representations })
    await settle()
    expect(calls).toEqual(
      [ALMELO, ENSCHEDE, HOF_VAN_TWENTE].map((code) => ({
        code,
        query: AANBIEDER_ENTITIES,
        variables: { representations },
      })),
    )

    for (const code of [HOF_VAN_TWENTE, ENSCHEDE, ALMELO]) {
      gates[code].open()
      await settle()
    }
    expect(await answered).toEqual({
      data: {
        _entities: [
          {
            __typename: 'Aanbieder',
            toewijzingen: [{ id: '0141-12345678' }, { id: '0153-12345678' }, { id: '1735-12345678' }],
          },
          {
            __typename: 'Aanbieder',
            toewijzingen: [{ id: '0141-87654321' }, { id: '0153-87654321' }, { id: '1735-87654321' }],
          },
        ],
      },
    })
  })

  it("keeps the other instances' lists when one is down, and names the missing gemeente for each entity", async () => {
    const { run } = setup({ answers: { [ENSCHEDE]: down(new Error('socket hang up')) } })
    const representations = [aanbieder('12345678'), aanbieder('87654321')]

    expect(await run(AANBIEDER_ENTITIES, { representations })).toEqual({
      data: {
        _entities: [
          { __typename: 'Aanbieder', toewijzingen: [{ id: '0141-12345678' }, { id: '1735-12345678' }] },
          { __typename: 'Aanbieder', toewijzingen: [{ id: '0141-87654321' }, { id: '1735-87654321' }] },
        ],
      },
      errors: [
        gemeenteUnavailable(ENSCHEDE, 'de dienst is niet bereikbaar', ['_entities', 0, 'toewijzingen']),
        gemeenteUnavailable(ENSCHEDE, 'de dienst is niet bereikbaar', ['_entities', 1, 'toewijzingen']),
      ],
    })
  })

  it('reports an error that every instance gives identically only once, and keeps an error only one instance gives', async () => {
    const forbidden = (index: number) => ({
      message: 'U mag de toewijzingen van deze aanbieder niet zien.',
      path: ['_entities', index, 'toewijzingen'],
      extensions: { code: 'FORBIDDEN' },
    })
    const refusing: Answer = () => ({
      data: {
        _entities: [
          { __typename: 'Aanbieder', toewijzingen: null },
          { __typename: 'Aanbieder', toewijzingen: null },
        ],
      },
      errors: [forbidden(0), forbidden(1)],
    })
    const slow = {
      message: 'Te veel toewijzingen.',
      path: ['_entities', 1, 'toewijzingen'],
      extensions: { code: 'BAD_USER_INPUT' },
    }
    const { run } = setup({
      answers: {
        [ENSCHEDE]: refusing,
        [ALMELO]: refusing,
        [HOF_VAN_TWENTE]: async (call) => {
          const answer = await refusing(call)
          return { ...answer, errors: [...answer.errors!, slow] }
        },
      },
    })

    expect(
      await run(AANBIEDER_ENTITIES, { representations: [aanbieder('12345678'), aanbieder('87654321')] }),
    ).toEqual({
      data: {
        _entities: [
          { __typename: 'Aanbieder', toewijzingen: null },
          { __typename: 'Aanbieder', toewijzingen: null },
        ],
      },
      // Once per path, naming every gemeente that gave it (in registry order: CBS code).
      errors: [
        { ...forbidden(0), extensions: { code: 'FORBIDDEN', gemeenten: [ALMELO, ENSCHEDE, HOF_VAN_TWENTE] } },
        { ...forbidden(1), extensions: { code: 'FORBIDDEN', gemeenten: [ALMELO, ENSCHEDE, HOF_VAN_TWENTE] } },
        { ...slow, extensions: { code: 'BAD_USER_INPUT', gemeenten: [HOF_VAN_TWENTE] } },
      ],
    })
  })

  it('routes the gemeente entities of a mixed fetch and fans out only the regional ones, renumbering both', async () => {
    const { calls, run } = setup({
      answers: {
        [ENSCHEDE]: (call) => {
          const reps = call.variables.representations as Representation[]
          if (reps[0].__typename === 'Plan') return instanceAnswer(call)
          return {
            data: { _entities: [{ __typename: 'Aanbieder', toewijzingen: null }] },
            errors: [
              {
                message: 'Niet zichtbaar.',
                path: ['_entities', 0, 'toewijzingen'],
                extensions: { code: 'FORBIDDEN' },
              },
            ],
          }
        },
      },
    })
    const query = /* GraphQL */ `
      query GemengdeEntities($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Plan {
            __typename
            status
          }
          ... on Aanbieder {
            __typename
            toewijzingen {
              id
            }
          }
        }
      }
    `
    const representations = [plan(ENSCHEDE, 'p1'), aanbieder('12345678')]

    expect(await run(query, { representations })).toEqual({
      data: {
        _entities: [
          { ...plan(ENSCHEDE, 'p1'), beantwoordDoor: ENSCHEDE },
          { __typename: 'Aanbieder', toewijzingen: [{ id: '0141-12345678' }, { id: '1735-12345678' }] },
        ],
      },
      errors: [
        {
          message: 'Niet zichtbaar.',
          path: ['_entities', 1, 'toewijzingen'],
          extensions: { code: 'FORBIDDEN', gemeenten: [ENSCHEDE] },
        },
      ],
    })
    expect(calls.map((c) => [c.code, c.variables.representations])).toEqual([
      [ENSCHEDE, [plan(ENSCHEDE, 'p1')]],
      [ALMELO, [aanbieder('12345678')]],
      [ENSCHEDE, [aanbieder('12345678')]],
      [HOF_VAN_TWENTE, [aanbieder('12345678')]],
    ])
  })
})

describe('the gemeente router, for the regional catalogue of the REGIONAAL gemeenten (R32)', () => {
  const BORNE = '0147'
  const HENGELO = '0164'
  const query = /* GraphQL */ `
    query Regio__gemeente__1($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Gemeente {
          ondersteuningsbehoeften {
            code
          }
        }
      }
    }
  `
  const representations = [ENSCHEDE, BORNE, HENGELO].map((code) => ({ __typename: 'Gemeente', code }))
  const BEHOEFTEN = { ondersteuningsbehoeften: [{ code: 'REGIONAAL' }] }
  /** A REGIONAAL instance: the regional catalogue for every Gemeente, and its root type when asked whether it answers. */
  const regionaal: Answer = (call) =>
    call.query.includes('Bereikbaar')
      ? { data: { __typename: 'Query' } }
      : { data: { _entities: (call.variables.representations as unknown[]).map(() => BEHOEFTEN) } }
  const answers = { [ENSCHEDE]: regionaal, [BORNE]: regionaal, [HENGELO]: regionaal }
  const sent = (calls: Call[]) =>
    calls.map((c) => [c.code, c.query.includes('Bereikbaar') ? 'Bereikbaar' : '_entities']).sort()

  it('asks one of them and gives the others known ready a copy without sending them anything', async () => {
    const { calls, run } = setup({ gemeenten: [ENSCHEDE, BORNE, HENGELO], answers })
    expect(await run(query, { representations })).toEqual({
      data: { _entities: [BEHOEFTEN, BEHOEFTEN, BEHOEFTEN] },
    })
    expect(sent(calls)).toEqual([[ENSCHEDE, '_entities']])
  })

  it('asks one the gateway does not know ready whether it answers, and copies to it once it does', async () => {
    const { calls, run } = setup({
      gemeenten: [ENSCHEDE, BORNE, HENGELO],
      answers,
      status: { [HENGELO]: 'ONBEREIKBAAR', [BORNE]: 'ONBEKEND' },
    })
    expect(await run(query, { representations })).toEqual({
      data: { _entities: [BEHOEFTEN, BEHOEFTEN, BEHOEFTEN] },
    })
    expect(sent(calls)).toEqual([
      [BORNE, 'Bereikbaar'],
      [ENSCHEDE, '_entities'],
      [HENGELO, 'Bereikbaar'],
    ])
  })

  it('asks one whose last ready answer is older than a watch round whether it answers', async () => {
    const { calls, run } = setup({
      gemeenten: [ENSCHEDE, BORNE, HENGELO],
      answers,
      readyAnswerAgeMs: { [HENGELO]: 60_000 },
    })
    expect(await run(query, { representations })).toEqual({
      data: { _entities: [BEHOEFTEN, BEHOEFTEN, BEHOEFTEN] },
    })
    expect(sent(calls)).toEqual([
      [ENSCHEDE, '_entities'],
      [HENGELO, 'Bereikbaar'],
    ])
  })

  it('reports one that is not known ready and does not answer as unavailable, and copies to the rest', async () => {
    const { run } = setup({
      gemeenten: [ENSCHEDE, BORNE, HENGELO],
      answers: { ...answers, [HENGELO]: down(new TypeError('fetch failed')) },
      status: { [HENGELO]: 'ONBEREIKBAAR' },
    })
    const response = await run(query, { representations })
    expect(response.data).toEqual({ _entities: [BEHOEFTEN, BEHOEFTEN, null] })
    expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.gemeente, e.path])).toEqual([
      ['GEMEENTE_UNAVAILABLE', HENGELO, ['_entities', 2, 'ondersteuningsbehoeften']],
    ])
  })
})
