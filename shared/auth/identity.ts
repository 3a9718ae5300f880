import { join } from 'node:path'
import {
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
} from 'jose'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { GraphQLError } from 'graphql'
import { ErrorCode } from '../errors'
import { isGemeenteCode } from '../gemeenten'
import { isValidBsn } from '../ijw/identifiers'
import { pairList } from '../pair-list'
import { ISSUERS, issuerFor, SERVICE_ROLES } from './issuers'
import {
  ALGORITHMS,
  demoKeyRing,
  jwksOf,
  signingKeyFromJwk,
  trustFromKeyRing,
  trustFromLocations,
  type SigningKey,
  type TrustList,
} from './keys'

/**
 * The kinds of caller. A toegangsmedewerker works for one gemeente; an aanbieder is a provider
 * signed in as itself (its AGB code); the analyst sees regional figures only; the registry
 * manager works for OZJT; an inwoner is a resident signed in as themself (BSN); a
 * gemeentesysteem is a gemeente's own service delivering its reports to the registry; the
 * gateway is the region's gateway calling the subgraphs as itself; a contractbeheerder manages
 * the contracts a gemeente with its own procurement (Almelo, Hof van Twente) buys itself.
 */
export const ROLLEN = [
  'TOEGANGSMEDEWERKER',
  'AANBIEDER',
  'ANALIST',
  'REGISTERBEHEERDER',
  'INWONER',
  'GEMEENTESYSTEEM',
  'GATEWAY',
  'CONTRACTBEHEERDER',
] as const
export type Rol = (typeof ROLLEN)[number]

const claimsSchema = z
  .object({
    sub: z.string().min(1).max(200),
    naam: z.string().min(1).max(200),
    rol: z.enum(ROLLEN),
    gemeente: z.string().refine(isGemeenteCode, 'not a Twentse gemeente code').optional(),
    agbCode: z
      .string()
      .regex(/^\d{8}$/)
      .optional(),
    bsn: z.string().refine(isValidBsn, 'not a valid BSN').optional(),
  })
  .superRefine((c, ctx) => {
    const needs = (ok: boolean, message: string) => ok || ctx.addIssue({ code: 'custom', message })
    if (c.rol === 'TOEGANGSMEDEWERKER' || c.rol === 'GEMEENTESYSTEEM' || c.rol === 'CONTRACTBEHEERDER')
      needs(!!c.gemeente, 'gemeente required')
    if (c.rol === 'AANBIEDER') needs(!!c.agbCode, 'agbCode required')
    // Where a resident lives is what the gemeente's records say; the login only knows the BSN.
    if (c.rol === 'INWONER') needs(!!c.bsn && !c.gemeente, 'bsn required, gemeente not allowed')
  })

export type Identity = z.infer<typeof claimsSchema>

export interface AuthConfig {
  audience: string
  /** Which issuers are trusted, each with its own public keys. */
  trust: TrustList
  /** This service's own key, when it signs tokens of its own (a gemeente's system, the gateway). */
  signer?: SigningKey
  /**
   * This service's name as the audience of the gateway's token (`catalogus`, `aanbieders`,
   * `gemeente-0153`); absent at the gateway itself.
   */
  self?: string
  /** The public keys this service publishes at /.well-known/jwks.json. */
  published?: JSONWebKeySet
  /** The longest lifetime (exp - iat) accepted: people's tokens, and services' tokens. */
  maxLifetimeSeconds: { person: number; service: number }
}

const issuerLocations = pairList(
  '<issuer>=<JWKS URL or file>',
  (issuer, location) => (ISSUERS as readonly string[]).includes(issuer) && location.length > 0,
).optional()

