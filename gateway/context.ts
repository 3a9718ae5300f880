import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { identityFromHeader, type AuthConfig, type Identity } from '../shared/auth/identity'

export interface GatewayContext {
  identity: Identity | null
  /** The caller's verified token, passed on so that every subgraph verifies it again. */
  authorization?: string
  requestId: string
  /** The purpose the caller states for processing personal data (header x-doel), passed on. */
  doel?: string
}

export function gatewayContext(auth: AuthConfig) {
  return async ({ req }: { req: IncomingMessage }): Promise<GatewayContext> => {
    const authorization = req.headers.authorization
    const identity = await identityFromHeader(authorization, auth)
    const incomingId = req.headers['x-request-id']
    const requestId =
      typeof incomingId === 'string' && /^[\w-]{1,64}$/.test(incomingId) ? incomingId : randomUUID()
    const doel = req.headers['x-doel']
    return {
      identity,
      authorization: identity ? authorization : undefined,
      requestId,
      doel: typeof doel === 'string' && /^[A-Z_]{1,50}$/.test(doel) ? doel : undefined,
    }
  }
}
