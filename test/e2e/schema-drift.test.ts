import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildSubgraphSchema } from '@apollo/subgraph'
import { parse } from 'graphql'
import { createGateway } from '../../gateway/gateway'
import { SCHEMA_DIFFERS } from '../../gateway/registry'
import { SCHEMA_HASH_HEADER, schemaHash } from '../../shared/federation/schema-hash'
import { serve, type Listening } from '../../shared/http/serve'
import { createSubgraphServer } from '../../shared/http/subgraph-server'
import { Plan } from '../../subgraphs/gemeente/plan/plan.entity'
import {
  identities,
  startTestStack,
  testAuthFor,
  tokenFor,
  type GraphQLResponseBody,
  type TestStack,
} from '../harness/stack'

const ENSCHEDE = '0153'
const HENGELO = '0164'
const READINESS_INTERVAL_MS = 200
const COMPOSED = readFileSync('gateway/schema/gemeente.graphql', 'utf8')

/**
 * A TCP switch in front of Hengelo's address: it forwards to one server or another, as a host
 * on which another version is deployed. Switching drops open connections, so that kept-alive
 * ones do not keep reaching the old server.
 */
async function deploymentSwitch(targetPort: number) {
  let target = targetPort
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1')
    track(client)
    track(upstream)
    client.pipe(upstream).pipe(client)
    upstream.on('close', () => client.destroy())
    client.on('close', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    switchTo(port: number) {
      target = port
      for (const socket of sockets) socket.destroy()
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

let stack: TestStack
let hengeloFront: Awaited<ReturnType<typeof deploymentSwitch>>
let other: Listening
let gateway: Awaited<ReturnType<typeof createGateway>>
let http: Listening
const logged: string[] = []
let otherRequests = 0

beforeAll(async () => {
  stack = await startTestStack('drift', { gemeenten: [ENSCHEDE, HENGELO], inwoners: 5 })
  // Another version of the gemeente subgraph: one argument renamed, one type more. It has no
  // resolvers; what matters is that it serves that schema, with its hash, as any instance would.
  const otherSdl = `${COMPOSED.replace('zoek: String', 'zoekterm: String')}\ntype Verouderd { veld: Int }\n`
  expect(otherSdl).toContain('zoekterm')
  const countFetches = {
    // The gateway's SDL checks do not count: only the fetches of client requests.
    async requestDidStart({ request }: { request: { query?: string } }) {
      if (!request.query?.includes('_service')) otherRequests += 1
    },
  }
  other = await serve(
    createSubgraphServer(buildSubgraphSchema({ typeDefs: parse(otherSdl) }), [countFetches], false),
    { port: 0, context: async () => ({ viaGateway: true }) },
  )
  hengeloFront = await deploymentSwitch(Number(new URL(stack.gemeente(HENGELO).url).port))
  gateway = await createGateway({
    supergraphSdl: readFileSync('gateway/schema/supergraph.graphql', 'utf8'),
    gemeenteSdl: COMPOSED,
    catalogusUrl: stack.catalogus.url,
    aanbiedersUrl: stack.aanbieders.url,
    gemeenteUrls: { [ENSCHEDE]: stack.gemeente(ENSCHEDE).url, [HENGELO]: hengeloFront.url },
    auth: testAuthFor('regio'),
    readinessIntervalMs: READINESS_INTERVAL_MS,
    // Only at start: what follows is found by the hashes on the answers, not by a periodic check.
    schemaCheckIntervalMs: 0,
    log: (line) => logged.push(line),
  })
  http = await serve(gateway.server, { port: 0, context: gateway.context, routes: gateway.routes })
})
afterAll(async () => {
  await http?.stop()
  await gateway?.stop()
  await hengeloFront?.close()
  await other?.stop()
  await stack?.stop()
})

const PLANNEN = /* GraphQL */ `
  query Plannen($gemeente: ID!) {
    plannen(gemeenteCode: $gemeente, eerste: 1) {
      totalCount
    }
  }
`

async function plannen(gemeente: string) {
  const token = await tokenFor(identities.medewerker(gemeente))
  const response = await fetch(http.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: PLANNEN, variables: { gemeente } }),
  })
  return (await response.json()) as GraphQLResponseBody
}

const data = async (code: string) => ({
  data: { plannen: { totalCount: await stack.gemeente(code).db.getRepository(Plan).count() } },
})

describe('the schema hash on every answer', () => {
  it('is the hash of the composed gemeente SDL on every answer of an instance that serves it', async () => {
    const response = await fetch(stack.gemeente(ENSCHEDE).url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Niets { __typename }' }),
    })
    expect(response.headers.get(SCHEMA_HASH_HEADER)).toBe(schemaHash(COMPOSED))
    // Also on an answer that is an error.
    const refused = await fetch(stack.gemeente(ENSCHEDE).url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Fout { bestaatNiet }' }),
    })
    expect(refused.status).toBe(400)
    expect(refused.headers.get(SCHEMA_HASH_HEADER)).toBe(schemaHash(COMPOSED))
  })

  it('excludes an instance that starts serving another schema from its first answer on, and routes to it again from its first matching answer', async () => {
    expect(await plannen(HENGELO)).toEqual(await data(HENGELO))
    expect(gateway.registry.get(HENGELO)!.status).toBe('GEREED')

    hengeloFront.switchTo(Number(new URL(other.url).port))
    const before = otherRequests
    // The first answer of the other version is not used: its part is unavailable, and says why.
    expect(await plannen(HENGELO)).toEqual({
      data: { plannen: null },
      errors: [
        {
          message: `Gemeente ${HENGELO} is niet bereikbaar: ${SCHEMA_DIFFERS}. De gegevens van de andere gemeenten zijn volledig.`,
          path: ['plannen'],
          extensions: { code: 'GEMEENTE_UNAVAILABLE', gemeente: HENGELO, serviceName: 'gemeente' },
        },
      ],
    })
    expect(otherRequests - before).toBe(1)
    expect(gateway.registry.get(HENGELO)).toMatchObject({ status: 'AFWIJKEND' })
    expect(logged.at(-1)).toMatch(/gemeente 0164 \(Hengelo\) .* DIFFERENT schema and is not routed to/)
    expect(await plannen(ENSCHEDE)).toEqual(await data(ENSCHEDE))

    // The corrected version is deployed: routed to again once it has answered, without waiting
    // for the periodic check (which is off here).
    hengeloFront.switchTo(Number(new URL(stack.gemeente(HENGELO).url).port))
    const corrected = performance.now()
    const expected = JSON.stringify(await data(HENGELO))
    while (JSON.stringify(await plannen(HENGELO)) !== expected) {
      expect(performance.now() - corrected).toBeLessThan(READINESS_INTERVAL_MS * 20)
      await sleep(20)
    }
    const backMs = Math.round(performance.now() - corrected)
    expect(gateway.registry.get(HENGELO)!.status).toBe('GEREED')
    console.log(
      `schema drift: excluded on the first answer of the other version; routed to again ${backMs} ms after the corrected one was deployed (READINESS_INTERVAL_MS ${READINESS_INTERVAL_MS})`,
    )
  })
})
