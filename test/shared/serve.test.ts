import { afterEach, describe, expect, it } from 'vitest'
import { ApolloServer } from '@apollo/server'
import { serve, type Listening } from '../../shared/http/serve'

const typeDefs = /* GraphQL */ `
  type Query {
    langzaam(ms: Int!): String
  }
`

/** A server whose one field answers after `ms`, noting whether it was told to stop. */
function slowServer() {
  const aborted: boolean[] = []
  const server = new ApolloServer<{ signal: AbortSignal }>({
    typeDefs,
    resolvers: {
      Query: {
        langzaam: async (_: unknown, { ms }: { ms: number }, { signal }: { signal: AbortSignal }) => {
          await new Promise((resolve) => setTimeout(resolve, ms))
          aborted.push(signal.aborted)
          return 'klaar'
        },
      },
    },
  })
  return { server, aborted }
}

const post = (url: string, query: string, signal?: AbortSignal) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    signal,
  })

let listening: Listening | null = null
afterEach(async () => {
  await listening?.stop()
  listening = null
})

describe('serve', () => {
  it('finishes a request in flight when stopped, and accepts no new ones', async () => {
    const { server } = slowServer()
    listening = await serve(server, { port: 0, context: async ({ signal }) => ({ signal }) })
    const inFlight = post(listening.url, '{ langzaam(ms: 300) }')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const stopped = listening.stop()
    const answer = await inFlight
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ data: { langzaam: 'klaar' } })
    await stopped
    await expect(post(listening.url, '{ langzaam(ms: 1) }')).rejects.toThrow()
  })

  it('tells the resolvers when the client went away, and when the deadline passed', async () => {
    const { server, aborted } = slowServer()
    listening = await serve(server, {
      port: 0,
      executionTimeoutMs: 200,
      context: async ({ signal }) => ({ signal }),
    })
    await expect(post(listening.url, '{ langzaam(ms: 150) }', AbortSignal.timeout(50))).rejects.toThrow()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(aborted).toEqual([true])

    await (await post(listening.url, '{ langzaam(ms: 300) }')).json()
    expect(aborted).toEqual([true, true])
    await (await post(listening.url, '{ langzaam(ms: 10) }')).json()
    expect(aborted).toEqual([true, true, false])
  })

  it('answers plain routes beside GraphQL and 404 elsewhere', async () => {
    const { server } = slowServer()
    listening = await serve(server, {
      port: 0,
      context: async ({ signal }) => ({ signal }),
      routes: {
        'GET /ping': () => ({ status: 200, body: { pong: true } }),
        'GET /groet': () => ({ status: 200, body: { groet: 'Dag Zoë, ’t café' } }),
      },
    })
    expect(await (await fetch(new URL('ping', listening.url))).json()).toEqual({ pong: true })
    // Sent as bytes with their length: characters outside ASCII take more than one.
    for (const answer of [
      await fetch(new URL('groet', listening.url)),
      await post(listening.url, '{ langzaam(ms: 1) }'),
    ]) {
      const bytes = Buffer.from(await answer.arrayBuffer())
      expect(answer.headers.get('content-length')).toBe(String(bytes.length))
      expect(() => JSON.parse(bytes.toString('utf8'))).not.toThrow()
    }
    expect(await (await fetch(new URL('groet', listening.url))).json()).toEqual({ groet: 'Dag Zoë, ’t café' })
    expect((await fetch(new URL('elders', listening.url))).status).toBe(404)
  })
})
