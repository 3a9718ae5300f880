import type { AuthConfig } from '../auth/identity'
import { jwksOf } from '../auth/keys'
import type { Routes } from './serve'

/**
 * A service that signs tokens of its own publishes its public key, so that the others can
 * trust it by URL (AUTH_TRUSTED_ISSUERS) and follow a key rollover without a restart.
 */
export function jwksRoute(auth: AuthConfig): Routes {
  if (!auth.signer) return {}
  const body = jwksOf(auth.signer)
  return {
    'GET /.well-known/jwks.json': () => ({
      status: 200,
      body,
      headers: { 'cache-control': 'public, max-age=300' },
    }),
  }
}
