import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { createGateway } from '../../gateway/gateway'
import { serve, type Listening } from '../../shared/http/serve'
import { identities, startTestStack, testAuthFor, tokenFor, type TestStack } from '../harness/stack'

/**
 * A gemeente host in front of the real instance that passes on its readiness and its SDL, and
 * takes every other query without ever answering, noting when the gateway gives up on one
 * (the request's connection closes).
 */
async function hangingHost(instanceUrl: string) {
  const closedAt: number[] = []
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    if (req.method === 'GET' || body.includes('_service')) {
      const upstream = await fetch(new URL(req.url ?? '/', instanceUrl), {
        method: req.method,
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(
            ([k, v]) => typeof v === 'string' && !['host', 'content-length'].includes(k),
          ),
        ) as Record<string, string>,
        body: req.method === 'GET' ? undefined : body,
      })
      res.writeHead(upstream.status, Object.fromEntries(upstream.headers))
      res.end(await upstream.text())
      return
    }
    res.on('close', () => closedAt.push(Date.now()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/`,
    closedAt,
    close: () => {
      server.closeAllConnections()
      server.close()
    },
  }
}

let stack: TestStack
let host: Awaited<ReturnType<typeof hangingHost>>
let gateway: Awaited<ReturnType<typeof createGateway>>
let http: Listening
beforeAll(async () => {
  stack = await startTestStack('subgraph_fetches', { gemeenten: ['0153'], inwoners: 5 })
  host = await hangingHost(stack.gemeente('0153').url)
  gateway = await createGateway({
    supergraphSdl: readFileSync('gateway/schema/supergraph.graphql', 'utf8'),
    gemeenteSdl: readFileSync('gateway/schema/gemeente.graphql', 'utf8'),
    catalogusUrl: stack.catalogus.url,
    aanbiedersUrl: stack.aanbieders.url,
    // Enschede's fetches go to the host that never answers.
    gemeenteUrls: { '0153': host.url },
    auth: testAuthFor('regio'),
    fetchTimeoutMs: 10_000,
    circuit: { failureThreshold: 5, resetMs: 20_000 },
    log: () => {},
  })
  http = await serve(gateway.server, { port: 0, context: gateway.context })
})
afterAll(async () => {
  await http?.stop()
  await gateway?.stop()
  host?.close()
  await stack?.stop()
})

describe('a caller who goes away', () => {
  it('stops the gateway’s fetches to the gemeenten at once, not at the fetch timeout', async () => {
    const token = await tokenFor(identities.medewerker('0153'))
    const before = host.closedAt.length
    const leftAt = Date.now() + 300
    await expect(
      fetch(http.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ plannen(gemeenteCode: "0153", eerste: 1) { totalCount } }' }),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow()
    for (let i = 0; i < 40 && host.closedAt.length === before; i++) await sleep(50)
    expect(host.closedAt.length).toBeGreaterThan(before)
    // Well before FETCH_TIMEOUT_MS (10 s): the fetch ended when the caller left.
    expect(host.closedAt.at(-1)! - leftAt).toBeLessThan(2_000)
    // Nor did the caller's leaving count against the gemeente's circuit.
    expect(gateway.registry.get('0153')!.circuit).toBe('CLOSED')
  })
})

describe('a subgraph that refuses with a status other than 200', () => {
  it('is relayed with its own message and code, never with its address or raw body', async () => {
    const refusing = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ errors: [{ message: 'Niet voor u.', extensions: { code: 'FORBIDDEN' } }] }))
    })
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(refusing.address() as { port: number }).port}/`
    const other = await createGateway({
      supergraphSdl: readFileSync('gateway/schema/supergraph.graphql', 'utf8'),
      gemeenteSdl: readFileSync('gateway/schema/gemeente.graphql', 'utf8'),
      catalogusUrl: stack.catalogus.url,
      aanbiedersUrl: url,
      gemeenteUrls: { '0153': stack.gemeente('0153').url },
      auth: testAuthFor('regio'),
      log: () => {},
    })
    const listening = await serve(other.server, { port: 0, context: other.context })
    try {
      const response = await fetch(listening.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ aanbieders(eerste: 1) { edges { node { naam } } } }' }),
      })
      const text = await response.text()
      expect(JSON.parse(text).errors).toEqual([
        expect.objectContaining({ message: 'Niet voor u.', extensions: { code: 'FORBIDDEN' } }),
      ])
      expect(text).not.toContain(url)
      expect(text).not.toContain('"response"')
    } finally {
      await listening.stop()
      await other.stop()
      refusing.close()
    }
  })
})
