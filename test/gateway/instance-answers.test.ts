import { describe, expect, it } from 'vitest'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js'
import {
  DATABASE_GONE,
  GemeenteRegistry,
  publicReason,
  SCHEMA_DIFFERS,
  UNREACHABLE,
} from '../../gateway/registry'
import { RelayedErrors } from '../../gateway/routing/relayed-errors'
import { GemeenteRouter, type InstanceSender } from '../../gateway/routing/gemeente-router'
import { SCHEMA_HASH_HEADER, schemaHash } from '../../shared/federation/schema-hash'

const ENSCHEDE = '0153'
const SDL = /* GraphQL */ `
  type Query {
    plan(id: ID!, gemeenteCode: ID!): Plan
  }
  type Plan @key(fields: "gemeenteCode id") {
    id: ID!
    gemeenteCode: ID!
  }
`
const PLAN = 'query Plan($id: ID!) { plan(id: $id, gemeenteCode: "0153") { id } }'

const withHash = (hash: string | null, body: GatewayGraphQLResponse): GatewayGraphQLResponse => ({
  ...body,
  http: { headers: new Headers(hash ? { [SCHEMA_HASH_HEADER]: hash } : {}) } as never,
})

const unavailable = (reason: string) => ({
  data: { plan: null },
  errors: [
    {
      message: `Gemeente ${ENSCHEDE} is niet bereikbaar: ${reason}. De gegevens van de andere gemeenten zijn volledig.`,
      path: ['plan'],
      extensions: { code: 'GEMEENTE_UNAVAILABLE', gemeente: ENSCHEDE },
    },
  ],
})

const DATABASE_UNAVAILABLE = {
  message: 'De database van deze dienst is tijdelijk niet bereikbaar.',
  extensions: { code: 'DEPENDENCY_UNAVAILABLE', service: 'database' },
}

/** A router over one Enschede instance whose answers the test chooses. */
function setup(url = 'http://a') {
  const registry = new GemeenteRegistry({ [ENSCHEDE]: url }, { gemeenteSdl: SDL })
  let answer: () => GatewayGraphQLResponse | Promise<GatewayGraphQLResponse> = () =>
    withHash(schemaHash(SDL), { data: { plan: { id: 'p1' } } })
  let sent = 0
  const send: InstanceSender = async () => {
    sent += 1
    return answer()
  }
  const router = new GemeenteRouter(registry, send)
  const run = () =>
    router.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query: PLAN, variables: { id: 'p1' } },
      context: {},
      incomingRequestContext: {} as never,
    } as Parameters<GemeenteRouter['process']>[0])
  return {
    registry,
    run,
    sent: () => sent,
    answers: (next: typeof answer) => (answer = next),
  }
}

describe('what an instance says about itself in its answers', () => {
  it('a schema hash other than the composed one: that answer is not used, and nothing is sent until a matching answer', async () => {
    const { registry, run, sent, answers } = setup()
    expect(await run()).toEqual({ data: { plan: { id: 'p1' } } })
    expect(registry.get(ENSCHEDE)!.status).toBe('GEREED')

    answers(() => withHash('een-ander-schema', { data: { plan: { id: 'p1' } } }))
    expect(await run()).toEqual(unavailable(SCHEMA_DIFFERS))
    expect(registry.get(ENSCHEDE)).toMatchObject({
      status: 'AFWIJKEND',
      reden: `its answer carries schema hash een-ander-schema, the composed schema's is ${schemaHash(SDL)}`,
    })
    expect(publicReason(registry.get(ENSCHEDE)!)).toBe(SCHEMA_DIFFERS)
    expect(await run()).toEqual(unavailable(SCHEMA_DIFFERS))
    expect(sent()).toBe(2)

    // The gateway's re-check of a drifted instance gets a matching answer: routable again.
    expect(registry.answeredWithSchema(ENSCHEDE, schemaHash(SDL))).toBeNull()
    answers(() => withHash(schemaHash(SDL), { data: { plan: { id: 'p1' } } }))
    expect(await run()).toEqual({ data: { plan: { id: 'p1' } } })
    expect(registry.get(ENSCHEDE)!.status).toBe('GEREED')
  })

  it('an answer without a schema hash decides nothing (an instance of an older version)', async () => {
    const { registry, run, answers } = setup()
    answers(() => withHash(null, { data: { plan: { id: 'p1' } } }))
    expect(await run()).toEqual({ data: { plan: { id: 'p1' } } })
    expect(registry.get(ENSCHEDE)!.status).toBe('ONBEKEND')
  })

  it('its own database gone: the whole part is GEMEENTE_UNAVAILABLE, and nothing is sent to it any more', async () => {
    const { registry, run, sent, answers } = setup()
    answers(() =>
      withHash(schemaHash(SDL), {
        data: { plan: null },
        errors: [{ ...DATABASE_UNAVAILABLE, path: ['plan'] }],
      }),
    )
    expect(await run()).toEqual(unavailable(DATABASE_GONE))
    expect(registry.get(ENSCHEDE)).toMatchObject({ status: 'NIET_GEREED', reden: DATABASE_GONE })
    expect(await run()).toEqual(unavailable(DATABASE_GONE))
    expect(sent()).toBe(1)
  })

  it('its own database gone before any field ran (HTTP 500 with the reason in the body): the same', async () => {
    const { registry, run, answers } = setup()
    // What the gateway's data source makes of a non-2xx answer with GraphQL errors in its body.
    answers(() => {
      throw new RelayedErrors(500, [DATABASE_UNAVAILABLE])
    })
    expect(await run()).toEqual(unavailable(DATABASE_GONE))
    expect(registry.get(ENSCHEDE)!.status).toBe('NIET_GEREED')
  })

  it('another service it depends on being gone is its answer, relayed as it is', async () => {
    const { registry, run, answers } = setup()
    const catalogus = {
      message: 'De dienst catalogus is tijdelijk niet bereikbaar.',
      path: ['plan'],
      extensions: { code: 'DEPENDENCY_UNAVAILABLE', service: 'catalogus' },
    }
    answers(() => withHash(schemaHash(SDL), { data: { plan: null }, errors: [catalogus] }))
    expect(await run()).toEqual({
      data: { plan: null },
      errors: [{ ...catalogus, extensions: { ...catalogus.extensions, gemeente: ENSCHEDE } }],
    })
    expect(registry.get(ENSCHEDE)!.status).toBe('GEREED')
  })
})

