import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js'
import { GemeenteRegistry } from '../../gateway/registry'
import {
  Circuit,
  CircuitOpenError,
  transportFailure,
  type CircuitState,
} from '../../gateway/routing/circuit-breaker'
import { GemeenteRouter, type InstanceSender } from '../../gateway/routing/gemeente-router'
import { JOINED } from '../../gateway/sharing/in-flight'

const ENSCHEDE = '0153'
const ALMELO = '0141'
const OPTIONS = { failureThreshold: 3, resetMs: 10_000 }

/** What fetch throws when AbortSignal.timeout ends it (the gateway's FETCH_TIMEOUT_MS). */
const timeout = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError')
const refused = () => new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })

/** A fetch that fails after `ms` of fake time, as a hanging instance does at the time limit. */
const slow = (ms: number, error: () => Error) => () =>
  new Promise<never>((_, reject) => setTimeout(() => reject(error()), ms))

beforeEach(() => {
  // setImmediate stays real: it lets pending promise chains run without moving the clock.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
})
const flush = () => new Promise((resolve) => setImmediate(resolve))
afterEach(() => {
  vi.useRealTimers()
})

function circuit() {
  const changes: CircuitState[] = []
  const c = new Circuit(OPTIONS, (state) => changes.push(state))
  let runs = 0
  const run = (outcome: () => Promise<unknown>) =>
    c.run(() => {
      runs += 1
      return outcome()
    })
  return { circuit: c, changes, run, runs: () => runs }
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (err: Error) => ({ error: err.name }),
  )

