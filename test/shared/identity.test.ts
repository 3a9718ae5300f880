import { describe, expect, it, vi } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import {
  identityFromHeader,
  loadAuth,
  signClaims,
  type AuthSettings,
  type Identity,
} from '../../shared/auth/identity'
import { issuerFor } from '../../shared/auth/issuers'
import { generateKeyRing } from '../../shared/auth/keys'
import { TEST_AUTH, TEST_KEYS, tokenFor } from '../harness/stack'

const IDENTITIES: Identity[] = [
  { sub: 'tm-enschede-1', naam: 'Toegang Enschede', rol: 'TOEGANGSMEDEWERKER', gemeente: '0153' },
  { sub: 'gs-0153', naam: 'Gemeente 0153', rol: 'GEMEENTESYSTEEM', gemeente: '0153' },
  { sub: 'aanbieder-12345678', naam: 'Zorg Twente', rol: 'AANBIEDER', agbCode: '12345678' },
  { sub: 'analist-1', naam: 'Analist Regio', rol: 'ANALIST' },
  { sub: 'ozjt-1', naam: 'Registerbeheer OZJT', rol: 'REGISTERBEHEERDER' },
  { sub: 'digid-1', naam: 'Inwoner', rol: 'INWONER', bsn: '999993653' },
  { sub: 'gateway', naam: 'Gateway', rol: 'GATEWAY' },
]
const medewerker = IDENTITIES[0]
const now = () => Math.floor(Date.now() / 1000)

