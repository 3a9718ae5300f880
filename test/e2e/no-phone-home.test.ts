import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { ClientRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { identities, startTestStack } from '../harness/stack'

const CHANNEL = 'http.client.request.start'

describe('the federation talks to no one outside it', () => {
  it('sends no request beyond this machine from start to stop: not Apollo Gateway its usage figures', async () => {
    const outside: string[] = []
    // Every request Node's http and https clients start, whoever starts it (Apollo's exporter
    // uses them); the services' own fetches go to 127.0.0.1.
    const seen = (message: unknown) => {
      const { request } = message as { request: ClientRequest }
      if (!['127.0.0.1', 'localhost', '::1'].includes(request.host))
        outside.push(`${request.protocol}//${request.host}${request.path}`)
    }
    subscribe(CHANNEL, seen)
    try {
      const stack = await startTestStack('no-phone-home', { gemeenten: ['0153'] })
      try {
        const { body } = await stack.query('{ gemeenten { code naam } }', {
          as: identities.medewerker('0153'),
        })
        expect(body.errors).toBeUndefined()
      } finally {
        // Apollo Gateway sends what it gathered when it stops (and every hour).
        await stack.stop()
      }
    } finally {
      unsubscribe(CHANNEL, seen)
    }
    expect(outside).toEqual([])
  })
})
