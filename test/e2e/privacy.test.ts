import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import {
  identities,
  startTestStack,
  tokenFor,
  type GraphQLResponseBody,
  type TestStack,
} from '../harness/stack'

let stack: TestStack

beforeAll(async () => {
  stack = await startTestStack('privacy', { gemeenten: ['0141', '0153'] })
})
afterAll(async () => {
  await stack?.stop()
})

/** A request through the gateway as a front-end sends it, with the purpose in x-doel. */
async function metDoel(source: string, as: Identity, doel: string, variables?: Record<string, unknown>) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await tokenFor(as)}`,
      'x-doel': doel,
    },
    body: JSON.stringify({ query: source, variables }),
  })
  return { status: response.status, body: (await response.json()) as GraphQLResponseBody }
}

const LEES = /* GraphQL */ `
  query Lees($zoek: String) {
    inwoners(gemeenteCode: "0153", zoek: $zoek, eerste: 1) {
      totalCount
    }
  }
`

const logregels = async () =>
  Number((await stack.gemeente('0153').db.query('SELECT COUNT(*) AS n FROM toegangslog'))[0].n)

describe('through the gateway', () => {
  it('relays the gemeente’s refusal of an unknown purpose, with the purposes the caller may state', async () => {
    const voor = await logregels()
    const { status, body } = await metDoel(LEES, identities.medewerker('0153'), 'NIEUWSGIERIGHEID')
    expect({ status, body }).toEqual({
      status: 200,
      body: {
        data: { inwoners: null },
        errors: [
          {
            message:
              'Doel "NIEUWSGIERIGHEID" is onbekend: x-doel is een van TOEGANG_JEUGD_WMO, UITVOERING_TOEWIJZING, INZAGE_BETROKKENE, VERANTWOORDING.',
            extensions: {
              code: 'FORBIDDEN',
              toegestaneDoelen: ['TOEGANG_JEUGD_WMO', 'VERANTWOORDING'],
              gemeente: '0153',
              serviceName: 'gemeente',
            },
          },
        ],
      },
    })
    expect(await logregels()).toBe(voor)
  })

  it('passes an allowed purpose on, and logs the read under it', async () => {
    const [inwoner] = await stack.gemeente('0153').db.query('SELECT id, bsn FROM inwoner ORDER BY id LIMIT 1')
    const { body } = await metDoel(LEES, identities.medewerker('0153'), 'VERANTWOORDING', {
      zoek: inwoner.bsn,
    })
    expect(body).toEqual({ data: { inwoners: { totalCount: 1 } } })
    const [laatste] = await stack
      .gemeente('0153')
      .db.query('SELECT inwonerId, doel FROM toegangslog ORDER BY id DESC LIMIT 1')
    expect(laatste).toEqual({ inwonerId: inwoner.id, doel: 'VERANTWOORDING' })
  })

  it('answers a 100 KB search string with BAD_USER_INPUT, not an internal error', async () => {
    const { body } = await stack.query(LEES, {
      as: identities.medewerker('0153'),
      variables: { zoek: 'z'.repeat(100 * 1024) },
    })
    expect(body.data).toEqual({ inwoners: null })
    expect(
      body.errors!.map((e) => ({ message: e.message, code: e.extensions?.code, field: e.extensions?.field })),
    ).toEqual([{ message: 'zoek: ten hoogste 100 tekens.', code: 'BAD_USER_INPUT', field: 'zoek' }])
  })
})
