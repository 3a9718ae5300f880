import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Inwoner } from '../../subgraphs/gemeente/inwoner/inwoner.entity'
import { readOutbox } from '../../subgraphs/gemeente/register/bezorger.metrics'
import { identities, startTestStack, TEST_DATABASE_URL, type TestStack } from '../harness/stack'
import { samplesOf, scrape, sumOf, valueOf, type Sample, type Scrape } from '../harness/metrics'

let stack: TestStack

beforeAll(async () => {
  stack = await startTestStack('metrics', {
    gemeenten: ['0153', '0141'],
    // Three anonymous requests a minute, so that the fourth is refused.
    rateLimit: { signedIn: 1_000, anonymous: 3, windowSeconds: 60 },
  })
})
afterAll(async () => {
  await stack?.stop()
})

const ACTIEVE_PLANNEN = /* GraphQL */ `
  query ActievePlannen {
    plannen(gemeenteCode: "0153", filter: { status: ACTIEF }, eerste: 5) {
      totalCount
      edges {
        node {
          regisseur {
            naam
          }
          toewijzingen {
            toewijzingNummer
            aanbieder {
              naam
            }
            modules {
              naam
            }
          }
        }
      }
    }
  }
`
const PLANNEN_VAN = (code: string) => /* GraphQL */ `
  query PlannenVan${code} {
    plannen(gemeenteCode: "${code}", eerste: 1) {
      totalCount
    }
  }
`
const GEMEENTEN = /* GraphQL */ `
  query Gemeenten {
    gemeenten {
      code
    }
  }
`

/** No label value may look like a BSN or hold a resident's name. */
async function expectNoPersonalData(result: Scrape) {
  const residents = [
    ...(await stack.gemeente('0153').db.getRepository(Inwoner).find()),
    ...(await stack.gemeente('0141').db.getRepository(Inwoner).find()),
  ]
  const values = new Set(result.samples.flatMap((s) => Object.values(s.labels)))
  for (const value of values) expect(value).not.toMatch(/\d{9}/)
  for (const inwoner of residents) {
    expect(values.has(inwoner.bsn!)).toBe(false)
    expect(values.has(inwoner.achternaam)).toBe(false)
    expect(result.text).not.toContain(inwoner.bsn!)
  }
}

const labelsOf = (samples: Sample[], name: string, label: string) =>
  [...new Set(samplesOf(samples, name).map((s) => s.labels[label]))].sort()

