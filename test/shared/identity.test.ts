import { describe, expect, it } from 'vitest'
import { SignJWT } from 'jose'
import {
  authConfigFrom,
  DEVELOPMENT_SECRET,
  identityFromHeader,
  signToken,
  type AuthConfig,
  type Identity,
} from '../../shared/auth/identity'

const config: AuthConfig = authConfigFrom({
  AUTH_ISSUER: 'twents-model',
  AUTH_AUDIENCE: 'twents-model-graph',
})

const IDENTITIES: Identity[] = [
  { sub: 'tm-enschede-1', naam: 'Toegang Enschede', rol: 'TOEGANGSMEDEWERKER', gemeente: '0153' },
  { sub: 'aanbieder-12345678', naam: 'Zorg Twente', rol: 'AANBIEDER', agbCode: '12345678' },
  { sub: 'analist-1', naam: 'Analist Regio', rol: 'ANALIST' },
  { sub: 'ozjt-1', naam: 'Registerbeheer OZJT', rol: 'REGISTERBEHEERDER' },
]

/** The refusal a client sees: its message and extensions, or 'accepted' when there was none. */
async function refusal(header: string) {
  try {
    await identityFromHeader(header, config)
    return 'accepted'
  } catch (err) {
    const { message, extensions } = err as { message: string; extensions: unknown }
    return { message, extensions }
  }
}

const refused = (message: string) => ({
  message,
  extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
})

describe('identityFromHeader', () => {
  it.each(IDENTITIES)('gives back the identity of a signed $rol token', async (identity) => {
    const token = await signToken(identity, config)
    expect(await identityFromHeader(`Bearer ${token}`, config)).toEqual(identity)
  })

  it('treats a request without Authorization header as anonymous', async () => {
    expect(await identityFromHeader(undefined, config)).toBeNull()
  })

  it('refuses a token signed with another secret', async () => {
    const token = await signToken(IDENTITIES[0], {
      ...config,
      secret: 'another-secret-that-is-long-enough-1234',
    })
    expect(await refusal(`Bearer ${token}`)).toEqual(refused('The token is not valid.'))
  })

  it('refuses an expired token and says so', async () => {
    const token = await signToken(IDENTITIES[0], config, '-1s')
    expect(await refusal(`Bearer ${token}`)).toEqual(refused('The token has expired.'))
  })

  it('refuses a token for another audience', async () => {
    const token = await signToken(IDENTITIES[2], { ...config, audience: 'een-andere-dienst' })
    expect(await refusal(`Bearer ${token}`)).toEqual(refused('The token is not valid.'))
  })

  it('refuses a correctly signed toegangsmedewerker token that names no gemeente', async () => {
    const token = await new SignJWT({ naam: 'Toegang Nergens', rol: 'TOEGANGSMEDEWERKER' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('tm-zonder-gemeente')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(config.secret))
    expect(await refusal(`Bearer ${token}`)).toEqual(refused('The token does not carry a valid identity.'))
  })

  it('refuses a header that is not "Bearer <token>", and a bearer value that is no token', async () => {
    const token = await signToken(IDENTITIES[0], config)
    expect(
      await Promise.all(
        [`Basic ${token}`, 'Bearer', `Bearer ${token} extra`, 'Bearer geen.echt.token'].map(refusal),
      ),
    ).toEqual([
      refused('Authorization header must be "Bearer <token>".'),
      refused('Authorization header must be "Bearer <token>".'),
      refused('Authorization header must be "Bearer <token>".'),
      refused('The token is not valid.'),
    ])
  })
})

describe('authConfigFrom', () => {
  const defaults = { AUTH_ISSUER: 'twents-model', AUTH_AUDIENCE: 'twents-model-graph' }
  const productionError = 'AUTH_SECRET must be set to a real secret when NODE_ENV=production'

  it('refuses production without AUTH_SECRET', () => {
    expect(() => authConfigFrom({ ...defaults, NODE_ENV: 'production' })).toThrow(productionError)
  })

  it('refuses production with the development secret', () => {
    expect(() =>
      authConfigFrom({ ...defaults, NODE_ENV: 'production', AUTH_SECRET: DEVELOPMENT_SECRET }),
    ).toThrow(productionError)
  })

  it('uses a real secret in production, and the development secret elsewhere when none is set', () => {
    const secret = 'a-real-secret-of-at-least-32-characters!'
    expect(authConfigFrom({ ...defaults, NODE_ENV: 'production', AUTH_SECRET: secret })).toEqual({
      secret,
      ...issuerAndAudience,
    })
    expect(authConfigFrom({ ...defaults, NODE_ENV: 'development' })).toEqual({
      secret: DEVELOPMENT_SECRET,
      ...issuerAndAudience,
    })
  })

  const issuerAndAudience = { issuer: 'twents-model', audience: 'twents-model-graph' }
})
