import { describe, expect, it } from 'vitest'
import { once } from 'node:events'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { ApolloServer } from '@apollo/server'
import { serve } from '../../shared/http/serve'

const QUERY = JSON.stringify({ query: 'query Hallo { hallo }' })

/**
 * Sends a whole request and closes the connection before the server has read any of it, as a
 * gateway does that gave up on an instance whose process was stopped (SIGSTOP) or too busy to
 * accept: the request waits in the listen queue with its client already gone.
 */
async function sendAndLeave(port: number) {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  socket.write(
    `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(QUERY)}\r\n\r\n${QUERY}`,
  )
  socket.destroy()
}

describe('a request whose client went away before the server got to it', () => {
  it('is not executed at all, while a request whose client waits is', async () => {
    const executed: string[] = []
    const server = new ApolloServer({
      typeDefs: 'type Query { hallo: String }',
      resolvers: { Query: { hallo: () => 'hallo' } },
    })
    const http = await serve(server, {
      port: 0,
      context: async () => {
        executed.push('context')
        return {}
      },
    })
    try {
      const port = Number(new URL(http.url).port)
      for (let i = 0; i < 5; i++) await sendAndLeave(port)
      await sleep(200)
      expect(executed).toEqual([])

      const response = await fetch(http.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: QUERY,
      })
      expect(await response.json()).toEqual({ data: { hallo: 'hallo' } })
      expect(executed).toEqual(['context'])
    } finally {
      await http.stop()
    }
  })
})
