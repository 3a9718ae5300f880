import { describe, expect, it } from 'vitest'
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface'
import { SharedExecutions } from '../../gateway/sharing/shared-executions'

/** A request as the executor sees it: its key, id, kind of operation and signal. */
const request = (
  key: string,
  requestId: string,
  operation: 'query' | 'mutation' = 'query',
  signal?: AbortSignal,
) =>
  ({
    context: { key, requestId, signal },
    operation: { operation },
  }) as unknown as GatewayGraphQLRequestContext

const contextOf = (requestContext: GatewayGraphQLRequestContext) =>
  requestContext.context as { key: string; requestId: string; signal?: AbortSignal }

/**
 * An executor whose executions answer when told to. `answer` plays a gemeente's answer: it takes
 * the ids of the requests that joined the execution (as the data source does, to have their reads
 * logged) and confirms it logged them when `logged`; `end` answers, if not yet, and ends.
 */
function controlledExecutor(shared: SharedExecutions, logged = true) {
  const runs: { requestId: string; signal?: AbortSignal; answer: () => void; end: () => void }[] = []
  const readsFor: string[][] = []
  const execute = (requestContext: GatewayGraphQLRequestContext) => {
    const { requestId } = contextOf(requestContext)
    return new Promise<GatewayExecutionResult>((resolve) => {
      let answered = false
      const answer = () => {
        if (answered) return
        answered = true
        const joined = shared.joinedRequests(requestContext.context)
        if (!joined) return
        readsFor.push([requestId, ...joined.forAnswer()])
        joined.confirm(Promise.resolve(logged))
      }
      runs.push({
        requestId,
        signal: contextOf(requestContext).signal,
        answer,
        end: () => {
          answer()
          resolve({ data: { executedFor: requestId } })
        },
      })
    })
  }
  return { execute, runs, readsFor }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

function setup() {
  let joins = 0
  const shared = new SharedExecutions(
    (rc) => contextOf(rc).key,
    (rc) => contextOf(rc).requestId,
    () => joins++,
  )
  return { shared, joins: () => joins }
}

describe('identical requests in flight share one execution (R35)', () => {
  it('executes three identical requests once, and has the answer read for each of them', async () => {
    const { shared, joins } = setup()
    const executor = controlledExecutor(shared)
    const execute = shared.wrap(executor.execute)
    const asked = ['a', 'b', 'c'].map((id) => execute(request('same', id)))
    await settle()
    expect(executor.runs.map((r) => r.requestId)).toEqual(['a'])
    executor.runs[0].end()
    expect(await Promise.all(asked)).toEqual(Array(3).fill({ data: { executedFor: 'a' } }))
    expect(executor.readsFor).toEqual([['a', 'b', 'c']])
    expect(joins()).toBe(2)
  })

  it('does not let a request join once a gemeente has answered the execution, nor join another key or a mutation', async () => {
    const { shared } = setup()
    const executor = controlledExecutor(shared)
    const execute = shared.wrap(executor.execute)
    const a = execute(request('same', 'a'))
    const b = execute(request('same', 'b'))
    await settle()
    // Enschede answers a's execution: its read is logged for a and b; a request after that starts anew.
    executor.runs[0].answer()
    const c = execute(request('same', 'c'))
    const other = execute(request('other', 'd'))
    const mutation = execute(request('same', 'e', 'mutation'))
    await settle()
    expect(executor.runs.map((r) => r.requestId)).toEqual(['a', 'c', 'd', 'e'])
    for (const run of executor.runs) run.end()
    expect(await Promise.all([a, b, c, other, mutation])).toEqual(
      ['a', 'a', 'c', 'd', 'e'].map((id) => ({ data: { executedFor: id } })),
    )
    expect(executor.readsFor).toEqual([['a', 'b'], ['c'], ['d']])
  })

  it('executes the joined requests alone when a gemeente did not log their read', async () => {
    const { shared } = setup()
    const executor = controlledExecutor(shared, false)
    const execute = shared.wrap(executor.execute)
    const asked = ['a', 'b', 'c'].map((id) => execute(request('same', id)))
    await settle()
    executor.runs[0].end()
    await settle()
    expect(executor.runs.map((r) => r.requestId)).toEqual(['a', 'b', 'c'])
    for (const run of executor.runs.slice(1)) run.end()
    expect(await Promise.all(asked)).toEqual(['a', 'b', 'c'].map((id) => ({ data: { executedFor: id } })))
  })

  it('stops the execution only when every request waiting for it has gone away (R24), and lets none join it then', async () => {
    const { shared } = setup()
    const executor = controlledExecutor(shared)
    const execute = shared.wrap(executor.execute)
    const callers = [new AbortController(), new AbortController()]
    const asked = callers.map((caller, i) => execute(request('same', `r${i}`, 'query', caller.signal)))
    await settle()
    const signal = executor.runs[0].signal!
    callers[0].abort(new DOMException('gone', 'AbortError'))
    expect(signal.aborted).toBe(false)
    callers[1].abort(new DOMException('gone', 'AbortError'))
    expect(signal.aborted).toBe(true)
    const later = execute(request('same', 'r2'))
    await settle()
    // r1 stopped waiting when its caller went and was executed as its own; r2 did not join.
    expect(executor.runs.map((r) => r.requestId).sort()).toEqual(['r0', 'r1', 'r2'])
    // Executed as its own, r1's fetches stop with its own signal, not the shared execution's.
    expect(executor.runs.find((r) => r.requestId === 'r1')!.signal).toBe(callers[1].signal)
    for (const run of executor.runs) run.end()
    expect(await Promise.all([...asked, later])).toEqual(
      ['r0', 'r1', 'r2'].map((id) => ({ data: { executedFor: id } })),
    )
  })
})
