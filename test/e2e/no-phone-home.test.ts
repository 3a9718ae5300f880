import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { ClientRequest } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { identities, startTestStack } from '../harness/stack'

/** Requests started with Node's http and https clients (Apollo's reporting uses them), and with undici. */
const CHANNELS = ['http.client.request.start', 'undici:request:create']
const HERE = ['127.0.0.1', 'localhost', '::1', '[::1]']

const saved = { ...process.env }
afterEach(() => {
  for (const name of [
    'APOLLO_TELEMETRY_DISABLED',
    'APOLLO_KEY',
    'APOLLO_GRAPH_REF',
    'APOLLO_SCHEMA_REPORTING',
  ])
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
})

describe('the federation talks to no one outside it', () => {
  it.each<[string, Record<string, string>]>([
    ['as it starts', {}],
    ['with APOLLO_TELEMETRY_DISABLED set empty', { APOLLO_TELEMETRY_DISABLED: '' }],
    [
      'with an Apollo key and graph',
      { APOLLO_KEY: 'service:twents:sleutel', APOLLO_GRAPH_REF: 'twents@productie' },
    ],
    [
      'with schema reporting asked for too',
      {
        APOLLO_KEY: 'service:twents:sleutel',
        APOLLO_GRAPH_REF: 'twents@productie',
        APOLLO_SCHEMA_REPORTING: 'true',
      },
    ],
  ])('sends no request beyond this machine from start to stop, %s', async (_, env) => {
    Object.assign(process.env, env)
    const outside: string[] = []
    const seen = (message: unknown) => {
      const { request } = message as { request: ClientRequest | { origin: string; path: string } }
      const url =
        'origin' in request
          ? new URL(request.path, request.origin)
          : new URL(`${request.protocol}//${request.host}${request.path}`)
      if (!HERE.includes(url.hostname)) outside.push(url.href)
    }
    for (const channel of CHANNELS) subscribe(channel, seen)
    try {
      const stack = await startTestStack('no-phone-home', { gemeenten: ['0153'] })
      try {
        const { body } = await stack.query('{ gemeenten { code naam } }', {
          as: identities.medewerker('0153'),
        })
        expect(body.errors).toBeUndefined()
      } finally {
        // Apollo Gateway sends what it gathered when it stops (and every hour), Apollo Server too.
        await stack.stop()
      }
    } finally {
      for (const channel of CHANNELS) unsubscribe(channel, seen)
    }
    expect(outside).toEqual([])
  })
})
