import { describe, expect, it } from 'vitest'
import { buildSchema, GraphQLError, parse, type OperationDefinitionNode } from 'graphql'
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js'
import type { GatewayExecutor, GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { fitsObject } from '../../gateway/routing/response-fields'
import { sameFields, SingleFetchPath } from '../../gateway/routing/single-fetch'
import { requestContextFor } from '../harness/request-context'

const schema = buildSchema(/* GraphQL */ `
  type Query {
    plannen(gemeenteCode: ID!, eerste: Int): [Plan!]!
    zaak: Zaak
  }
  type Plan {
    id: ID!
    naam: String
    status: Status!
    huishouden: Huishouden!
  }
  type Huishouden {
    naam: String!
  }
  enum Status {
    ACTIEF
    AFGESLOTEN
  }
  interface Zaak {
    id: ID!
  }
  type Melding implements Zaak {
    id: ID!
  }
`)

/** Whether R34 takes a client query whose plan is one fetch with this text. */
function judged(client: string, fetch: string) {
  const document = parse(client)
  const operation = document.definitions.find(
    (d) => d.kind === 'OperationDefinition',
  ) as OperationDefinitionNode
  return sameFields(schema, operation, document, { operation: fetch })
}

const CLIENT = `query P($n: Int) { lijst: plannen(gemeenteCode: "0153", eerste: $n) { ...F huishouden { naam } } } fragment F on Plan { id naam status }`

describe('sameFields (R34)', () => {
  it('takes a fetch that asks the same fields (enums too), aliases, arguments and order, fragments spread in', () => {
    expect(
      judged(
        CLIENT,
        `query P($n:Int){lijst:plannen(gemeenteCode:"0153" eerste:$n){id naam status huishouden{naam}}}`,
      ),
    ).not.toBeNull()
  })

  it.each([
    [
      'a field the client did not ask',
      `query P($n:Int){lijst:plannen(gemeenteCode:"0153" eerste:$n){__typename id naam status huishouden{naam}}}`,
    ],
    [
      'another order',
      `query P($n:Int){lijst:plannen(gemeenteCode:"0153" eerste:$n){naam id status huishouden{naam}}}`,
    ],
    [
      'an argument written otherwise',
      `query P($n:Int){lijst:plannen(gemeenteCode:153 eerste:$n){id naam status huishouden{naam}}}`,
    ],
    [
      'another alias',
      `query P($n:Int){plannen(gemeenteCode:"0153" eerste:$n){id naam status huishouden{naam}}}`,
    ],
  ])('refuses a fetch with %s', (_, fetch) => {
    expect(judged(CLIENT, fetch)).toBeNull()
  })

  it.each([
    ['an abstract type (the runtime type decides what is selected)', `{ zaak { id } }`],
    ['a directive', `query D($m: Boolean!) { plannen(gemeenteCode: "0153") { id naam @include(if: $m) } }`],
    ['a fragment on another type', `{ zaak { ... on Melding { id } } }`],
    ['a key asked twice (merged by GraphQL)', `{ plannen(gemeenteCode: "0153") { id id } }`],
    ['a mutation', `mutation { plannen }`],
  ])('leaves a query with %s to Apollo, whatever the fetch', (_, client) => {
    expect(judged(client, client)).toBeNull()
  })
})

describe('fitsObject (R34): an answer passed on only as Apollo would give it back', () => {
  const fields = judged(
    CLIENT,
    `query P($n:Int){lijst:plannen(gemeenteCode:"0153" eerste:$n){id naam status huishouden{naam}}}`,
  )!
  const plan = { id: 'p1', naam: null, status: 'ACTIEF', huishouden: { naam: 'Jansen' } }

  it('takes the keys asked, in order, with values of their types', () => {
    expect(fitsObject({ lijst: [plan, { ...plan, id: 7 }] }, fields)).toBe(true)
    expect(fitsObject({ lijst: [] }, fields)).toBe(true)
  })

  it.each([
    [
      'the keys in another order',
      { lijst: [{ naam: null, id: 'p1', status: 'ACTIEF', huishouden: { naam: 'J' } }] },
    ],
    ['a key more', { lijst: [{ ...plan, __typename: 'Plan' }] }],
    ['a key less', { lijst: [{ id: 'p1', naam: null, status: 'ACTIEF' }] }],
    ['an enum value the API schema lacks', { lijst: [{ ...plan, status: 'GESCHRAPT' }] }],
    ['null where the schema forbids it', { lijst: [{ ...plan, id: null }] }],
    ['a number with a fraction for an ID', { lijst: [{ ...plan, id: 1.5 }] }],
    ['a number for a String', { lijst: [{ ...plan, naam: 3 }] }],
    ['null in a list of non-null', { lijst: [null] }],
    ['an object for a list', { lijst: plan }],
  ])('refuses %s', (_, data) => {
    expect(fitsObject(data, fields)).toBe(false)
  })
})

describe('SingleFetchPath (R34): one fetch per request, whichever way it goes', () => {
  const QUERY = `query P { plannen(gemeenteCode: "0153") { id naam } }`
  const FETCH = `query P__gemeente__0{plannen(gemeenteCode:"0153"){id naam}}`

  /** The path in front of a stand-in for Apollo Gateway that executes by asking the same source. */
  async function setup(answer: () => Promise<GatewayGraphQLResponse>) {
    const counted: string[] = []
    const path = new SingleFetchPath((result) => counted.push(result))
    let sent = 0
    const source = path.source({
      process: async () => {
        sent++
        return answer()
      },
    })
    const apolloRan: string[] = []
    const apollo: GatewayExecutor = async (rc) => {
      apolloRan.push(rc.queryHash)
      try {
        const response = await source.process({
          kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
          request: { query: FETCH },
          incomingRequestContext: rc,
          context: rc.context,
        } as never)
        return { data: { shapedByApollo: response.data } }
      } catch (err) {
        return { data: null, errors: [new GraphQLError(`Apollo: ${(err as Error).message}`)] }
      }
    }
    const executor = path.wrap(apollo)
    const requestContext = requestContextFor(schema, QUERY)
    // Apollo plans the first request and says so; the path judges that plan.
    path.didResolveQueryPlan({
      queryPlan: {
        kind: 'QueryPlan',
        node: {
          kind: 'Fetch',
          serviceName: 'gemeente',
          operation: FETCH,
          operationKind: 'query',
          variableUsages: [],
        },
      },
      serviceMap: { gemeente: source },
      requestContext: requestContext(),
    } as never)
    return { run: () => executor(requestContext()), counted, sent: () => sent, apolloRan }
  }

  it('passes an answer that fits on as the response', async () => {
    const { run, counted, sent, apolloRan } = await setup(async () => ({
      data: { plannen: [{ id: 'p1', naam: 'Plan' }] },
    }))
    expect(await run()).toEqual({ data: { plannen: [{ id: 'p1', naam: 'Plan' }] } })
    expect([counted, sent(), apolloRan]).toEqual([['direct'], 1, []])
  })

  it('hands Apollo an answer that does not fit, without fetching it again', async () => {
    const { run, counted, sent, apolloRan } = await setup(async () => ({
      data: { plannen: [{ naam: 'Plan', id: 'p1' }] },
    }))
    expect(await run()).toEqual({ data: { shapedByApollo: { plannen: [{ naam: 'Plan', id: 'p1' }] } } })
    expect([counted, sent(), apolloRan]).toEqual([['shaped'], 1, ['h']])
  })

  it('hands Apollo a fetch that failed, to report as it reports any failed fetch', async () => {
    const { run, counted, sent } = await setup(async () => {
      throw new TypeError('fetch failed')
    })
    expect(await run()).toEqual({ data: null, errors: [new GraphQLError('Apollo: fetch failed')] })
    expect([counted, sent()]).toEqual([['shaped'], 1])
  })
})
