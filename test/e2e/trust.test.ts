import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SignJWT } from 'jose'
import { GATEWAY_TOKEN_HEADER } from '../../shared/auth/caller'
import { gemeentesysteem, signClaims, signToken, type Identity } from '../../shared/auth/identity'
import { REGIO_TELLINGEN_PATH, tellingVersie } from '../../shared/graphql/cijfers'
import { issuerFor } from '../../shared/auth/issuers'
import { generateKeyRing } from '../../shared/auth/keys'
import {
  gatewayTokenFor,
  identities,
  startTestStack,
  TEST_AUTH,
  TEST_KEYS,
  tokenFor,
  type TestStack,
} from '../harness/stack'
import { meldingenInKolommen } from '../harness/tellingen'

let stack: TestStack
beforeAll(async () => {
  stack = await startTestStack('trust', { gemeenten: ['0153', '0147'], inwoners: 10 })
})
afterAll(() => stack?.stop())

const medewerker = identities.medewerker('0153')
const GATEWAY: Identity = { sub: 'gateway', naam: 'Gateway', rol: 'GATEWAY' }
const now = () => Math.floor(Date.now() / 1000)
const signed = (claims: Record<string, unknown>, issuer = issuerFor(claims)!) =>
  signClaims(claims, TEST_KEYS.get(issuer)!, TEST_AUTH)

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: JSON.parse(text) }
}

const PLANNEN = /* GraphQL */ `
  query Plannen {
    plannen(gemeenteCode: "0153", eerste: 1) {
      totalCount
    }
  }
`

/** Every kind of forged or unacceptable token the issue names, with the reason it is refused. */
const forged: [string, () => Promise<string>, string][] = [
  [
    'an HS256 token',
    () =>
      new SignJWT({ ...medewerker, sub: undefined })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(medewerker.sub)
        .setIssuer('gemeente-0153')
        .setAudience('twents-model-graph')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('the-old-shared-secret-of-at-least-32-chars')),
    'Tokens signed with HS256 are refused; use ES256 or EdDSA.',
  ],
  ['a token without exp', () => signed({ ...medewerker, exp: null }), 'The token has no expiry (exp).'],
  [
    'a token that lives 100 years',
    () => signed({ ...medewerker, exp: now() + 100 * 365 * 86400 }),
    'The token lives longer than the 3600 seconds allowed for this role.',
  ],
  [
    'a token issued 10 years ahead',
    () => signed({ ...medewerker, iat: now() + 10 * 365 * 86400, exp: now() + 10 * 365 * 86400 + 60 }),
    'The token is issued in the future (iat).',
  ],
  [
    'gemeente 0147 signing for a toegangsmedewerker of 0153',
    () => signed(medewerker, 'gemeente-0147'),
    'Issuer gemeente-0147 may not assert a TOEGANGSMEDEWERKER identity.',
  ],
  [
    'a token signed with a key nobody trusts',
    async () => signClaims({ ...medewerker }, (await generateKeyRing()).get('gemeente-0153')!, TEST_AUTH),
    'The token is not valid.',
  ],
]