/** Token settings every service has; see the README's "Keys and trust". */
export const authConfigSchema = {
  AUTH_AUDIENCE: z.string().default('twents-model-graph'),
  AUTH_TRUSTED_ISSUERS: issuerLocations,
  AUTH_SIGNING_KEY: z.string().min(1).optional(),
  AUTH_PUBLISHED_JWKS: z.string().min(1).optional(),
  AUTH_MAX_TOKEN_LIFETIME_S: z.coerce.number().int().min(60).default(3600),
  AUTH_MAX_SERVICE_TOKEN_LIFETIME_S: z.coerce.number().int().min(30).default(300),
  DEMO_DATA_DIR: z.string().default('.data/demo'),
  NODE_ENV: z.string().optional(),
}

export interface AuthSettings {
  AUTH_AUDIENCE: string
  AUTH_TRUSTED_ISSUERS?: Record<string, string>
  AUTH_SIGNING_KEY?: string
  AUTH_PUBLISHED_JWKS?: string
  AUTH_MAX_TOKEN_LIFETIME_S: number
  AUTH_MAX_SERVICE_TOKEN_LIFETIME_S: number
  DEMO_DATA_DIR: string
  NODE_ENV?: string
}

export const demoKeyDir = (dataDir: string) => join(dataDir, 'keys')

/**
 * Builds a service's token settings. In production the trust list and (for a service that
 * signs) the signing key must be configured; in development whatever is missing comes from
 * the demo keys in DEMO_DATA_DIR, the same ones `npm start` and `npm run token` use.
 */
/** What a service is in the trust picture. */
export interface ServiceRole {
  /** The issuer this service publishes keys for at /.well-known/jwks.json, if any. */
  issuer: string | null
  /** Whether it signs tokens itself and so needs the private key (a gemeente, the gateway). */
  signs: boolean
  /** Its name as the audience of the gateway's token; absent at the gateway. */
  self?: string
}

/**
 * Builds a service's token settings. In production the trust list and (for a service that
 * signs) the signing key must be configured; in development whatever is missing comes from
 * the demo keys in DEMO_DATA_DIR, the same ones `npm start` and `npm run token` use. A service
 * that only publishes an issuer's keys (the registry, whose staff's tokens its identity
 * provider signs) never holds a private key.
 */
export async function loadAuth(settings: AuthSettings, role: ServiceRole): Promise<AuthConfig> {
  const production = settings.NODE_ENV === 'production'
  if (production) {
    const missing = [
      !settings.AUTH_TRUSTED_ISSUERS && 'AUTH_TRUSTED_ISSUERS',
      role.signs && !settings.AUTH_SIGNING_KEY && 'AUTH_SIGNING_KEY',
    ].filter(Boolean)
    if (missing.length) {
      throw new Error(
        `NODE_ENV=production needs ${missing.join(' and ')}: demo keys are never used in production`,
      )
    }
  }
  const needsDemo =
    !settings.AUTH_TRUSTED_ISSUERS ||
    (role.signs && !settings.AUTH_SIGNING_KEY) ||
    (role.issuer && !role.signs && !settings.AUTH_PUBLISHED_JWKS)
  const demo = needsDemo ? await demoKeyRing(demoKeyDir(settings.DEMO_DATA_DIR)) : null
  const trust = settings.AUTH_TRUSTED_ISSUERS
    ? trustFromLocations(settings.AUTH_TRUSTED_ISSUERS, { production })
    : trustFromKeyRing(demo!)
  let signer: SigningKey | undefined
  if (role.issuer && role.signs) {
    signer = settings.AUTH_SIGNING_KEY
      ? await signingKeyFromJwk(
          role.issuer,
          JSON.parse(readFileSync(settings.AUTH_SIGNING_KEY, 'utf8')) as JWK,
        )
      : demo!.get(role.issuer)
  }
  // Published: the configured key set (several keys during a rollover, or the identity
  // provider's beside the service's own), else the signing key's public half.
  const published: JSONWebKeySet | undefined = settings.AUTH_PUBLISHED_JWKS
    ? (JSON.parse(readFileSync(settings.AUTH_PUBLISHED_JWKS, 'utf8')) as JSONWebKeySet)
    : signer
      ? jwksOf(signer)
      : role.issuer && demo?.get(role.issuer)
        ? jwksOf(demo.get(role.issuer)!)
        : undefined
  return {
    audience: settings.AUTH_AUDIENCE,
    trust,
    signer,
    published,
    self: role.self,
    maxLifetimeSeconds: {
      person: settings.AUTH_MAX_TOKEN_LIFETIME_S,
      service: settings.AUTH_MAX_SERVICE_TOKEN_LIFETIME_S,
    },
  }
}

