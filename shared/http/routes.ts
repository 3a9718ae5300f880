import type { AuthConfig } from '../auth/identity'
import type { Routes } from './serve'

/**
 * A service that speaks for an issuer publishes its public keys, so that the others can trust
 * it by URL (AUTH_TRUSTED_ISSUERS) and follow a key rollover without a restart.
 */
export function jwksRoute(auth: AuthConfig): Routes {
  const body = auth.published
  if (!body) return {}
  return {
    'GET /.well-known/jwks.json': () => ({
      status: 200,
      body,
      headers: { 'cache-control': 'public, max-age=300' },
    }),
  }
}
