import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { IncomingMessage } from 'node:http'
import {
  context,
  createContextKey,
  diag,
  DiagLogLevel,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api'
import type { ApolloServerPlugin, BaseContext } from '@apollo/server'
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql'
import type { DataSource, QueryRunner } from 'typeorm'
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-node'
import { createLogger, scrub } from '../log'

/** The instrumentation scope of every span this code makes. */
const SCOPE = 'twents-model-graph'

/** The service a request belongs to; spans made while it is handled carry that service's resource. */
const SERVICE = createContextKey('twents.service')

interface Running {
  processor: SpanProcessor
  /** One tracer provider per service, so that each service of a one-process demo has its own name. */
  providerFor: (service: string) => TracerProvider
  fallback: string
  stopPropagating: () => void
}

let running: Running | null = null

/** Whether this process traces: checked before any tracing work, so that off costs one comparison. */
export const tracingOn = () => running !== null

export interface TracingOptions {
  /** Where spans go instead of OTLP, one by one (tests pass an InMemorySpanExporter). */
  exporter?: SpanExporter
}

/** The trace endpoint that switches tracing on, or null when none is set. */
export function otlpEndpoint(env: NodeJS.ProcessEnv = process.env): string | null {
  if (/^true$/i.test(env.OTEL_SDK_DISABLED ?? '')) return null
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || null
}

/**
 * Starts tracing for this process when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, or an exporter is given; otherwise it does nothing,
 * loads no SDK, and every span site in this code is skipped. Returns whether tracing runs.
 *
 * The exporter follows OTEL_EXPORTER_OTLP_PROTOCOL (or _TRACES_PROTOCOL): `http/protobuf` (the
 * default), `http/json` or `grpc`; endpoint, headers and timeout are read by the exporter itself
 * from the standard variables, the sampler (OTEL_TRACES_SAMPLER) by the SDK. Call it once, before
 * the services are built: their schemas and databases are instrumented as they are made.
 */
export async function startTracing(options: TracingOptions = {}): Promise<boolean> {
  if (running) return true
  const env = process.env
  if (!options.exporter && !otlpEndpoint(env)) return false

  const [sdk, resources, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
    ])
  const processor = options.exporter
    ? new sdk.SimpleSpanProcessor(options.exporter)
    : new sdk.BatchSpanProcessor(await otlpExporter(env))

  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win over the names given here.
  const fromEnv = await resources.detectResources({ detectors: [resources.envDetector] })
  const providers = new Map<string, TracerProvider>()
  const providerFor = (service: string) => {
    let provider = providers.get(service)
    if (!provider) {
      const [name, gemeente] = service.split(':')
      const resource = resources
        .defaultResource()
        .merge(
          resources.resourceFromAttributes({
            'service.name': gemeente ? `${name}-${gemeente}` : name,
            'service.namespace': 'twents',
            ...(gemeente ? { 'gemeente.code': gemeente } : {}),
          }),
        )
        .merge(fromEnv)
      provider = new sdk.NodeTracerProvider({ resource, spanProcessors: [processor] })
      providers.set(service, provider)
    }
    return provider
  }

  // The SDK's own trouble (a collector that cannot be reached, spans dropped) in the service log.
  const log = createLogger('tracing')
  const line = (message: string, args: unknown[]) =>
    ['OpenTelemetry:', message, ...args.map(String)].join(' ')
  const ignore = () => {}
  diag.setLogger(
    {
      error: (message, ...args) => log.error(line(message, args)),
      warn: (message, ...args) => log.warn(line(message, args)),
      info: ignore,
      debug: ignore,
      verbose: ignore,
    },
    DiagLogLevel.WARN,
  )
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  propagation.setGlobalPropagator(new W3CTraceContextPropagator())
  // Libraries that trace themselves (Apollo Gateway does) get the provider of the service
  // whose request they work for.
  trace.setGlobalTracerProvider(new ServiceTracerProvider((ctx) => serviceOf(ctx)))
  running = { processor, providerFor, fallback: 'twents-model-graph', stopPropagating: propagateOnFetch() }
  return true
}

const FLUSH_LIMIT_MS = 3_000

/**
 * Sends what is left and switches tracing off again (tests, and a process that stops). A collector
 * that does not answer holds a stopping process at most FLUSH_LIMIT_MS.
 */
export async function stopTracing(): Promise<void> {
  const was = running
  if (!was) return
  running = null
  was.stopPropagating()
  // Shutting the processor down sends the spans still queued first.
  const limit = new Promise<void>((resolve) => setTimeout(resolve, FLUSH_LIMIT_MS).unref())
  await Promise.race([was.processor.shutdown().catch(() => undefined), limit])
  trace.disable()
  propagation.disable()
  context.disable()
  diag.disable()
}

