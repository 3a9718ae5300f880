import type { TypedDocumentString } from '../generated/graphql'

const TOKEN_KEY = 'twents-model-graph.token'

/**
 * Signs in from the address: `#token=<jwt>` is kept for this tab only (sessionStorage) and taken
 * out of the address bar and its history, so that it is not bookmarked, shared or shown.
 * A real deployment puts its OpenID Connect login here instead (see the README).
 */
export function tokenFromAddress(): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1))
  const fromFragment = fragment.get('token')
  if (fromFragment) {
    sessionStorage.setItem(TOKEN_KEY, fromFragment)
    history.replaceState(null, '', window.location.pathname + window.location.search)
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY)
}

/** The claims the page shows (role, gemeente): read, not trusted; the gateway checks the token. */
export interface TokenClaims {
  rol?: string
  naam?: string
  gemeente?: string
  exp?: number
}

export function claimsOf(token: string): TokenClaims {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')
    return JSON.parse(decodeURIComponent(escape(atob(payload)))) as TokenClaims
  } catch {
    return {}
  }
}

export interface GraphQLErrorItem {
  message: string
  path?: (string | number)[]
  extensions?: { code?: string; gemeente?: string; [key: string]: unknown }
}

/** An answer with the errors beside the data: one gemeente down costs only its part. */
export interface Answer<T> {
  data: T | null
  errors: GraphQLErrorItem[]
}

/** The whole request failed: no data at all (network, signed out, refused). */
export class RequestFailed extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message)
  }
}

/** Sends a typed operation to the gateway's GraphQL endpoint with the token, as any client does. */
export async function request<T, V>(
  token: string,
  document: TypedDocumentString<T, V>,
  variables: V,
): Promise<Answer<T>> {
  let response: Response
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: document.toString(), variables }),
    })
  } catch {
    throw new RequestFailed('De server is niet bereikbaar. Probeer het later opnieuw.')
  }
  const body = (await response.json().catch(() => null)) as {
    data?: T | null
    errors?: GraphQLErrorItem[]
  } | null
  if (!body) throw new RequestFailed(`De server gaf geen antwoord (${response.status}).`)
  const errors = body.errors ?? []
  if (!body.data)
    throw new RequestFailed(errors[0]?.message ?? 'Er ging iets mis.', errors[0]?.extensions?.code)
  return { data: body.data, errors }
}

/** A fresh idempotency key per action: sending the same action twice does it once. */
export const idempotentieSleutel = () => crypto.randomUUID()