export const isServiceRole = (rol: unknown) => SERVICE_ROLES.includes(rol as string)

/** The longest lifetime a role's token may have: minutes for services, an hour for people. */
const maxLifetimeOf = (rol: unknown, max: AuthConfig['maxLifetimeSeconds']) =>
  isServiceRole(rol) ? max.service : max.person

/**
 * Signs a set of claims as they are, with iss, aud, iat and exp filled in where absent (exp:
 * the longest lifetime the role allows) and a claim given as null left out. The token tool
 * uses it to make any token, wrong ones included; services sign through `signToken`.
 */
export async function signClaims(
  claims: Record<string, unknown>,
  key: SigningKey,
  options: { audience: string; maxLifetimeSeconds: AuthConfig['maxLifetimeSeconds'] },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const lifetime = maxLifetimeOf(claims.rol, options.maxLifetimeSeconds)
  const filled: Record<string, unknown> = {
    iss: key.issuer,
    aud: options.audience,
    iat: now,
    exp: now + lifetime,
    ...claims,
  }
  const payload = Object.fromEntries(Object.entries(filled).filter(([, value]) => value !== null))
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey)
}

/** Signs an identity with the given issuer's key, for the longest lifetime its role allows. */
export async function signToken(
  identity: Identity,
  key: SigningKey,
  config: Pick<AuthConfig, 'audience' | 'maxLifetimeSeconds'>,
): Promise<string> {
  return signClaims(claimsSchema.parse(identity), key, config)
}

/** Signs an identity with the key of the issuer that speaks for it, from a ring of keys. */
export function signWithRing(
  identity: Identity,
  ring: ReadonlyMap<string, SigningKey>,
  config: Pick<AuthConfig, 'audience' | 'maxLifetimeSeconds'>,
): Promise<string> {
  const key = ring.get(issuerFor(identity) ?? '')
  if (!key) throw new Error(`No issuer may sign a ${identity.rol} identity`)
  return signToken(identity, key, config)
}

/** A gemeente's own systems as a caller: its outbox to the registry, its counts to the catalogue. */
export const gemeentesysteem = (gemeenteCode: string): Identity => ({
  sub: `gemeentesysteem-${gemeenteCode}`,
  naam: `Gemeente ${gemeenteCode}`,
  rol: 'GEMEENTESYSTEEM',
  gemeente: gemeenteCode,
})

/**
 * Every gateway or subgraph that signs its own service tokens keeps one and renews it early.
 * `audience` binds the token to the one service it is for (the gateway's tokens name their
 * target), so that whoever receives it cannot use it elsewhere.
 */
export function serviceTokenSource(
  identity: Identity,
  config: AuthConfig,
  audience = config.audience,
): () => Promise<string> {
  if (!config.signer) throw new Error(`This service has no signing key for its ${identity.rol} token`)
  const signer = config.signer
  let current: { token: Promise<string>; renewAt: number } | null = null
  return () => {
    const now = Date.now()
    if (!current || now >= current.renewAt) {
      const token = signToken(identity, signer, { ...config, audience })
      // Renewed at half its lifetime, so that a token in flight never expires on the way.
      current = { token, renewAt: now + (config.maxLifetimeSeconds.service * 1000) / 2 }
      token.catch(() => (current = null))
    }
    return current.token
  }
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } })

/** Clock skew tolerated between the fourteen gemeenten' servers and the region's. */
const CLOCK_TOLERANCE_S = 60

/**
 * Tokens verified lately, per token settings. A caller's token comes with every fetch of its
 * request and the gateway's own with every fetch for minutes: each is checked once, and then
 * believed until its `exp`, but at most VERIFIED_FOR_MS, so that a key withdrawn from the trust
 * list stops working within that time. Only verified tokens are kept; a refusal is not cached.
 */