/** The refusal a client sees: its message and extensions, or 'accepted' when there was none. */
async function refusal(header: string) {
  try {
    await identityFromHeader(header, TEST_AUTH)
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

/** Signs claims as given with an issuer's test key, as the token tool does. */
const signed = (claims: Record<string, unknown>, issuer = issuerFor(claims)!) =>
  signClaims(claims, TEST_KEYS.get(issuer)!, TEST_AUTH)

describe('identityFromHeader', () => {
  it.each(IDENTITIES)(
    'gives back the identity of a $rol token signed by its own issuer',
    async (identity) => {
      expect(await identityFromHeader(`Bearer ${await tokenFor(identity)}`, TEST_AUTH)).toEqual(identity)
    },
  )

  it('treats a request without Authorization header as anonymous', async () => {
    expect(await identityFromHeader(undefined, TEST_AUTH)).toBeNull()
  })

  it('refuses an HS256 token, whatever secret signed it', async () => {
    const token = await new SignJWT({ ...medewerker })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('gemeente-0153')
      .setAudience('twents-model-graph')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-characters'))
    expect(await refusal(`Bearer ${token}`)).toEqual(
      refused('Tokens signed with HS256 are refused; use ES256 or EdDSA.'),
    )
  })

  it('refuses a token without exp, one that lives too long, and one issued in the future', async () => {
    expect(await refusal(`Bearer ${await signed({ ...medewerker, exp: null })}`)).toEqual(
      refused('The token has no expiry (exp).'),
    )
    const eeuw = now() + 100 * 365 * 24 * 3600
    expect(await refusal(`Bearer ${await signed({ ...medewerker, exp: eeuw })}`)).toEqual(
      refused('The token lives longer than the 3600 seconds allowed for this role.'),
    )
    const toekomst = now() + 10 * 365 * 24 * 3600
    expect(
      await refusal(`Bearer ${await signed({ ...medewerker, iat: toekomst, exp: toekomst + 60 })}`),
    ).toEqual(refused('The token is issued in the future (iat).'))
    expect(await refusal(`Bearer ${await signed({ ...medewerker, nbf: now() + 3600 })}`)).toEqual(
      refused('The token is not valid yet (nbf).'),
    )
  })

  it('gives service tokens five minutes, not an hour', async () => {
    const system = IDENTITIES[1]
    expect(await refusal(`Bearer ${await signed({ ...system, exp: now() + 3600 })}`)).toEqual(
      refused('The token lives longer than the 300 seconds allowed for this role.'),
    )
    expect(await refusal(`Bearer ${await signed({ ...system, exp: now() + 290 })}`)).toBe('accepted')
  })

  it('stops believing a token it verified before once the token expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const token = await signed({ ...medewerker, exp: now() + 10 })
      expect(await refusal(`Bearer ${token}`)).toBe('accepted')
      vi.setSystemTime(Date.now() + 5_000)
      expect(await refusal(`Bearer ${token}`)).toBe('accepted')
      // Past its exp and the minute of skew tolerated: the earlier verification does not carry it.
      vi.setSystemTime(Date.now() + 70_000)
      expect(await refusal(`Bearer ${token}`)).toEqual(refused('The token has expired.'))
    } finally {
      vi.useRealTimers()
    }
  })

  it('tolerates a minute of clock skew between servers', async () => {
    expect(await refusal(`Bearer ${await signed({ ...medewerker, iat: now() + 30 })}`)).toBe('accepted')
  })

  it('refuses an expired token and says so', async () => {
    const token = await signed({ ...medewerker, iat: now() - 600, exp: now() - 120 })
    expect(await refusal(`Bearer ${token}`)).toEqual(refused('The token has expired.'))
  })

  it('refuses one gemeente asserting the staff of another, and any issuer asserting roles not its own', async () => {
    expect(await refusal(`Bearer ${await signed(medewerker, 'gemeente-0147')}`)).toEqual(
      refused('Issuer gemeente-0147 may not assert a TOEGANGSMEDEWERKER identity.'),
    )
    expect(await refusal(`Bearer ${await signed(IDENTITIES[3], 'gemeente-0153')}`)).toEqual(
      refused('Issuer gemeente-0153 may not assert a ANALIST identity.'),
    )
    expect(await refusal(`Bearer ${await signed(IDENTITIES[2], 'regio')}`)).toEqual(
      refused('Issuer regio may not assert a AANBIEDER identity.'),
    )
    expect(await refusal(`Bearer ${await signed(IDENTITIES[6], 'register')}`)).toEqual(
      refused('Issuer register may not assert a GATEWAY identity.'),
    )
    expect(await refusal(`Bearer ${await signed(medewerker, 'inwonerlogin')}`)).toEqual(
      refused('Issuer inwonerlogin may not assert a TOEGANGSMEDEWERKER identity.'),
    )
  })

  it('refuses a resident token that claims a gemeente: where someone lives is the gemeente’s record', async () => {
    const token = await signed({ ...IDENTITIES[5], gemeente: '0153' })
    expect(await refusal(`Bearer ${token}`)).toEqual(refused('The token does not carry a valid identity.'))
  })

  it('refuses a token that names a trusted issuer but is signed with another key', async () => {
    const other = await generateKeyRing()
    const token = await signClaims({ ...medewerker }, other.get('gemeente-0153')!, TEST_AUTH)
    expect(await refusal(`Bearer ${token}`)).toEqual(refused('The token is not valid.'))
  })

  it('refuses a token from an issuer nobody trusts, and one for another audience', async () => {
    const trustsOnlyTheRegion = { ...TEST_AUTH, trust: new Map([['regio', TEST_AUTH.trust.get('regio')!]]) }
    const token = await tokenFor(medewerker)
    await expect(identityFromHeader(`Bearer ${token}`, trustsOnlyTheRegion)).rejects.toThrow(
      'The token comes from an issuer this graph does not trust.',
    )
    const elders = await signed({ ...IDENTITIES[3], aud: 'een-andere-dienst' })
    expect(await refusal(`Bearer ${elders}`)).toEqual(refused('The token is not valid.'))
  })

  it('refuses a correctly signed toegangsmedewerker token that names no gemeente', async () => {
    const token = await signed(
      { sub: 'tm', naam: 'Toegang Nergens', rol: 'TOEGANGSMEDEWERKER' },
      'gemeente-0153',
    )
    expect(await refusal(`Bearer ${token}`)).toEqual(refused('The token does not carry a valid identity.'))
  })

  it('refuses a header that is not "Bearer <token>", and a bearer value that is no token', async () => {
    const token = await tokenFor(medewerker)
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

describe('loadAuth', () => {
  const settings = (extra: Partial<AuthSettings> = {}): AuthSettings => ({
    AUTH_AUDIENCE: 'twents-model-graph',
    AUTH_MAX_TOKEN_LIFETIME_S: 3600,
    AUTH_MAX_SERVICE_TOKEN_LIFETIME_S: 300,
    DEMO_DATA_DIR: mkdtempSync(join(tmpdir(), 'twents-keys-')),
    ...extra,
  })

  it('refuses production without a trust list, and a signing service without its key', async () => {
    await expect(
      loadAuth(settings({ NODE_ENV: 'production' }), { issuer: null, signs: false }),
    ).rejects.toThrow(
      'NODE_ENV=production needs AUTH_TRUSTED_ISSUERS: demo keys are never used in production',
    )
    await expect(
      loadAuth(settings({ NODE_ENV: 'production', AUTH_TRUSTED_ISSUERS: { regio: '/dev/null' } }), {
        issuer: 'regio',
        signs: true,
      }),
    ).rejects.toThrow('NODE_ENV=production needs AUTH_SIGNING_KEY')
  })

  it('verifies with the configured JWKS files and signs with the configured key in production', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twents-jwks-'))
    const { privateKey } = await generateKeyPair('ES256', { extractable: true })
    const privateJwk = { ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'regio-2026' }
    writeFileSync(join(dir, 'regio.private.jwk.json'), JSON.stringify(privateJwk))
    const { d: _private, ...publicJwk } = privateJwk
    writeFileSync(join(dir, 'regio.jwks.json'), JSON.stringify({ keys: [publicJwk] }))
    const auth = await loadAuth(
      settings({
        NODE_ENV: 'production',
        AUTH_TRUSTED_ISSUERS: { regio: join(dir, 'regio.jwks.json') },
        AUTH_SIGNING_KEY: join(dir, 'regio.private.jwk.json'),
      }),
      { issuer: 'regio', signs: true },
    )
    expect(auth.signer).toMatchObject({ issuer: 'regio', kid: 'regio-2026' })
    const token = await signClaims({ ...IDENTITIES[3] }, auth.signer!, auth)
    expect(await identityFromHeader(`Bearer ${token}`, auth)).toEqual(IDENTITIES[3])
    // Only the configured issuers are trusted: a gemeente's token is not.
    await expect(identityFromHeader(`Bearer ${await tokenFor(medewerker)}`, auth)).rejects.toThrow(
      'does not trust',
    )
  })

  it('refuses keys fetched over plain http in production, except from this host', async () => {
    const production = (url: string) =>
      loadAuth(settings({ NODE_ENV: 'production', AUTH_TRUSTED_ISSUERS: { regio: url } }), {
        issuer: null,
        signs: false,
      })
    await expect(production('http://regio.example/.well-known/jwks.json')).rejects.toThrow(
      'AUTH_TRUSTED_ISSUERS: the keys of regio must come over https',
    )
    await expect(production('https://regio.example/.well-known/jwks.json')).resolves.toBeDefined()
    await expect(production('http://127.0.0.1:4000/.well-known/jwks.json')).resolves.toBeDefined()
  })

  it('gives a service that only publishes an issuer’s keys no private key', async () => {
    const auth = await loadAuth(settings(), { issuer: 'register', signs: false, self: 'aanbieders' })
    expect(auth.signer).toBeUndefined()
    expect(auth.published?.keys).toHaveLength(1)
    expect(auth.published?.keys[0]).not.toHaveProperty('d')
  })

  it('makes demo keys once in development and keeps them', async () => {
    const s = settings()
    const first = await loadAuth(s, { issuer: 'gemeente-0153', signs: true })
    const again = await loadAuth(s, { issuer: 'gemeente-0153', signs: true })
    expect(again.signer!.kid).toBe(first.signer!.kid)
    const token = await signClaims({ ...medewerker }, first.signer!, first)
    expect(await identityFromHeader(`Bearer ${token}`, again)).toEqual(medewerker)
  })
})
