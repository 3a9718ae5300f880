import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { createGateway } from '../../gateway/gateway'
import { serve, type Listening } from '../../shared/http/serve'
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
const FETCH_TIMEOUT_MS = 1_000
const CIRCUIT = { failureThreshold: 2, resetMs: 2_000 }

/**
 * A TCP proxy in front of one gemeente instance that can be switched to hang: it then accepts
 * connections and never answers, as a host that is overloaded rather than down. Switching drops
 * every open connection, so that kept-alive ones do not bypass the switch.
 */
async function switchableProxy(targetPort: number) {
  let hanging = false
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const server: Server = createServer((client) => {
    track(client)
    if (hanging) return
    const upstream = createConnection(targetPort, '127.0.0.1')
    track(upstream)
    client.pipe(upstream).pipe(client)
    upstream.on('close', () => client.destroy())
    client.on('close', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const dropAll = () => {
    for (const socket of sockets) socket.destroy()
  }
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    hang() {
      hanging = true
      dropAll()
    },
    heal() {
      hanging = false
      dropAll()
    },
    async close() {
      dropAll()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

let stack: TestStack
let proxy: Awaited<ReturnType<typeof switchableProxy>>
let gateway: Awaited<ReturnType<typeof createGateway>>
let http: Listening
const logged: string[] = []

beforeAll(async () => {
  stack = await startTestStack('circuit', { gemeenten: [ENSCHEDE, HENGELO], inwoners: 5 })
  proxy = await switchableProxy(Number(new URL(stack.gemeente(HENGELO).url).port))
  gateway = await createGateway({
    supergraphSdl: readFileSync('gateway/schema/supergraph.graphql', 'utf8'),
    gemeenteSdl: readFileSync('gateway/schema/gemeente.graphql', 'utf8'),
    catalogusUrl: stack.catalogus.url,
    aanbiedersUrl: stack.aanbieders.url,
    gemeenteUrls: { [ENSCHEDE]: stack.gemeente(ENSCHEDE).url, [HENGELO]: proxy.url },
    auth: testAuthFor('regio'),
    fetchTimeoutMs: FETCH_TIMEOUT_MS,
    circuit: CIRCUIT,
    log: (line) => logged.push(line),
  })
  http = await serve(gateway.server, { port: 0, context: gateway.context })
})
afterAll(async () => {
  await http?.stop()
  await gateway?.stop()
  await proxy?.close()
  await stack?.stop()
})

const PLANNEN = /* GraphQL */ `
  query Plannen($gemeente: ID!) {
    plannen(gemeenteCode: $gemeente, eerste: 1) {
      totalCount
    }
  }
`

/** The plans of a gemeente as its toegangsmedewerker asks for them, with the time it took. */
async function plannen(gemeente: string) {
  const token = await tokenFor(identities.medewerker(gemeente))
  const started = performance.now()
  const response = await fetch(http.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: PLANNEN, variables: { gemeente } }),
  })
  const body = (await response.json()) as GraphQLResponseBody
  return { body, ms: Math.round(performance.now() - started) }
}

const unavailable = (reason: string) => ({
  data: { plannen: null },
  errors: [
    {
      message: `Gemeente ${HENGELO} is niet bereikbaar: ${reason}. De gegevens van de andere gemeenten zijn volledig.`,
      path: ['plannen'],
      extensions: { code: 'GEMEENTE_UNAVAILABLE', gemeente: HENGELO, serviceName: 'gemeente' },
    },
  ],
})

describe('a gemeente that keeps timing out', () => {
  it('is answered for at once while its circuit is open, and gets traffic again after the cool-down', async () => {
    const aantal = async (code: string) => stack.gemeente(code).db.getRepository(Plan).count()
    const data = async (code: string) => ({ data: { plannen: { totalCount: await aantal(code) } } })
    expect((await plannen(HENGELO)).body).toEqual(await data(HENGELO))

    proxy.hang()
    const timedOut: number[] = []
    for (let i = 0; i < CIRCUIT.failureThreshold; i++) {
      const { body, ms } = await plannen(HENGELO)
      expect(body).toEqual(unavailable('geen antwoord binnen de tijdslimiet'))
      timedOut.push(ms)
    }
    expect(gateway.registry.get(HENGELO)!.circuit).toBe('OPEN')
    const openedAt = Date.now()

    const open = await plannen(HENGELO)
    expect(open.body).toEqual(
      unavailable('na herhaalde storingen probeert de gateway het over enkele seconden opnieuw'),
    )
    // The other gemeente is untouched.
    const enschede = await plannen(ENSCHEDE)
    expect(enschede.body).toEqual(await data(ENSCHEDE))

    // Healthy again, but the cool-down has not passed: still answered for, nothing sent.
    proxy.heal()
    const healedEarly = await plannen(HENGELO)
    expect(healedEarly.body).toEqual(open.body)

    await sleep(Math.max(0, openedAt + CIRCUIT.resetMs - Date.now()) + 50)
    const probe = await plannen(HENGELO)
    expect(probe.body).toEqual(await data(HENGELO))
    expect(gateway.registry.get(HENGELO)!.circuit).toBe('CLOSED')

    console.log(
      `gemeente ${HENGELO} hanging, FETCH_TIMEOUT_MS ${FETCH_TIMEOUT_MS}: ${timedOut.join(' and ')} ms per query while the circuit was closed, ${open.ms} ms once open (${healedEarly.ms} ms while healed but cooling down), ${probe.ms} ms for the probe after the cool-down; ${enschede.ms} ms for Enschede meanwhile`,
    )
    for (const ms of timedOut) expect(ms).toBeGreaterThanOrEqual(FETCH_TIMEOUT_MS)
    expect(open.ms).toBeLessThan(FETCH_TIMEOUT_MS / 2)
    expect(logged.filter((line) => line.includes('circuit'))).toEqual([
      expect.stringMatching(/gemeente 0164 \(Hengelo\): circuit OPEN after 2 timeouts/),
      'gemeente 0164 (Hengelo): circuit CLOSED, the probe fetch succeeded',
    ])
  })
})