async function otlpExporter(env: NodeJS.ProcessEnv): Promise<SpanExporter> {
  const protocol =
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf'
  switch (protocol) {
    case 'http/protobuf':
      return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter()
    case 'http/json':
      return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter()
    case 'grpc':
      return new (await import('@opentelemetry/exporter-trace-otlp-grpc')).OTLPTraceExporter()
    default:
      throw new Error(
        `OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported: use http/protobuf, http/json or grpc`,
      )
  }
}

const serviceOf = (ctx: Context) =>
  (ctx.getValue(SERVICE) as string | undefined) ?? running?.fallback ?? SCOPE

/** The tracer for spans of the service whose request is being handled. */
function tracer(ctx: Context = context.active()): Tracer {
  return running ? running.providerFor(serviceOf(ctx)).getTracer(SCOPE) : trace.getTracer(SCOPE)
}

/**
 * A tracer provider that picks, per span, the provider of the service in the span's parent
 * context: a one-process demo runs seventeen services, and each should show under its own name.
 */
class ServiceTracerProvider implements TracerProvider {
  constructor(private readonly service: (ctx: Context) => string) {}

  getTracer(name: string, version?: string): Tracer {
    const pick = (ctx: Context) => running?.providerFor(this.service(ctx)).getTracer(name, version)
    const startSpan = (spanName: string, options?: SpanOptions, ctx = context.active()): Span =>
      pick(ctx)?.startSpan(spanName, options, ctx) ?? trace.wrapSpanContext(INVALID_SPAN_CONTEXT)
    // The overloads of startActiveSpan, as the API's own no-op tracer sorts them.
    function startActiveSpan(...args: unknown[]): unknown {
      const fn = args.at(-1) as (span: Span) => unknown
      const options = (args.length >= 3 ? args[1] : undefined) as SpanOptions | undefined
      const parent = (args.length >= 4 ? args[2] : undefined) as Context | undefined
      const ctx = parent ?? context.active()
      const span = startSpan(args[0] as string, options, ctx)
      return context.with(trace.setSpan(ctx, span), fn, undefined, span)
    }
    return { startSpan, startActiveSpan } as Tracer
  }
}

/**
 * Puts the active trace into every outgoing `fetch` (Node's undici publishes each request it
 * creates on a diagnostics channel, in the caller's context): the gateway's subgraph fetches and
 * an instance's calls to the catalogue and the registry carry `traceparent` without each caller
 * doing it. A fetch outside any trace (a background round) gets nothing.
 */
function propagateOnFetch(): () => void {
  const channel = 'undici:request:create'
  const onRequest = (message: unknown) => {
    const { request } = message as { request: { addHeader?: (name: string, value: string) => void } }
    if (!request.addHeader || !trace.getSpan(context.active())) return
    propagation.inject(context.active(), request, { set: (r, name, value) => r.addHeader!(name, value) })
  }
  subscribe(channel, onRequest)
  return () => void unsubscribe(channel, onRequest)
}

/** Which service an Apollo Server is, for the span of each request it serves (see `withIncomingTrace`). */
const servers = new WeakMap<object, string>()

/**
 * Names the service a server belongs to: `gateway`, `catalogus`, `aanbieders`, or
 * `gemeente:<code>`. Its requests' spans carry that service's resource.
 */
export function serviceOfServer(server: object, service: string) {
  servers.set(server, service)
}

/**
 * Runs one GraphQL request inside its trace: continues the caller's trace when its `traceparent`
 * header names one (the gateway's fetch to an instance), starts one otherwise, and makes the
 * request's server span the parent of everything done for it. Without tracing it only runs.
 */