describe('tokens', () => {
  it.each(forged)('refuses %s at the gateway and at the gemeente instance alike', async (_, make, reason) => {
    const token = await make()
    const refusal = {
      status: 401,
      body: {
        errors: [expect.objectContaining({ message: reason, extensions: { code: 'UNAUTHENTICATED' } })],
      },
    }
    for (const url of [stack.gatewayUrl, stack.gemeente('0153').url]) {
      const answer = await post(url, { query: PLANNEN }, { authorization: `Bearer ${token}` })
      expect(answer).toMatchObject(refusal)
    }
  })

  it('answers the same query for a genuine token of the same person', async () => {
    const answer = await stack.query(PLANNEN, { as: medewerker })
    expect(answer.body).toEqual({ data: { plannen: { totalCount: expect.any(Number) } } })
  })

  it('lets the registry refuse a report about 0153 signed by gemeente 0147', async () => {
    const VERWERKEN = /* GraphQL */ `
      mutation Verwerken($b: [RegisterberichtInvoer!]!) {
        registerberichtenVerwerken(berichten: $b) {
          verwerkt
        }
      }
    `
    const system = { sub: 'gs', naam: 'Gemeente 0153', rol: 'GEMEENTESYSTEEM', gemeente: '0153' }
    const token = await signed({ ...system, exp: now() + 60 }, 'gemeente-0147')
    const answer = await post(
      stack.aanbieders.url,
      { query: VERWERKEN, variables: { b: [] } },
      { authorization: `Bearer ${token}` },
    )
    expect(answer.status).toBe(401)
    expect(answer.body.errors[0].message).toBe(
      'Issuer gemeente-0147 may not assert a GEMEENTESYSTEEM identity.',
    )
  })

  it('publishes each issuer’s public key, and nothing private, at /.well-known/jwks.json', async () => {
    const jwks = async (url: string) => (await fetch(new URL('.well-known/jwks.json', url))).json()
    const publicOf = (issuer: string) => TEST_KEYS.get(issuer)!.publicJwk
    expect(await jwks(stack.gatewayUrl)).toEqual({ keys: [publicOf('regio')] })
    expect(await jwks(stack.gemeente('0147').url)).toEqual({ keys: [publicOf('gemeente-0147')] })
    expect(await jwks(stack.aanbieders.url)).toEqual({ keys: [publicOf('register')] })
    expect(JSON.stringify(await jwks(stack.gatewayUrl))).not.toMatch(/"d":/)
  })
})

describe('what only the gateway may ask an instance', () => {
  const SDL = /* GraphQL */ `
    query Sdl {
      ... on Query {
        _service {
          sdl
        }
      }
    }
  `
  const RUW = /* GraphQL */ `
    query Ruw {
      _entities(representations: [{ __typename: "Regio", id: "twente" }]) {
        ... on Regio {
          ruweTellingen {
            gemeenteCode
            versie
          }
        }
      }
    }
  `

  it('refuses the SDL to anyone but the gateway, also behind a fragment', async () => {
    const url = stack.gemeente('0153').url
    const analist = { authorization: `Bearer ${await tokenFor(identities.analist())}` }
    for (const headers of [{}, analist] as Record<string, string>[]) {
      const answer = await post(url, { query: SDL }, headers)
      expect(answer.status).toBe(403)
      expect(answer.body.errors[0].extensions.code).toBe('FORBIDDEN')
      expect(answer.body.data).toBeUndefined()
    }
    const asGateway = await post(
      url,
      { query: SDL },
      { [GATEWAY_TOKEN_HEADER]: await gatewayTokenFor('gemeente-0153') },
    )
    expect(asGateway.body.data._service.sdl).toContain('type Plan')
  })

  it('refuses entity fetches and raw counts to an analyst who calls an instance directly, and gives them through the gateway', async () => {
    const url = stack.gemeente('0153').url
    const analist = `Bearer ${await tokenFor(identities.analist())}`
    const direct = await post(url, { query: RUW }, { authorization: analist })
    expect(direct.status).toBe(403)
    expect(direct.body).toEqual({
      errors: [
        { message: '_entities is alleen voor de gateway van de regio.', extensions: { code: 'FORBIDDEN' } },
      ],
    })

    const viaGateway = await post(
      url,
      { query: RUW },
      { authorization: analist, [GATEWAY_TOKEN_HEADER]: await gatewayTokenFor('gemeente-0153') },
    )
    expect(viaGateway.body.errors).toBeUndefined()
    expect(viaGateway.body.data._entities[0].ruweTellingen).toEqual([
      { gemeenteCode: '0153', versie: expect.stringMatching(/^[\w-]{22}$/) },
    ])
  })

  it('takes a gemeente’s counts for the region only from that gemeente’s own systems, for the catalogue, and only as they are', async () => {
    const url = new URL(REGIO_TELLINGEN_PATH, stack.catalogus.url).toString()
    const kolommen = meldingenInKolommen('0153', 12)
    const systeem = (code: string, audience = 'catalogus') =>
      signToken(gemeentesysteem(code), TEST_KEYS.get(`gemeente-${code}`)!, { ...TEST_AUTH, audience })
    const send = async (body: unknown, token?: string) =>
      (await post(url, body, token ? { authorization: `Bearer ${token}` } : {})).status
    expect(await send(kolommen)).toBe(401)
    // A token for another service (the registry's audience) is no good here.
    expect(await send(kolommen, await systeem('0153', TEST_AUTH.audience))).toBe(401)
    expect(await send(kolommen, await systeem('0147'))).toBe(403)
    expect(await send(kolommen, await gatewayTokenFor('catalogus'))).toBe(403)
    expect(await send(kolommen, await tokenFor(identities.analist()))).toBe(401)
    const eigen = await systeem('0153')
    expect(await send({ ...kolommen, rijen: '0,0,13,0' }, eigen)).toBe(400)
    const krom = { ...kolommen, rijen: '5,0,12,0' }
    expect(await send({ ...krom, versie: tellingVersie(krom) }, eigen)).toBe(400)
    expect(await send('{', eigen)).toBe(400)
    expect(await send(kolommen, eigen)).toBe(200)
  })

  it('does not let one instance use the gateway token it received at another', async () => {
    const voorBorne = await gatewayTokenFor('gemeente-0147')
    const answer = await post(
      stack.gemeente('0153').url,
      { query: SDL },
      { [GATEWAY_TOKEN_HEADER]: voorBorne },
    )
    expect(answer.status).toBe(401)
    expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED')
    const atBorne = await post(
      stack.gemeente('0147').url,
      { query: SDL },
      { [GATEWAY_TOKEN_HEADER]: voorBorne },
    )
    expect(atBorne.body.data._service.sdl).toContain('type Plan')
  })

  it('does not accept a gateway token from any issuer but the region', async () => {
    const forgedGateway = await signed({ ...GATEWAY, aud: 'gemeente-0153', exp: now() + 60 }, 'gemeente-0147')
    const answer = await post(
      stack.gemeente('0153').url,
      { query: SDL },
      { [GATEWAY_TOKEN_HEADER]: forgedGateway },
    )
    expect(answer.status).toBe(401)
  })
})

