import { describe, expect, it } from 'vitest'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { InFlightFetches, isJoinedFailure } from '../../gateway/sharing/in-flight'

/** A fetch that answers when told to, counting how often it was sent and under which signal. */
function controlledFetch() {
  let answer!: (response: GatewayGraphQLResponse) => void
  let fail!: (err: unknown) => void
  const sent: (AbortSignal | undefined)[] = []
  const send = (signal: AbortSignal | undefined) => {
    sent.push(signal)
    return new Promise<GatewayGraphQLResponse>((resolve, reject) => {
      answer = resolve
      fail = reject
    })
  }
  return { send, sent, answer: (r: GatewayGraphQLResponse) => answer(r), fail: (e: unknown) => fail(e) }
}

const released = async () => true

describe('identical fetches in flight (R30)', () => {
  it('sends one fetch for three identical requests, and gives each its own copy of the answer', async () => {
    const flights = new InFlightFetches()
    const fetch = controlledFetch()
    const asked = ['a', 'b', 'c'].map((id) => flights.run('key', id, fetch.send, released))
    fetch.answer({ data: { plan: { id: '1' } } })
    const [a, b, c] = await Promise.all(asked)
    expect(fetch.sent).toHaveLength(1)
    expect([a, b, c]).toEqual([
      { data: { plan: { id: '1' } } },
      ...Array(2).fill({ data: { plan: { id: '1' } } }),
    ])
    expect(b.data).not.toBe(a.data)
    expect(c.data).not.toBe(b.data)
  })

  it('sends again once the answer is in, and keeps different keys apart', async () => {
    const flights = new InFlightFetches()
    const first = controlledFetch()
    const other = controlledFetch()
    const one = flights.run('key', 'a', first.send, released)
    const two = flights.run('other', 'b', other.send, released)
    first.answer({ data: { n: 1 } })
    other.answer({ data: { n: 2 } })
    expect([await one, await two]).toEqual([{ data: { n: 1 } }, { data: { n: 2 } }])
    const later = controlledFetch()
    const three = flights.run('key', 'c', later.send, released)
    later.answer({ data: { n: 3 } })
    expect(await three).toEqual({ data: { n: 3 } })
    expect([first.sent.length, other.sent.length, later.sent.length]).toEqual([1, 1, 1])
  })

  it('starts a second fetch when one is full, and lets later requests join that one after the first lands', async () => {
    const flights = new InFlightFetches()
    const first = controlledFetch()
    const second = controlledFetch()
    // One leads and 100 join: the 102nd starts the second fetch.
    const full = Array.from({ length: 101 }, (_, i) => flights.run('key', `a${i}`, first.send, released))
    const next = flights.run('key', 'b', second.send, released)
    first.answer({ data: { n: 1 } })
    await Promise.all(full)
    const later = flights.run('key', 'c', () => Promise.reject(new Error('sent a third time')), released)
    second.answer({ data: { n: 2 } })
    expect([await next, await later]).toEqual([{ data: { n: 2 } }, { data: { n: 2 } }])
    expect([first.sent.length, second.sent.length]).toEqual([1, 1])
  })

  it('lets each joined request send its own fetch when the answer may not be released to them', async () => {
    const flights = new InFlightFetches()
    const fetch = controlledFetch()
    const ownFetches: string[] = []
    const release = async (_: GatewayGraphQLResponse, ids: string[]) => (ownFetches.push(...ids), false)
    const callers = new Map(['b', 'c'].map((id) => [id, new AbortController().signal]))
    const sentUnder = new Map<string, AbortSignal | undefined>()
    const own = (id: string) => async (signal: AbortSignal | undefined) => {
      sentUnder.set(id, signal)
      return { data: { own: id } }
    }
    const leader = flights.run('key', 'a', fetch.send, release)
    const joined = ['b', 'c'].map((id) => flights.run('key', id, own(id), release, callers.get(id)))
    fetch.answer({ data: { own: 'a' } })
    expect(await Promise.all([leader, ...joined])).toEqual([
      { data: { own: 'a' } },
      { data: { own: 'b' } },
      { data: { own: 'c' } },
    ])
    expect(ownFetches).toEqual(['b', 'c'])
    // Its own fetch stops with its own caller, not with the shared fetch's signal.
    for (const id of ['b', 'c']) expect(sentUnder.get(id)).toBe(callers.get(id))
  })

  it('aborts the shared fetch only when every request waiting for it has gone away (R24)', async () => {
    const flights = new InFlightFetches()
    const fetch = controlledFetch()
    const callers = [new AbortController(), new AbortController()]
    const waiting = callers.map((caller, i) =>
      flights.run('key', `r${i}`, fetch.send, released, caller.signal),
    )
    const signal = fetch.sent[0]!
    callers[0].abort(new DOMException('gone', 'AbortError'))
    expect(signal.aborted).toBe(false)
    callers[1].abort(new DOMException('gone', 'AbortError'))
    expect(signal.aborted).toBe(true)
    fetch.fail(signal.reason)
    await expect(waiting[0]).rejects.toThrow('gone')
    await expect(waiting[1]).rejects.toThrow('gone')
  })

  it('sends the fetch of a request already gone under an aborted signal', async () => {
    const flights = new InFlightFetches()
    const fetch = controlledFetch()
    const caller = new AbortController()
    caller.abort(new DOMException('gone', 'AbortError'))
    const asked = flights.run('key', 'a', fetch.send, released, caller.signal)
    expect(fetch.sent[0]!.aborted).toBe(true)
    fetch.fail(fetch.sent[0]!.reason)
    await expect(asked).rejects.toThrow('gone')
  })

  it('gives a joined request a copy of a transport failure that does not count against the circuit again (R23)', async () => {
    const flights = new InFlightFetches()
    const fetch = controlledFetch()
    const leader = flights.run('key', 'a', fetch.send, released)
    const joined = flights.run('key', 'b', fetch.send, released)
    const timeout = new DOMException('the fetch took too long', 'TimeoutError')
    fetch.fail(timeout)
    await expect(leader).rejects.toBe(timeout)
    const copy = await joined.catch((err: unknown) => err)
    expect(copy).toMatchObject({ name: 'TimeoutError', message: 'the fetch took too long' })
    expect(isJoinedFailure(copy)).toBe(true)
    expect(isJoinedFailure(timeout)).toBe(false)
  })
})