describe('the circuit breaker of one gemeente', () => {
  it('opens after the configured number of timeouts in a row and then answers without sending', async () => {
    const { circuit: c, changes, run, runs } = circuit()
    for (let i = 0; i < 2; i++) await expect(run(() => Promise.reject(timeout()))).rejects.toThrow()
    expect(c.state).toBe('CLOSED')
    await expect(run(() => Promise.reject(refused()))).rejects.toThrow('fetch failed')
    expect(c.state).toBe('OPEN')
    expect(changes).toEqual(['OPEN'])

    await expect(run(() => Promise.resolve('antwoord'))).rejects.toBeInstanceOf(CircuitOpenError)
    expect(runs()).toBe(3)
  })

  it('starts counting again after an answer, so scattered timeouts do not open it', async () => {
    const { circuit: c, run } = circuit()
    for (let i = 0; i < 4; i++) {
      await expect(run(() => Promise.reject(timeout()))).rejects.toThrow()
      await expect(run(() => Promise.reject(timeout()))).rejects.toThrow()
      await run(() => Promise.resolve('antwoord'))
    }
    expect(c.state).toBe('CLOSED')
  })

  it('counts no instance that answers with an error, and no caller who went away', async () => {
    const { circuit: c, run } = circuit()
    const answeredWithError = Object.assign(new Error('400: Bad Request'), { extensions: { code: 'X' } })
    const callerLeft = new DOMException('This operation was aborted', 'AbortError')
    for (let i = 0; i < 5; i++) {
      await expect(run(() => Promise.reject(answeredWithError))).rejects.toBe(answeredWithError)
      await expect(run(() => Promise.reject(callerLeft))).rejects.toBe(callerLeft)
    }
    expect(c.state).toBe('CLOSED')
  })

  it('neither resets nor adds to the count for a caller who left or a joined copy of a failure', async () => {
    const callerLeft = () => new DOMException('This operation was aborted', 'AbortError')
    // What a request that joined a timed-out fetch (R30) gets: the same timeout, marked as a copy.
    const joinedCopy = () => Object.assign(timeout(), { [JOINED]: true })
    for (const between of [callerLeft, joinedCopy]) {
      const { circuit: c, changes, run } = circuit()
      await expect(run(() => Promise.reject(timeout()))).rejects.toThrow()
      await expect(run(() => Promise.reject(timeout()))).rejects.toThrow()
      for (let i = 0; i < 3; i++) await expect(run(() => Promise.reject(between()))).rejects.toThrow()
      expect(c.state).toBe('CLOSED')
      await expect(run(() => Promise.reject(timeout()))).rejects.toThrow()
      expect(c.state).toBe('OPEN')
      expect(changes).toEqual(['OPEN'])
    }
  })

  it('opens again for a whole cool-down when the probe’s caller leaves: it showed nothing', async () => {
    const { circuit: c, changes, run } = circuit()
    for (let i = 0; i < 3; i++) await expect(run(() => Promise.reject(timeout()))).rejects.toThrow()
    await vi.advanceTimersByTimeAsync(OPTIONS.resetMs)
    const left = new DOMException('This operation was aborted', 'AbortError')
    expect(await outcome(run(() => Promise.reject(left)))).toEqual({ error: 'AbortError' })
    expect(c.state).toBe('OPEN')
    expect(await outcome(run(() => Promise.resolve('nog dicht')))).toEqual({ error: 'CircuitOpenError' })
    await vi.advanceTimersByTimeAsync(OPTIONS.resetMs)
    expect(await run(() => Promise.resolve('weer open'))).toBe('weer open')
    expect(changes).toEqual(['OPEN', 'HALF_OPEN', 'OPEN', 'HALF_OPEN', 'CLOSED'])
  })

  it('lets exactly one probe through after the cool-down and closes when it succeeds', async () => {
    const { circuit: c, changes, run, runs } = circuit()
    for (let i = 0; i < 3; i++) await expect(run(() => Promise.reject(timeout()))).rejects.toThrow()
    await vi.advanceTimersByTimeAsync(OPTIONS.resetMs - 1)
    await expect(run(() => Promise.resolve('te vroeg'))).rejects.toBeInstanceOf(CircuitOpenError)
    await vi.advanceTimersByTimeAsync(1)
    expect(c.state).toBe('HALF_OPEN')

    let answer!: (value: string) => void
    const probe = run(() => new Promise((resolve) => (answer = resolve)))
    // While the probe is out, the others are answered at once instead of queueing behind it.
    expect(await outcome(run(() => Promise.resolve('tweede')))).toEqual({ error: 'CircuitOpenError' })
    answer('proef')
    expect(await probe).toBe('proef')
    expect(c.state).toBe('CLOSED')
    expect(await run(() => Promise.resolve('daarna'))).toBe('daarna')
    expect(runs()).toBe(5)
    expect(changes).toEqual(['OPEN', 'HALF_OPEN', 'CLOSED'])
  })

  it('opens again for a whole cool-down when the probe times out', async () => {
    const { circuit: c, changes, run } = circuit()
    for (let i = 0; i < 3; i++) await expect(run(() => Promise.reject(timeout()))).rejects.toThrow()
    await vi.advanceTimersByTimeAsync(OPTIONS.resetMs)
    const probe = outcome(run(slow(500, timeout)))
    await vi.advanceTimersByTimeAsync(500)
    expect(await probe).toEqual({ error: 'TimeoutError' })
    expect(c.state).toBe('OPEN')
    await vi.advanceTimersByTimeAsync(OPTIONS.resetMs - 1)
    expect(await outcome(run(() => Promise.resolve('nog dicht')))).toEqual({ error: 'CircuitOpenError' })
    await vi.advanceTimersByTimeAsync(1)
    expect(await run(() => Promise.resolve('weer open'))).toBe('weer open')
    expect(changes).toEqual(['OPEN', 'HALF_OPEN', 'OPEN', 'HALF_OPEN', 'CLOSED'])
  })

  it('tells transport failures from answers', () => {
    expect(transportFailure(timeout())).toBe('TIMEOUT')
    expect(transportFailure(refused())).toBe('UNREACHABLE')
    expect(transportFailure(new TypeError('fetch failed'))).toBe('UNREACHABLE')
    expect(transportFailure(new DOMException('This operation was aborted', 'AbortError'))).toBeNull()
    expect(transportFailure(new Error('500: Internal Server Error'))).toBeNull()
  })
})

const PLAN = /* GraphQL */ `
  query PlanInEnschede {
    plan(id: "p1", gemeenteCode: "0153") {
      id
    }
  }
`
const ENTITIES = /* GraphQL */ `
  query PlanEntities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Plan {
        status
      }
    }
  }
`

const unavailable = (code: string, reason: string, path: (string | number)[]) => ({
  message: `Gemeente ${code} is niet bereikbaar: ${reason}. De gegevens van de andere gemeenten zijn volledig.`,
  path,
  extensions: { code: 'GEMEENTE_UNAVAILABLE', gemeente: code },
})
const TIMED_OUT = 'geen antwoord binnen de tijdslimiet'
const SHORT_CIRCUITED = 'na herhaalde storingen probeert de gateway het over enkele seconden opnieuw'