describe('request bodies', () => {
  it('refuses a body over the limit before parsing it, and keeps serving', async () => {
    const huge = JSON.stringify({ query: `query Groot { gemeenten { code } } # ${'x'.repeat(300 * 1024)}` })
    const answer = await post(stack.gatewayUrl, huge)
    expect(answer.status).toBe(413)
    expect(answer.body).toEqual({
      errors: [
        {
          message: 'Het verzoek is groter dan 262144 bytes.',
          extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes: 262144 },
        },
      ],
    })
    const after = await post(stack.gatewayUrl, { query: '{ gemeenten { code } }' })
    expect(after.body.data.gemeenten.length).toBe(14)
  })
})

describe('health', () => {
  it('reports the gateway ready with each gemeente’s state, and each instance ready on its database', async () => {
    const get = async (url: string, path: string) => {
      const response = await fetch(new URL(path, url))
      return { status: response.status, body: await response.json() }
    }
    expect(await get(stack.gatewayUrl, 'health/ready')).toEqual({
      status: 200,
      body: {
        status: 'ready',
        service: 'gateway',
        gemeenten: [
          { code: '0147', status: 'GEREED', circuit: 'CLOSED' },
          { code: '0153', status: 'GEREED', circuit: 'CLOSED' },
        ],
      },
    })
    expect(await get(stack.gemeente('0153').url, 'health/ready')).toEqual({
      status: 200,
      body: { status: 'ready', service: 'gemeente-0153', database: 'ok' },
    })
    expect(await get(stack.aanbieders.url, 'health/live')).toEqual({
      status: 200,
      body: { status: 'live', service: 'aanbieders' },
    })
  })
})
