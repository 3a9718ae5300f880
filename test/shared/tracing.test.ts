import { afterEach, describe, expect, it, vi } from 'vitest'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SpanStatusCode, trace } from '@opentelemetry/api'
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node'
import { buildSchema, graphql, GraphQLObjectType, GraphQLString, GraphQLSchema } from 'graphql'
import { forbidden } from '../../shared/errors'
import {
  inSpan,
  startTracing,
  stopTracing,
  traceRootFields,
  tracingOn,
} from '../../shared/observability/tracing'

afterEach(async () => {
  await stopTracing()
  vi.unstubAllEnvs()
})

/** A stand-in OTLP collector: keeps what each POST brought. */
async function collector() {
  const received: { path: string; contentType: string; body: Buffer }[] = []
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    received.push({
      path: req.url ?? '',
      contentType: req.headers['content-type'] ?? '',
      body: Buffer.concat(chunks),
    })
    res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' }).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe('tracing switched on by the standard OTEL_* settings', () => {
  it('stays off without OTEL_EXPORTER_OTLP_ENDPOINT: nothing started, schemas and work left as they are', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', '')
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '')
    expect(await startTracing()).toBe(false)
    expect(tracingOn()).toBe(false)

    const resolve = () => 'ja'
    const query = new GraphQLObjectType({ name: 'Query', fields: { a: { type: GraphQLString, resolve } } })
    const schema = traceRootFields(new GraphQLSchema({ query }))
    expect(schema.getQueryType()!.getFields().a.resolve).toBe(resolve)
    expect(await inSpan('werk', {}, async (span) => span)).toBeUndefined()
  })

  it('stays off with OTEL_SDK_DISABLED=true, even with an endpoint', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318')
    vi.stubEnv('OTEL_SDK_DISABLED', 'true')
    expect(await startTracing()).toBe(false)
  })

  it('exports spans with OTLP over http/json, under the service name the span belongs to', async () => {
    const otlp = await collector()
    try {
      vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', otlp.url)
      vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json')
      expect(await startTracing()).toBe(true)
      await inSpan('proefspan', { attributes: { gemeente: '0153' } }, async () => undefined)
      await stopTracing()

      expect(otlp.received).toHaveLength(1)
      const [request] = otlp.received
      expect(request.path).toBe('/v1/traces')
      expect(request.contentType).toMatch(/^application\/json/)
      const body = JSON.parse(request.body.toString('utf8'))
      const [resourceSpans] = body.resourceSpans
      expect(resourceSpans.resource.attributes).toContainEqual({
        key: 'service.name',
        value: { stringValue: 'twents-model-graph' },
      })
      const [span] = resourceSpans.scopeSpans[0].spans
      expect(span.name).toBe('proefspan')
      expect(span.attributes).toContainEqual({ key: 'gemeente', value: { stringValue: '0153' } })
    } finally {
      await otlp.close()
    }
  })

  it('exports spans with OTLP over http/protobuf by default, and to a traces endpoint of its own', async () => {
    const otlp = await collector()
    try {
      vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', `${otlp.url}/eigen/pad`)
      vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', '')
      vi.stubEnv('OTEL_SERVICE_NAME', 'gemeente-enschede')
      expect(await startTracing()).toBe(true)
      trace.getTracer('elders').startSpan('bibliotheekspan').end()
      await stopTracing()

      expect(otlp.received).toHaveLength(1)
      const [request] = otlp.received
      expect(request.path).toBe('/eigen/pad')
      expect(request.contentType).toBe('application/x-protobuf')
      // Protocol buffers carry strings as they are: the span's and the service's names are there.
      expect(request.body.includes('bibliotheekspan')).toBe(true)
      expect(request.body.includes('gemeente-enschede')).toBe(true)
    } finally {
      await otlp.close()
    }
  })

  it('refuses a protocol it does not speak, naming the setting', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318')
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'thrift')
    await expect(startTracing()).rejects.toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL=thrift .*http\/protobuf, http\/json or grpc/,
    )
    expect(tracingOn()).toBe(false)
  })

  it('gives each root field a span once on, marked failed with its code when it throws, and leaves answers alone', async () => {
    const exporter = new InMemorySpanExporter()
    expect(await startTracing({ exporter })).toBe(true)
    const schema = traceRootFields(buildSchema('type Query { a: String, b: Int, c: String }'))
    const source = {
      a: 'ja',
      b: async () => 7,
      c: () => {
        throw forbidden('Nee.')
      },
    }
    const result = await graphql({ schema, source: '{ a b c }', rootValue: source })
    expect(result.data).toEqual({ a: 'ja', b: 7, c: null })
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN'])

    const spans = exporter.getFinishedSpans()
    expect(spans.map((s) => s.name).sort()).toEqual(['Query.a', 'Query.b', 'Query.c'])
    const c = spans.find((s) => s.name === 'Query.c')!
    expect(c.status.code).toBe(SpanStatusCode.ERROR)
    expect(c.attributes['error.type']).toBe('FORBIDDEN')
    expect(spans.find((s) => s.name === 'Query.b')!.status.code).toBe(SpanStatusCode.UNSET)
  })
})