/** A router over Enschede and Almelo whose Enschede instance hangs until the fetch limit. */
function slowEnschede() {
  const registry = new GemeenteRegistry(
    { [ENSCHEDE]: 'http://a', [ALMELO]: 'http://b' },
    { circuit: OPTIONS },
  )
  for (const instance of registry.all()) instance.status = 'GEREED'
  const sent: string[] = []
  let enschedeHangs = true
  const send: InstanceSender = async (code, fetch) => {
    sent.push(code)
    if (code === ENSCHEDE && enschedeHangs) return slow(5_000, timeout)()
    const variables = (fetch.request.variables ?? {}) as { representations?: object[] }
    if (variables.representations)
      return { data: { _entities: variables.representations.map(() => ({ status: 'ACTIEF' })) } }
    return { data: { plan: { id: 'p1' } } }
  }
  const router = new GemeenteRouter(registry, send)
  const fetchOf = (query: string, variables: Record<string, unknown>, context: object) =>
    router.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query, variables },
      context,
      incomingRequestContext: {} as never,
    } as Parameters<GemeenteRouter['process']>[0])
  /** Runs fetches one after another as the steps of one query plan, with one shared context. */
  const plan = async (...steps: [string, Record<string, unknown>][]) => {
    const context = {}
    const started = Date.now()
    const responses: GatewayGraphQLResponse[] = []
    for (const [query, variables] of steps) {
      let settled = false
      const response = fetchOf(query, variables, context).finally(() => (settled = true))
      await flush()
      while (!settled) {
        await vi.advanceTimersToNextTimerAsync()
        await flush()
      }
      responses.push(await response)
    }
    return { responses, elapsed: Date.now() - started }
  }
  return { registry, sent, plan, heal: () => (enschedeHangs = false) }
}

const representations = {
  representations: [
    { __typename: 'Plan', gemeenteCode: ENSCHEDE, id: 'p1' },
    { __typename: 'Plan', gemeenteCode: ALMELO, id: 'p2' },
  ],
}

describe('the gemeente router with circuit breakers', () => {
  it('waits out one timeout per query plan, also when the plan fetches from that gemeente twice', async () => {
    const { sent, plan, registry } = slowEnschede()
    const { responses, elapsed } = await plan([PLAN, {}], [ENTITIES, representations])

    expect(responses).toEqual([
      { data: { plan: null }, errors: [unavailable(ENSCHEDE, TIMED_OUT, ['plan'])] },
      {
        data: { _entities: [null, { status: 'ACTIEF' }] },
        errors: [unavailable(ENSCHEDE, TIMED_OUT, ['_entities', 0, 'status'])],
      },
    ])
    expect(sent).toEqual([ENSCHEDE, ALMELO])
    expect(elapsed).toBe(5_000)
    // One timeout counted, not two: the second fetch was never sent.
    expect(registry.get(ENSCHEDE)!.circuit).toBe('CLOSED')
  })

  it('answers at once for a gemeente whose circuit opened, and sends to it again after the cool-down', async () => {
    const { sent, plan, registry, heal } = slowEnschede()
    for (let i = 0; i < OPTIONS.failureThreshold; i++) await plan([PLAN, {}])
    expect(registry.all().map((i) => [i.code, i.circuit])).toEqual([
      [ALMELO, 'CLOSED'],
      [ENSCHEDE, 'OPEN'],
    ])
    sent.length = 0

    const open = await plan([ENTITIES, representations])
    expect(open.elapsed).toBe(0)
    expect(open.responses).toEqual([
      {
        data: { _entities: [null, { status: 'ACTIEF' }] },
        errors: [unavailable(ENSCHEDE, SHORT_CIRCUITED, ['_entities', 0, 'status'])],
      },
    ])
    expect(sent).toEqual([ALMELO])

    heal()
    await vi.advanceTimersByTimeAsync(OPTIONS.resetMs)
    expect(registry.get(ENSCHEDE)!.circuit).toBe('HALF_OPEN')
    const healed = await plan([PLAN, {}])
    expect(healed.responses).toEqual([{ data: { plan: { id: 'p1' } } }])
    expect(registry.get(ENSCHEDE)!.circuit).toBe('CLOSED')
  })

  it('sends a fetch that names no gemeente to an instance whose circuit is closed', async () => {
    const { sent, plan, registry } = slowEnschede()
    for (let i = 0; i < OPTIONS.failureThreshold; i++) await plan([PLAN, {}])
    sent.length = 0
    const TYPENAME = /* GraphQL */ `
      query Typename {
        __typename
      }
    `

    // Enschede alone has passed the schema check, but its circuit is open.
    registry.get(ALMELO)!.status = 'ONBEKEND'
    expect((await plan([TYPENAME, {}])).responses).toEqual([{ data: { plan: { id: 'p1' } } }])
    expect(sent).toEqual([ALMELO])

    // With no closed circuit left, it is answered at once, naming the gemeente it would have asked.
    registry.get(ALMELO)!.status = 'AFWIJKEND'
    const { responses, elapsed } = await plan([TYPENAME, {}])
    expect(responses).toEqual([{ data: null, errors: [unavailable(ENSCHEDE, SHORT_CIRCUITED, [])] }])
    expect(elapsed).toBe(0)
    expect(sent).toEqual([ALMELO])
  })
})
