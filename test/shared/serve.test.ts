import { afterEach, describe, expect, it } from 'vitest'
import { ApolloServer } from '@apollo/server'
import { connect } from 'node:net'
import { KEEP_ALIVE_MS, serve, type Listening } from '../../shared/http/serve'

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

  it('keeps an idle connection open past Node’s 5 s default, and still stops at once', async () => {
    const { server } = slowServer()
    listening = await serve(server, { port: 0, context: async ({ signal }) => ({ signal }) })
    const socket = connect(Number(new URL(listening.url).port), '127.0.0.1')
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    let open = true
    void closed.then(() => (open = false))
    // One request on the raw socket, its whole answer (small, one chunk) read back.
    const ask = () =>
      new Promise<string>((resolve) => {
        const body = JSON.stringify({ query: '{ langzaam(ms: 1) }' })
        socket.once('data', (chunk) => resolve(chunk.toString('utf8')))
        socket.write(
          `POST / HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n` +
            `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        )
      })
    // What a client (undici in the gateway) reads to know how long it may keep the connection.
    expect(await ask()).toMatch(new RegExp(`\r\nKeep-Alive: timeout=${KEEP_ALIVE_MS / 1000}\r\n`, 'i'))
    await new Promise((resolve) => setTimeout(resolve, 5_500))
    expect(open).toBe(true)
    expect(await ask()).toMatch(/^HTTP\/1\.1 200 /)
    // Idle connections do not hold up a stop.
    const started = Date.now()
    await listening.stop()
    await closed
    expect(Date.now() - started).toBeLessThan(2_000)
    listening = null
  }, 15_000)

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
