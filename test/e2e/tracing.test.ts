import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SpanKind } from '@opentelemetry/api'
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node'
import { startTracing, stopTracing } from '../../shared/observability/tracing'
import { Inwoner } from '../../subgraphs/gemeente/inwoner/inwoner.entity'
import { identities, startTestStack, type TestStack } from '../harness/stack'

const exporter = new InMemorySpanExporter()
let stack: TestStack

beforeAll(async () => {
  // Before the stack is built: schemas and databases are instrumented as they are made.
  expect(await startTracing({ exporter })).toBe(true)
  stack = await startTestStack('tracing', { gemeenten: ['0153', '0141'] })
})
afterAll(async () => {
  await stack?.stop()
  await stopTracing()
})
beforeEach(() => exporter.reset())

const serviceOf = (span: ReadableSpan) => span.resource.attributes['service.name']
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId
const ofService = (spans: ReadableSpan[], service: string) => spans.filter((s) => serviceOf(s) === service)
const named = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name)

/** Follows parents from `span` up to the root, within the spans given. */
function ancestors(spans: ReadableSpan[], span: ReadableSpan): ReadableSpan[] {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]))
  const out: ReadableSpan[] = []
  for (let parent = byId.get(parentOf(span) ?? ''); parent; parent = byId.get(parentOf(parent) ?? ''))
    out.push(parent)
  return out
}

describe('one trace per request across the gateway and the instances it calls', () => {
  it('joins the gateway, the gemeente instance and the registry in one trace, with a fetch span naming the gemeente and SQL spans below the root field', async () => {
    const { body } = await stack.query(
      /* GraphQL */ `
        query ActievePlannen {
          plannen(gemeenteCode: "0153", filter: { status: ACTIEF }, eerste: 5) {
            totalCount
            edges {
              node {
                toewijzingen {
                  toewijzingNummer
                  aanbieder {
                    naam
                  }
                }
              }
            }
          }
        }
      `,
      { as: identities.medewerker('0153') },
    )
    expect(body.errors).toBeUndefined()
    const spans = exporter.getFinishedSpans()
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1)

    const [request] = ofService(spans, 'gateway').filter((s) => s.kind === SpanKind.SERVER)
    expect(request).toMatchObject({ name: 'query ActievePlannen', parentSpanContext: undefined })
    expect(request.attributes).toMatchObject({
      'graphql.operation.name': 'ActievePlannen',
      'http.response.status_code': 200,
    })
    // Apollo Gateway's own spans sit in the same trace, under the gateway's name.
    expect(named(ofService(spans, 'gateway'), 'gateway.plan')).toHaveLength(1)

    const [fetch0153] = named(spans, 'fetch gemeente 0153')
    expect(fetch0153.kind).toBe(SpanKind.CLIENT)
    expect(serviceOf(fetch0153)).toBe('gateway')
    expect(fetch0153.attributes).toMatchObject({ subgraph: 'gemeente', gemeente: '0153', outcome: 'ok' })
    expect(ancestors(spans, fetch0153)).toContain(request)

    const [instance] = ofService(spans, 'gemeente-0153').filter((s) => s.kind === SpanKind.SERVER)
    expect(parentOf(instance)).toBe(fetch0153.spanContext().spanId)
    expect(instance.resource.attributes['gemeente.code']).toBe('0153')

    const [plannen] = named(ofService(spans, 'gemeente-0153'), 'Query.plannen')
    expect(ancestors(spans, plannen)).toContain(instance)
    const sql = ofService(spans, 'gemeente-0153').filter((s) => s.attributes['db.system.name'])
    expect(sql.length).toBeGreaterThan(0)
    expect(sql.some((s) => ancestors(spans, s).includes(plannen))).toBe(true)
    for (const statement of sql) {
      expect(['sqlite', 'mysql', 'mariadb']).toContain(statement.attributes['db.system.name'])
      expect(statement.attributes['db.query.text']).toEqual(expect.any(String))
      expect(statement.kind).toBe(SpanKind.CLIENT)
    }
    expect(sql.some((s) => s.name === 'SELECT plan')).toBe(true)

    // The provider's name comes from the registry, in the same trace.
    const [registry] = ofService(spans, 'aanbieders').filter((s) => s.kind === SpanKind.SERVER)
    expect(ancestors(spans, registry)).toContain(request)
    expect(ancestors(spans, registry)[0]).toMatchObject({ name: 'fetch aanbieders' })
  })

  it('gives a fan-out to every gemeente one fetch span per gemeente, each the parent of that instance’s request', async () => {
    const { body } = await stack.query(/* GraphQL */ `
      query Regio {
        gemeenten {
          code
          ondersteuningsbehoeften {
            code
          }
        }
      }
    `)
    // This stack runs two gemeenten: the other twelve are reported as not connected.
    expect(new Set(body.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['GEMEENTE_UNAVAILABLE']))
    const served = body.data?.gemeenten.filter(
      (g: { ondersteuningsbehoeften: unknown }) => g.ondersteuningsbehoeften,
    )
    expect(served.map((g: { code: string }) => g.code)).toEqual(['0141', '0153'])
    const spans = exporter.getFinishedSpans()
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1)
    for (const code of ['0141', '0153']) {
      const fetches = named(spans, `fetch gemeente ${code}`)
      expect(fetches).toHaveLength(1)
      const [instance] = ofService(spans, `gemeente-${code}`).filter((s) => s.kind === SpanKind.SERVER)
      expect(parentOf(instance)).toBe(fetches[0].spanContext().spanId)
      expect(named(ofService(spans, `gemeente-${code}`), 'Query._entities')).toHaveLength(1)
    }
  })

  it('records no BSN, name or search term in any span', async () => {
    const [inwoner] = await stack.gemeente('0153').db.getRepository(Inwoner).find({ take: 1 })
    const zoek = /* GraphQL */ `
      query Zoek($zoek: String) {
        inwoners(gemeenteCode: "0153", zoek: $zoek, eerste: 5) {
          totalCount
          edges {
            node {
              bsn
              achternaam
            }
          }
        }
      }
    `
    for (const term of [inwoner.bsn, inwoner.achternaam]) {
      const { body } = await stack.query(zoek, {
        variables: { zoek: term },
        as: identities.medewerker('0153'),
      })
      expect(body.data?.inwoners.totalCount).toBeGreaterThan(0)
    }
    const spans = exporter.getFinishedSpans()
    expect(spans.filter((s) => s.attributes['db.system.name']).length).toBeGreaterThan(0)
    const recorded = JSON.stringify(
      spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
    )
    expect(recorded).not.toContain(inwoner.bsn)
    expect(recorded).not.toContain(inwoner.achternaam)
    expect(recorded.toLowerCase()).not.toContain(inwoner.achternaam.toLowerCase())
  })
})
