import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
} from '@apollo/server-gateway-interface'
import { setMaxListeners } from 'node:events'
import type { GatewayContext } from '../context'

/**
 * What the fetches of a shared execution need to know of the requests that joined it: their ids,
 * for the gemeenten to log a read for each (R31), and whether every gemeente confirmed it did.
 */
export class JoinedRequests {
  private readonly ids: string[] = []
  private closed = false
  private readonly confirmations: Promise<boolean>[] = []

  /** Adds a request while no gemeente has answered yet: a read answered before it joined would go unlogged. */
  add(requestId: string): boolean {
    if (this.closed || this.ids.length >= MAX_JOINED) return false
    this.ids.push(requestId)
    return true
  }

  /**
   * The joined requests' ids, for a gemeente's answer to log a read for each; from the first
   * answer on no request joins any more, so that each read of the execution names all of them.
   */
  forAnswer(): string[] {
    this.closed = true
    return this.ids
  }

  /** A gemeente's answer to the notice naming the joined requests: whether it logged their read. */
  confirm(logged: Promise<boolean>) {
    this.confirmations.push(logged)
  }

  /** Whether every gemeente that answered the execution logged the joined requests' read. */
  async logged(): Promise<boolean> {
    return (await Promise.all(this.confirmations)).every(Boolean)
  }
}

/** The signal a request's fetches stop with (R24), from its context. */
const signalOf = (requestContext: GatewayGraphQLRequestContext) =>
  (requestContext.context as Pick<GatewayContext, 'signal'>).signal

/** Most requests one execution answers; more start another. */
const MAX_JOINED = 100

interface Execution {
  joined: JoinedRequests
  result: Promise<GatewayExecutionResult>
  /** Requests still waiting; at 0 the execution's fetches are aborted (R24 for all of them). */
  waiting: number
  controller: AbortController
  unlisten: (() => void)[]
}

/**
 * Implements R35: identical requests in flight share one execution. Identical: the same query
 * text, operation, variables, caller and purpose (the key the gateway gives); never a mutation.
 * The first request is executed; one that comes while it runs, before any gemeente has
 * answered it, waits for its result. A gemeente that answers the execution logs a read for every
 * joined request under its own request id (R31, through `joinedRequests` in the data source), so
 * each request is still its own read in the NEN 7513 log; when a gemeente does not confirm that,
 * the joined requests are executed alone. Each request is still its own request everywhere else:
 * its token checked, its rate limit counted, its own metrics and errors formatted for it.
 */
export class SharedExecutions {
  private readonly executions = new Map<string, Execution>()
  /** The joined requests of the execution a request context leads. */
  private readonly leading = new WeakMap<object, JoinedRequests>()

  constructor(
    /** The key of identical requests; null for one that is never shared. */
    private readonly keyOf: (requestContext: GatewayGraphQLRequestContext) => string | null,
    private readonly requestIdOf: (requestContext: GatewayGraphQLRequestContext) => string,
    private readonly onJoin: () => void = () => {},
  ) {}

  /** The requests that joined the execution a fetch belongs to (by its context), if it leads one. */
  joinedRequests(context: object | undefined): JoinedRequests | undefined {
    return context ? this.leading.get(context) : undefined
  }

  wrap(execute: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const key = requestContext.operation?.operation === 'query' ? this.keyOf(requestContext) : null
      if (key === null) return execute(requestContext)
      const running = this.executions.get(key)
      if (
        running &&
        !running.controller.signal.aborted &&
        running.joined.add(this.requestIdOf(requestContext))
      )
        return this.join(running, requestContext, execute)
      return this.lead(key, requestContext, execute)
    }
  }

  /**
   * Waits for the execution's result; executes alone when a gemeente did not log this request's
   * read, or when this request's own deadline passes or its caller goes first (its own execution
   * then stops at once, as any request's does, R24).
   */
  private async join(
    running: Execution,
    requestContext: GatewayGraphQLRequestContext,
    execute: GatewayExecutor,
  ): Promise<GatewayExecutionResult> {
    const own = signalOf(requestContext)
    this.wait(running, own)
    let stop = () => {}
    const gone = new Promise<null>((resolve) => {
      if (!own) return
      if (own.aborted) return resolve(null)
      const listener = () => resolve(null)
      own.addEventListener('abort', listener, { once: true })
      stop = () => own.removeEventListener('abort', listener)
    })
    try {
      const result = await Promise.race([running.result, gone])
      if (result && (await Promise.race([running.joined.logged(), gone]))) {
        this.onJoin()
        return result
      }
    } catch {
      // The shared execution failed as a whole: this request is executed as its own.
    } finally {
      stop()
    }
    return execute(requestContext)
  }

  private lead(
    key: string,
    requestContext: GatewayGraphQLRequestContext,
    execute: GatewayExecutor,
  ): Promise<GatewayExecutionResult> {
    const joined = new JoinedRequests()
    this.leading.set(requestContext.context, joined)
    const controller = new AbortController()
    // Every fetch of the execution listens to it (R24).
    setMaxListeners(1_000, controller.signal)
    const execution: Execution = { joined, result: undefined!, waiting: 0, controller, unlisten: [] }
    const done = () => {
      if (this.executions.get(key) === execution) this.executions.delete(key)
      for (const unlisten of execution.unlisten) unlisten()
    }
    this.executions.set(key, execution)
    this.wait(execution, signalOf(requestContext), () => done())
    // Its fetches stop only when every request waiting for it has gone away: they read the
    // signal from the context, which is this request's alone (Apollo's HTTP batching, which
    // gives the operations of a batch one context, is off: allowBatchedHttpRequests).
    ;(requestContext.context as Pick<GatewayContext, 'signal'>).signal = controller.signal
    execution.result = execute(requestContext).finally(done)
    return execution.result
  }

  /**
   * Counts a request as waiting for `execution` until its caller goes away; when none waits any
   * more the execution is stopped and no request joins it.
   */
  private wait(execution: Execution, caller: AbortSignal | undefined, stopped: () => void = () => {}) {
    execution.waiting += 1
    if (!caller) return
    const gone = () => {
      execution.waiting -= 1
      if (execution.waiting > 0) return
      execution.controller.abort(caller.reason)
      stopped()
    }
    if (caller.aborted) return gone()
    caller.addEventListener('abort', gone, { once: true })
    execution.unlisten.push(() => caller.removeEventListener('abort', gone))
  }
}
