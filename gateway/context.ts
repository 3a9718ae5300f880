import { callerOf } from '../shared/auth/caller'
import type { AuthConfig, Identity } from '../shared/auth/identity'
import type { RequestArgs } from '../shared/http/serve'

export interface GatewayContext {
  identity: Identity | null
  /** The caller's verified token, passed on so that every subgraph verifies it again. */
  authorization?: string
  requestId: string
  /**
   * The purpose the caller states for processing personal data (header x-doel), passed on as
   * given: the gemeente instance decides whether the caller may use it, and refuses if not.
   */
  doel?: string
  /**
   * What this request's fetches stop with (R24): its own signal (the client went away, the
   * deadline passed), or, while R35 executes it for several requests, that execution's, which
   * aborts only when all of them have gone.
   */
  signal?: AbortSignal
}

/** Counts a request against its caller's budget; throws RATE_LIMITED when it is spent (gateway/rate-limit). */
export type RateLimit = (identity: Identity | null, address: string | undefined) => Promise<void>

/**
 * The context of one gateway request: its caller (a token verified once and then believed 30 s,
 * R33), request id and purpose, and its count against the caller's budget.
 */
export function gatewayContext(auth: AuthConfig, rateLimit?: RateLimit) {
  return async (args: RequestArgs): Promise<GatewayContext> => {
    const address = args.req.socket.remoteAddress
    let caller: Awaited<ReturnType<typeof callerOf>>
    try {
      caller = await callerOf(args, auth)
    } catch (refused) {
      // A token that does not verify counts against its address's anonymous budget, so that
      // forged tokens cannot buy unlimited signature checks.
      await rateLimit?.(null, address)
      throw refused
    }
    const { identity, requestId } = caller
    // Apollo Server builds the context before it parses: a caller over budget costs no parsing.
    await rateLimit?.(identity, address)
    const doel = args.req.headers['x-doel']
    return {
      identity,
      authorization: identity ? args.req.headers.authorization : undefined,
      requestId,
      doel: typeof doel === 'string' && doel ? doel.slice(0, 100) : undefined,
      signal: args.signal,
    }
  }
}