const verified = new WeakMap<AuthConfig, Map<string, { identity: Identity; until: number }>>()
const VERIFIED_FOR_MS = 30_000
const VERIFIED_MAX = 10_000

/**
 * Verifies a token and returns the identity it carries, or throws UNAUTHENTICATED with the
 * reason. The token must be signed (ES256 or EdDSA, never HS*) by a trusted issuer that may
 * assert this identity, carry `exp` within the role's maximum lifetime, and not be issued
 * in the future.
 */
export async function verifyToken(
  token: string,
  config: AuthConfig,
  audience = config.audience,
): Promise<Identity> {
  let cache = verified.get(config)
  if (!cache) verified.set(config, (cache = new Map()))
  const key = `${audience}\n${token}`
  const now = Date.now()
  const hit = cache.get(key)
  if (hit && hit.until > now) return hit.identity
  const { identity, exp } = await verifyUncached(token, config, audience)
  if (cache.size >= VERIFIED_MAX) cache.delete(cache.keys().next().value!)
  cache.set(key, { identity, until: Math.min(now + VERIFIED_FOR_MS, exp * 1000) })
  return identity
}

async function verifyUncached(
  token: string,
  config: AuthConfig,
  audience: string,
): Promise<{ identity: Identity; exp: number }> {
  let header: ReturnType<typeof decodeProtectedHeader>
  let unverified: ReturnType<typeof decodeJwt>
  try {
    header = decodeProtectedHeader(token)
    unverified = decodeJwt(token)
  } catch {
    throw unauthenticated('The token is not valid.')
  }
  if (!(ALGORITHMS as readonly string[]).includes(header.alg ?? '')) {
    throw unauthenticated(`Tokens signed with ${header.alg} are refused; use ES256 or EdDSA.`)
  }
  const issuer = typeof unverified.iss === 'string' ? unverified.iss : ''
  const keys = config.trust.get(issuer)
  if (!keys) throw unauthenticated('The token comes from an issuer this graph does not trust.')
  let payload: Record<string, unknown>
  try {
    ;({ payload } = await jwtVerify(token, keys, {
      issuer,
      audience,
      algorithms: [...ALGORITHMS],
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_S,
    }))
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired.')
    if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'exp') {
      throw unauthenticated('The token has no expiry (exp).')
    }
    if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'nbf') {
      throw unauthenticated('The token is not valid yet (nbf).')
    }
    throw unauthenticated('The token is not valid.')
  }
  const now = Math.floor(Date.now() / 1000)
  const iat = typeof payload.iat === 'number' ? payload.iat : undefined
  if (iat !== undefined && iat > now + CLOCK_TOLERANCE_S) {
    throw unauthenticated('The token is issued in the future (iat).')
  }
  const max = maxLifetimeOf(payload.rol, config.maxLifetimeSeconds)
  if ((payload.exp as number) - (iat ?? now) > max) {
    throw unauthenticated(`The token lives longer than the ${max} seconds allowed for this role.`)
  }
  const parsed = claimsSchema.safeParse(payload)
  if (!parsed.success) throw unauthenticated('The token does not carry a valid identity.')
  if (issuerFor(parsed.data) !== issuer) {
    throw unauthenticated(`Issuer ${issuer} may not assert a ${parsed.data.rol} identity.`)
  }
  return { identity: parsed.data, exp: payload.exp as number }
}

/**
 * Reads the caller from an Authorization header, for `audience` (the graph's, or one service's
 * own name for a token meant for that service only). No header: an anonymous caller, who may read
 * public data only. A header that does not verify is refused outright, never downgraded to
 * anonymous, so that a client with an expired token learns it.
 */
export async function identityFromHeader(
  header: string | undefined,
  config: AuthConfig,
  audience = config.audience,
): Promise<Identity | null> {
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>".')
  return verifyToken(match[1], config, audience)
}
