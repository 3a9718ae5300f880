import { jwtVerify, SignJWT, errors as joseErrors } from 'jose'
import { z } from 'zod'
import { GraphQLError } from 'graphql'
import { ErrorCode } from '../errors'
import { isGemeenteCode } from '../gemeenten'
import { isValidBsn } from '../ijw/identifiers'

/**
 * The kinds of caller. A toegangsmedewerker works for one gemeente; an aanbieder is a provider
 * signed in as itself (its AGB code); the analyst sees regional figures only; the registry
 * manager works for OZJT; an inwoner is a resident signed in as themself (BSN, gemeente); a
 * gemeentesysteem is a gemeente's own service delivering its reports to the registry.
 */
export const ROLLEN = [
  'TOEGANGSMEDEWERKER',
  'AANBIEDER',
  'ANALIST',
  'REGISTERBEHEERDER',
  'INWONER',
  'GEMEENTESYSTEEM',
] as const
export type Rol = (typeof ROLLEN)[number]

const claimsSchema = z
  .object({
    sub: z.string().min(1),
    naam: z.string().min(1),
    rol: z.enum(ROLLEN),
    gemeente: z.string().refine(isGemeenteCode, 'not a Twentse gemeente code').optional(),
    agbCode: z
      .string()
      .regex(/^\d{8}$/)
      .optional(),
    bsn: z.string().refine(isValidBsn, 'not a valid BSN').optional(),
  })
  .superRefine((c, ctx) => {
    if (c.rol === 'TOEGANGSMEDEWERKER' && !c.gemeente)
      ctx.addIssue({ code: 'custom', message: 'gemeente required' })
    if (c.rol === 'AANBIEDER' && !c.agbCode) ctx.addIssue({ code: 'custom', message: 'agbCode required' })
    if (c.rol === 'INWONER' && (!c.bsn || !c.gemeente))
      ctx.addIssue({ code: 'custom', message: 'bsn and gemeente required' })
    if (c.rol === 'GEMEENTESYSTEEM' && !c.gemeente)
      ctx.addIssue({ code: 'custom', message: 'gemeente required' })
  })

export type Identity = z.infer<typeof claimsSchema>

/** Marked so that nobody mistakes it for a real key; refused when NODE_ENV=production. */
export const DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production!'

export interface AuthConfig {
  secret: string
  issuer: string
  audience: string
}

export const authConfigSchema = {
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_ISSUER: z.string().default('twents-model'),
  AUTH_AUDIENCE: z.string().default('twents-model-graph'),
  NODE_ENV: z.string().optional(),
}

export function authConfigFrom(env: {
  AUTH_SECRET?: string
  AUTH_ISSUER: string
  AUTH_AUDIENCE: string
  NODE_ENV?: string
}): AuthConfig {
  if (env.NODE_ENV === 'production' && (!env.AUTH_SECRET || env.AUTH_SECRET === DEVELOPMENT_SECRET)) {
    throw new Error('AUTH_SECRET must be set to a real secret when NODE_ENV=production')
  }
  return {
    secret: env.AUTH_SECRET ?? DEVELOPMENT_SECRET,
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
  }
}

const key = (config: AuthConfig) => new TextEncoder().encode(config.secret)

export async function signToken(identity: Identity, config: AuthConfig, expiresIn = '8h'): Promise<string> {
  const { sub, ...claims } = claimsSchema.parse(identity)
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(config))
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } })

/**
 * Reads the caller from an Authorization header. No header: an anonymous caller, who may read
 * public data only. A header that does not verify is refused outright, never downgraded to
 * anonymous, so that a client with an expired token learns it.
 */
export async function identityFromHeader(
  header: string | undefined,
  config: AuthConfig,
): Promise<Identity | null> {
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>".')
  try {
    const { payload } = await jwtVerify(match[1], key(config), {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ['HS256'],
    })
    const parsed = claimsSchema.safeParse(payload)
    if (!parsed.success) throw unauthenticated('The token does not carry a valid identity.')
    return parsed.data
  } catch (err) {
    if (err instanceof GraphQLError) throw err
    if (err instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired.')
    throw unauthenticated('The token is not valid.')
  }
}
