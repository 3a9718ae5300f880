import { describe, expect, it } from 'vitest'
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql'
import { asksTheSame } from '../../gateway/routing/single-fetch'

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
  return asksTheSame(schema, operation, document, { operation: fetch, operationName: undefined })
}

const CLIENT = `query P($n: Int) { lijst: plannen(gemeenteCode: "0153", eerste: $n) { ...F huishouden { naam } } } fragment F on Plan { id naam status }`

describe('asksTheSame (R34)', () => {
  it('takes a fetch that asks the same fields (enums too), aliases, arguments and order, fragments spread in', () => {
    expect(
      judged(
        CLIENT,
        `query P($n:Int){lijst:plannen(gemeenteCode:"0153" eerste:$n){id naam status huishouden{naam}}}`,
      ),
    ).toBe(true)
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
    expect(judged(CLIENT, fetch)).toBe(false)
  })

  it.each([
    ['an abstract type (the runtime type decides what is selected)', `{ zaak { id } }`],
    ['a directive', `query D($m: Boolean!) { plannen(gemeenteCode: "0153") { id naam @include(if: $m) } }`],
    ['a fragment on another type', `{ zaak { ... on Melding { id } } }`],
    ['a key asked twice (merged by GraphQL)', `{ plannen(gemeenteCode: "0153") { id id } }`],
    ['a mutation', `mutation { plannen }`],
  ])('leaves a query with %s to Apollo, whatever the fetch', (_, client) => {
    expect(judged(client, client)).toBe(false)
  })
})