/** An instance's readiness endpoint whose answer the test chooses, and can hold back. */
async function readinessEndpoint() {
  let status = 200
  let held: ServerResponse[] | null = null
  const respond = (res: ServerResponse) => {
    if (status === 404) return void res.writeHead(404).end()
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify(
        status === 200 ? { status: 'ready' } : { status: 'not ready', database: 'onbereikbaar' },
      ),
    )
  }
  const server = createServer((req, res) => {
    if (req.url !== '/health/ready') return void res.writeHead(404).end()
    if (held) held.push(res)
    else respond(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    answer: (next: number) => (status = next),
    hold: () => (held = []),
    release: () => {
      for (const res of held ?? []) respond(res)
      held = null
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

describe("the gateway's use of an instance's readiness", () => {
  it('excludes an instance while its readiness answers 503, and routes to it again on 200', async () => {
    const endpoint = await readinessEndpoint()
    const { registry, run } = setup(endpoint.url)
    try {
      await registry.pollReadiness(1_000)
      expect(await run()).toEqual({ data: { plan: { id: 'p1' } } })

      endpoint.answer(503)
      await registry.pollReadiness(1_000)
      expect(registry.get(ENSCHEDE)).toMatchObject({ status: 'NIET_GEREED', reden: DATABASE_GONE })
      expect(await run()).toEqual(unavailable(DATABASE_GONE))

      endpoint.answer(200)
      await registry.pollReadiness(1_000)
      expect(registry.get(ENSCHEDE)!.status).toBe('GEREED')
      expect(await run()).toEqual({ data: { plan: { id: 'p1' } } })
    } finally {
      registry.close()
      await endpoint.close()
    }
  })

  it('does not let a readiness answer to a question asked before an answer said the database was gone bring it back', async () => {
    const endpoint = await readinessEndpoint()
    const { registry } = setup(endpoint.url)
    try {
      endpoint.hold()
      const polled = registry.pollReadiness(1_000)
      await new Promise((resolve) => setTimeout(resolve, 50))
      registry.databaseGone(ENSCHEDE)
      endpoint.release()
      await polled
      expect(registry.get(ENSCHEDE)!.status).toBe('NIET_GEREED')

      await registry.pollReadiness(1_000)
      expect(registry.get(ENSCHEDE)!.gereedheid).toEqual({ state: 'GEREED' })
    } finally {
      registry.close()
      await endpoint.close()
    }
  })

  it('leaves an instance without a readiness endpoint, or one that does not answer, to its fetches', async () => {
    const endpoint = await readinessEndpoint()
    const registry = new GemeenteRegistry({ [ENSCHEDE]: endpoint.url })
    try {
      endpoint.answer(404)
      await registry.pollReadiness(1_000)
      expect(registry.get(ENSCHEDE)!.gereedheid).toEqual({ state: 'ONBEKEND' })
      expect(registry.unroutable(ENSCHEDE)).toBeNull()
      await endpoint.close()
      await registry.pollReadiness(1_000)
      expect(registry.get(ENSCHEDE)).toMatchObject({
        status: 'ONBEREIKBAAR',
        reden: 'readiness: ECONNREFUSED',
      })
      expect(registry.unroutable(ENSCHEDE)).toBeNull()
      // The operator reads the driver's code in the log; the public readiness shows a fixed text.
      expect(publicReason(registry.get(ENSCHEDE)!)).toBe(UNREACHABLE)
    } finally {
      registry.close()
    }
  })
})
