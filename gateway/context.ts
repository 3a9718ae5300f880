import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { identityFromHeader, type AuthConfig, type Identity } from '../shared/auth/identity'

export interface GatewayContext {
  identity: Identity | null
  /** The caller's verified token, passed on so that every subgraph verifies it again. */
  authorization?: string
  requestId: string
}

export function gatewayContext(auth: AuthConfig) {
  return async ({ req }: { req: IncomingMessage }): Promise<GatewayContext> => {
    const authorization = req.headers.authorization
    const identity = await identityFromHeader(authorization, auth)
    const incomingId = req.headers['x-request-id']
    const requestId = typeof incomingId === 'string' && /^[\w-]{1,64}$/.test(incomingId) ? incomingId : randomUUID()
    return { identity, authorization: identity ? authorization : undefined, requestId }
  }
}
