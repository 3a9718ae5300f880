import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { forbidden } from '../errors'
import type { RequestArgs } from '../http/serve'
import { identityFromHeader, verifyToken, type AuthConfig, type Identity } from './identity'

/** The header in which the gateway sends its own service token beside the caller's. */
export const GATEWAY_TOKEN_HEADER = 'x-gateway-token'

/** Who is asking, and how: what every subgraph's context starts from. */
export interface Caller {
  identity: Identity | null
  /**
   * The request came through the region's gateway: it carried a valid GATEWAY service token
   * addressed to this very service (its `aud`), so that no other service that saw the token can
   * use it here. Entity fetches, raw figures and the subgraph's SDL are only for the gateway.
   */
  viaGateway: boolean
  requestId: string
  /** Aborts when nobody waits for the answer any more (see shared/http/serve). */
  signal: AbortSignal
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Verifies the caller's token and, at a subgraph (`auth.self` set), the gateway's, once per
 * request. The gateway itself ignores a client's `x-gateway-token`.
 */
export async function callerOf({ req, signal }: RequestArgs, auth: AuthConfig): Promise<Caller> {
  const identity = await identityFromHeader(header(req, 'authorization'), auth)
  const gatewayToken = auth.self ? header(req, GATEWAY_TOKEN_HEADER) : undefined
  const gateway = gatewayToken ? await verifyToken(gatewayToken, auth, auth.self) : null
  const incomingId = header(req, 'x-request-id')
  return {
    identity,
    viaGateway: gateway?.rol === 'GATEWAY',
    requestId: incomingId && /^[\w-]{1,64}$/.test(incomingId) ? incomingId : randomUUID(),
    signal,
  }
}

/** Refuses anyone but the region's gateway, for what only the gateway may ask. */
export function requireGateway(caller: Pick<Caller, 'viaGateway'>, what: string): void {
  if (!caller.viaGateway) throw forbidden(`${what} is alleen voor de gateway van de regio.`)
}