export async function withIncomingTrace<T extends { status?: number }>(
  server: object,
  req: IncomingMessage,
  run: () => Promise<T>,
): Promise<T> {
  if (!running) return run()
  const service = servers.get(server) ?? running.fallback
  const parent = propagation.extract(ROOT_CONTEXT, req.headers).setValue(SERVICE, service)
  const url = new URL(req.url ?? '/', 'http://localhost')
  const span = tracer(parent).startSpan(
    `${req.method} ${url.pathname}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': url.pathname },
    },
    parent,
  )
  try {
    const result = await context.with(trace.setSpan(parent, span), run)
    span.setAttribute('http.response.status_code', result.status ?? 200)
    if ((result.status ?? 200) >= 500) span.setStatus({ code: SpanStatusCode.ERROR })
    return result
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR })
    throw err
  } finally {
    span.end()
  }
}

/**
 * Names the request's span after its operation and marks it failed when the answer carries
 * errors, with their codes (never their messages, which can quote input).
 */
export function tracingPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const span = running ? trace.getActiveSpan() : undefined
      if (!span) return
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return
          span.updateName(`${operation.operation} ${operationName ?? '(anonymous)'}`)
          span.setAttribute('graphql.operation.type', operation.operation)
          if (operationName) span.setAttribute('graphql.operation.name', operationName)
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined
          if (!errors?.length) return
          const codes = [...new Set(errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN')))]
          span.setAttribute('graphql.error.codes', codes)
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') })
        },
      }
    },
  }
}

/**
 * Gives every root field (each query and mutation, and `_entities`) a span of its own, active
 * while it resolves, so that the statements it causes hang below it. What its result's fields
 * resolve later (loaders of nested lists, a connection's totalCount, counted only when asked)
 * hangs below the request's span. Only when tracing runs: a schema built without it has no
 * wrapper at all. Arguments are not recorded: they can name a resident.
 */
export function traceRootFields(schema: GraphQLSchema): GraphQLSchema {
  if (!running) return schema
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type || !isObjectType(type)) continue
    for (const field of Object.values(type.getFields())) {
      if (field.name === '_service') continue
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver
      const name = `${type.name}.${field.name}`
      field.resolve = (source, args, ctx, info) => {
        if (!running) return resolve(source, args, ctx, info)
        return tracer().startActiveSpan(
          name,
          { attributes: { 'graphql.field.name': field.name, 'graphql.field.type': type.name } },
          (span) => settle(span, () => resolve(source, args, ctx, info)),
        )
      }
    }
  }
  return schema
}

/** Ends `span` when `work` is done, synchronously or not, marking it failed when it throws. */
function settle<T>(span: Span, work: () => T): T {
  const fail = (err: unknown) => {
    span.setStatus({ code: SpanStatusCode.ERROR })
    span.setAttribute('error.type', errorType(err))
    span.end()
  }
  try {
    const result = work()
    if (result instanceof Promise) {
      return result.then(
        (value) => (span.end(), value),
        (err: unknown) => {
          fail(err)
          throw err
        },
      ) as T
    }
    span.end()
    return result
  } catch (err) {
    fail(err)
    throw err
  }
}

/** A stable kind of error for a span: a GraphQL code, a driver code or the class name; never a message. */
function errorType(err: unknown): string {
  const e = err as { extensions?: { code?: unknown }; code?: unknown; name?: unknown } | undefined
  const code = e?.extensions?.code ?? e?.code ?? e?.name
  return typeof code === 'string' ? code : 'Error'
}

const DB_SYSTEM: Record<string, string> = { 'better-sqlite3': 'sqlite', mysql: 'mysql', mariadb: 'mariadb' }
const TRACED = Symbol('traced')

/**
 * A span for every SQL statement run inside a traced request, with the statement as sent (its
 * values are bound separately and not recorded; nine-digit numbers are scrubbed all the same).
 * Every statement of TypeORM, query builders, repositories and migrations alike, goes through
 * a query runner's `query`, so that is where the span is made. Statements outside a request
 * (a background round, a scrape) make no trace of their own.
 */
export function traceStatements(dataSource: DataSource) {
  if (!running) return
  const system = DB_SYSTEM[dataSource.options.type] ?? dataSource.options.type
  const driver = dataSource.driver as { createQueryRunner: (mode: 'master' | 'slave') => QueryRunner }
  const create = driver.createQueryRunner.bind(driver)
  driver.createQueryRunner = (mode) => {
    const runner = create(mode) as QueryRunner & { [TRACED]?: true }
    if (runner[TRACED]) return runner
    runner[TRACED] = true
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>
    runner.query = ((sql: string, ...rest: unknown[]) => {
      if (!running || !trace.getSpan(context.active())) return query(sql, ...rest)
      const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL'
      const table = /\b(?:FROM|INTO|UPDATE|TABLE)\s+[`"]?(\w+)/i.exec(sql)?.[1]
      const span = tracer().startSpan(table ? `${operation} ${table}` : operation, {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': system,
          'db.operation.name': operation,
          ...(table ? { 'db.collection.name': table } : {}),
          'db.query.text': scrub(sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql),
        },
      })
      return settle(span, () => query(sql, ...rest))
    }) as QueryRunner['query']
    return runner
  }
}

/**
 * Runs `work` in a span of its own, active while it runs: for the gateway's fetch to one
 * subgraph instance, say. Without tracing it only runs.
 */
export function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!running) return work(undefined)
  return tracer().startActiveSpan(name, options, (span) => settle(span, () => work(span)))
}