describe('metrics on every service', () => {
  let gateway: Scrape
  let instance: Scrape
  let unavailableRequests: number

  beforeAll(async () => {
    const medewerker0153 = identities.medewerker('0153')
    const ok = await stack.query(ACTIEVE_PLANNEN, { as: medewerker0153 })
    expect(ok.body.errors).toBeUndefined()
    // A medewerker of Enschede asking for Almelo's plans is refused.
    const refused = await stack.query(PLANNEN_VAN('0141'), { as: medewerker0153 })
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN'])

    // Almelo goes down: its fetches fail, then its circuit opens (three failures in a row).
    await stack.stopGemeente('0141')
    unavailableRequests = 4
    for (let i = 0; i < unavailableRequests; i++) {
      const down = await stack.query(PLANNEN_VAN('0141'), { as: identities.medewerker('0141') })
      expect(down.body.errors?.map((e) => e.extensions?.code)).toEqual(['GEMEENTE_UNAVAILABLE'])
    }

    // Anonymous callers have three requests; the fourth is refused before it is parsed.
    for (let i = 0; i < 3; i++) expect((await stack.query(GEMEENTEN)).status).toBe(200)
    const limited = await stack.query(GEMEENTEN)
    expect(limited.status).toBe(429)

    gateway = await scrape(stack.gatewayUrl)
    instance = await scrape(stack.gemeente('0153').url)
  })

  it('serves the Prometheus text format at GET /metrics, every series labelled with its service', () => {
    for (const result of [gateway, instance]) {
      expect(result.status).toBe(200)
      expect(result.contentType).toMatch(/^text\/plain; version=0\.0\.4/)
      expect(result.text).toContain('# TYPE graphql_requests_total counter')
    }
    expect(gateway.samples.every((s) => s.labels.service === 'gateway')).toBe(true)
    expect(
      instance.samples.every((s) => s.labels.service === 'gemeente' && s.labels.gemeente === '0153'),
    ).toBe(true)
  })

  it('counts and times GraphQL requests per operation name at the gateway', () => {
    const s = gateway.samples
    expect(valueOf(s, 'graphql_requests_total', { operation: 'ActievePlannen', outcome: 'ok' })).toBe(1)
    expect(samplesOf(s, 'graphql_requests_total', { operation: 'ActievePlannen', outcome: 'error' })).toEqual(
      [],
    )
    expect(valueOf(s, 'graphql_request_duration_seconds_count', { operation: 'ActievePlannen' })).toBe(1)
    const seconds = valueOf(s, 'graphql_request_duration_seconds_sum', { operation: 'ActievePlannen' })
    expect(seconds).toBeGreaterThan(0)
    expect(seconds).toBeLessThan(10)
    expect(
      valueOf(s, 'graphql_request_duration_seconds_bucket', { operation: 'ActievePlannen', le: '+Inf' }),
    ).toBe(1)
    expect(valueOf(s, 'graphql_requests_total', { operation: 'Gemeenten', outcome: 'ok' })).toBe(3)
    expect(valueOf(s, 'graphql_requests_total', { operation: 'PlannenVan0141', outcome: 'error' })).toBe(
      1 + unavailableRequests,
    )
  })

  it('counts the errors clients got by their code', () => {
    const s = gateway.samples
    expect(valueOf(s, 'graphql_errors_total', { operation: 'PlannenVan0141', code: 'FORBIDDEN' })).toBe(1)
    expect(
      valueOf(s, 'graphql_errors_total', { operation: 'PlannenVan0141', code: 'GEMEENTE_UNAVAILABLE' }),
    ).toBe(unavailableRequests)
    // Refused before parsing: no operation name is known.
    expect(valueOf(s, 'graphql_errors_total', { operation: '(none)', code: 'RATE_LIMITED' })).toBe(1)
    expect(valueOf(s, 'graphql_requests_total', { operation: '(none)', outcome: 'error' })).toBe(1)
  })

  it('counts callers refused for their rate limit', () => {
    expect(valueOf(gateway.samples, 'gateway_rate_limited_requests_total', { caller: 'anonymous' })).toBe(1)
  })

  it('times and counts every subgraph fetch with its subgraph and gemeente', () => {
    const s = gateway.samples
    const fetches = 'gateway_subgraph_fetches_total'
    expect(valueOf(s, fetches, { subgraph: 'gemeente', gemeente: '0153', outcome: 'ok' })).toBe(1)
    expect(
      valueOf(s, fetches, { subgraph: 'aanbieders', gemeente: '', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1)
    expect(
      valueOf(s, fetches, { subgraph: 'catalogus', gemeente: '', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(3)
    // Almelo: one refused answer, then one fetch per request that could not be answered, whether
    // sent and failed, or not sent at all because its circuit was open.
    expect(valueOf(s, fetches, { subgraph: 'gemeente', gemeente: '0141', outcome: 'error' })).toBe(1)
    const notAnswered = ['unreachable', 'circuit_open', 'excluded', 'skipped', 'timeout']
    expect(notAnswered.reduce((n, outcome) => n + sumOf(s, fetches, { gemeente: '0141', outcome }), 0)).toBe(
      unavailableRequests,
    )

    const sent0153 = sumOf(s, fetches, { gemeente: '0153' })
    expect(
      valueOf(s, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'gemeente', gemeente: '0153' }),
    ).toBe(sent0153)
    const seconds = valueOf(s, 'gateway_subgraph_fetch_duration_seconds_sum', {
      subgraph: 'gemeente',
      gemeente: '0153',
    })
    expect(seconds).toBeGreaterThan(0)
    expect(seconds).toBeLessThan(5)
  })

  it("shows each gemeente's circuit state and schema status as one state set to 1", () => {
    const s = gateway.samples
    expect(labelsOf(s, 'gateway_gemeente_circuit_state', 'gemeente')).toEqual(['0141', '0153'])
    for (const gemeente of ['0141', '0153']) {
      expect(sumOf(s, 'gateway_gemeente_circuit_state', { gemeente })).toBe(1)
      expect(sumOf(s, 'gateway_gemeente_status', { gemeente })).toBe(1)
    }
    expect(valueOf(s, 'gateway_gemeente_circuit_state', { gemeente: '0153', state: 'CLOSED' })).toBe(1)
    expect(valueOf(s, 'gateway_gemeente_status', { gemeente: '0153', status: 'GEREED' })).toBe(1)
    // Almelo's circuit opened after three failures in a row, unless its readiness check excluded
    // it first: either way the gauge shows the state the gateway acts on.
    const almelo = stack.registry.get('0141')!
    expect(valueOf(s, 'gateway_gemeente_circuit_state', { gemeente: '0141', state: almelo.circuit })).toBe(1)
    expect(valueOf(s, 'gateway_gemeente_status', { gemeente: '0141', status: almelo.status })).toBe(1)
  })

  it('counts requests per operation at the instance, under the names the gateway gave its fetches', () => {
    const operations = labelsOf(instance.samples, 'graphql_requests_total', 'operation')
    expect(operations.some((o) => /^ActievePlannen__gemeente__\d+$/.test(o))).toBe(true)
    const name = operations.find((o) => o.startsWith('ActievePlannen__'))!
    expect(valueOf(instance.samples, 'graphql_requests_total', { operation: name, outcome: 'ok' })).toBe(1)
    expect(valueOf(instance.samples, 'graphql_request_duration_seconds_count', { operation: name })).toBe(1)
  })

  it('serves the catalogue and the registry their own metrics too', async () => {
    for (const [service, url] of [
      ['catalogus', stack.catalogus.url],
      ['aanbieders', stack.aanbieders.url],
    ] as const) {
      const { status, samples } = await scrape(url)
      expect(status).toBe(200)
      expect(new Set(samples.map((s) => s.labels.service))).toEqual(new Set([service]))
      expect(sumOf(samples, 'graphql_requests_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1)
    }
    const registry = (await scrape(stack.aanbieders.url)).samples
    const operations = labelsOf(registry, 'graphql_requests_total', 'operation')
    expect(operations.some((o) => /^ActievePlannen__aanbieders__\d+$/.test(o))).toBe(true)
  })

  it('reports process metrics for every service', () => {
    for (const { samples } of [gateway, instance]) {
      expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0)
      expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0)
      expect(samplesOf(samples, 'nodejs_eventloop_lag_seconds')).toHaveLength(1)
    }
  })

  it('reports database pool use where the driver has a pool (MySQL and MariaDB), and nothing for SQLite', () => {
    const pool = samplesOf(instance.samples, 'db_pool_connections')
    if (!TEST_DATABASE_URL) return expect(pool).toEqual([])
    expect(pool.map((s) => s.labels.state).sort()).toEqual(['idle', 'in_use'])
    expect(valueOf(instance.samples, 'db_pool_max_connections')).toBe(10)
    expect(valueOf(instance.samples, 'db_pool_waiting_requests')).toBe(0)
  })

  it('carries no personal data in any label', async () => {
    await expectNoPersonalData(gateway)
    await expectNoPersonalData(instance)
  })
})

describe("the outbox's backlog and delivery lag at each gemeente", () => {
  it('shows the messages waiting, the age of the oldest, and what a delivery round delivered', async () => {
    const gemeente = stack.gemeente('0153')
    const before = await readOutbox(gemeente.db)
    expect(before.undelivered).toBeGreaterThan(0)
    expect(before.parked).toBe(0)

    const waiting = (await scrape(gemeente.url)).samples
    expect(valueOf(waiting, 'outbox_messages', { state: 'undelivered' })).toBe(before.undelivered)
    expect(valueOf(waiting, 'outbox_messages', { state: 'parked' })).toBe(0)
    const lag = valueOf(waiting, 'outbox_oldest_undelivered_age_seconds')
    const expected = (Date.now() - Date.parse(before.oldestUndelivered!)) / 1000
    expect(Math.abs(lag - expected)).toBeLessThan(10)
    expect(valueOf(waiting, 'outbox_delivered_total')).toBe(0)

    const delivered = await gemeente.bezorger.bezorg()
    expect(delivered).toBeGreaterThan(0)
    // A scrape reads the outbox at most once a second, shared by its gauges.
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const after = (await scrape(gemeente.url)).samples
    expect(valueOf(after, 'outbox_delivered_total')).toBe(delivered)
    expect(valueOf(after, 'outbox_delivery_failures_total')).toBe(0)
    expect(valueOf(after, 'outbox_messages', { state: 'undelivered' })).toBe(before.undelivered - delivered)
    const left = await readOutbox(gemeente.db)
    const lagAfter = valueOf(after, 'outbox_oldest_undelivered_age_seconds')
    if (left.oldestUndelivered) expect(lagAfter).toBeGreaterThan(0)
    else expect(lagAfter).toBe(0)
  })

  it('counts a failed delivery round while the registry is down, and keeps the messages', async () => {
    const gemeente = stack.gemeente('0153')
    await stack.stopAanbieders()
    try {
      // A new message to send: one that is not yet delivered.
      await gemeente.db.query(`UPDATE registerbericht SET bezorgdOp = NULL`)
      const waiting = (await readOutbox(gemeente.db)).undelivered
      await expect(gemeente.bezorger.bezorg()).rejects.toThrow()
      await new Promise((resolve) => setTimeout(resolve, 1_100))
      const after = (await scrape(gemeente.url)).samples
      expect(valueOf(after, 'outbox_delivery_failures_total')).toBe(1)
      expect(valueOf(after, 'outbox_messages', { state: 'undelivered' })).toBe(waiting)
    } finally {
      await stack.restartAanbieders()
    }
  })
})
