import { randomUUID } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose'
import { ISSUERS } from './issuers'

/** Algorithms accepted for signatures: asymmetric only, so that whoever verifies cannot sign. */
export const ALGORITHMS = ['ES256', 'EdDSA'] as const

/** One issuer's key pair: the private half signs, the public half is published as a JWKS. */
export interface SigningKey {
  issuer: string
  kid: string
  alg: string
  privateKey: CryptoKey
  publicJwk: JWK
}

/** Issuer name to the keys its tokens are verified with. */
export type TrustList = ReadonlyMap<string, JWTVerifyGetKey>

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const

export function publicPart(jwk: JWK): JWK {
  const out: JWK = { ...jwk }
  for (const member of PRIVATE_MEMBERS) delete (out as Record<string, unknown>)[member]
  return out
}

export async function signingKeyFromJwk(issuer: string, jwk: JWK): Promise<SigningKey> {
  if (!jwk.d) throw new Error(`The signing key of ${issuer} has no private part`)
  const alg = jwk.alg ?? (jwk.crv === 'Ed25519' ? 'EdDSA' : 'ES256')
  if (!(ALGORITHMS as readonly string[]).includes(alg)) {
    throw new Error(`The signing key of ${issuer} uses ${alg}; use ES256 or EdDSA`)
  }
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk))
  const privateKey = (await importJWK({ ...jwk, alg }, alg)) as CryptoKey
  return { issuer, kid, alg, privateKey, publicJwk: { ...publicPart(jwk), kid, alg, use: 'sig' } }
}

/** A fresh ES256 private JWK with its thumbprint as `kid`: a service's signing key. */
export async function generateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true })
  const jwk = await exportJWK(privateKey)
  return { ...jwk, alg: 'ES256', kid: await calculateJwkThumbprint(jwk) }
}

/** A fresh key for every issuer, in memory: for tests. */
export async function generateKeyRing(): Promise<Map<string, SigningKey>> {
  const ring = new Map<string, SigningKey>()
  for (const issuer of ISSUERS) ring.set(issuer, await signingKeyFromJwk(issuer, await generateJwk()))
  return ring
}

/** The file of an issuer's private demo key in `dir` (read by demoKeyRing). */
export const demoKeyFile = (dir: string, issuer: string) => join(dir, `${issuer}.private.jwk.json`)

/**
 * The demo keys of `npm start` and of services started on their own in development: one
 * private JWK per issuer in `<dir>`, made on first use and kept, so that tokens from
 * `npm run token` keep working across restarts. Never used when NODE_ENV=production.
 */
export async function demoKeyRing(dir: string): Promise<Map<string, SigningKey>> {
  mkdirSync(dir, { recursive: true })
  const ring = new Map<string, SigningKey>()
  for (const issuer of ISSUERS) {
    const file = demoKeyFile(dir, issuer)
    if (!existsSync(file)) await createOnce(file, JSON.stringify(await generateJwk(), null, 2) + '\n')
    ring.set(issuer, await signingKeyFromJwk(issuer, JSON.parse(readFileSync(file, 'utf8')) as JWK))
  }
  return ring
}

/**
 * Writes a key file unless one is there: written aside, then linked into place, which fails
 * when another process (a second service starting from the same folder) was first. Both then
 * use the winner's key.
 */
async function createOnce(file: string, content: string) {
  const aside = `${file}.${process.pid}.${randomUUID()}`
  writeFileSync(aside, content, { mode: 0o600 })
  try {
    linkSync(aside, file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  } finally {
    unlinkSync(aside)
  }
}

export const jwksOf = (...keys: SigningKey[]): JSONWebKeySet => ({ keys: keys.map((k) => k.publicJwk) })

/** Trusts every issuer of a key ring with its own public key only. */
export function trustFromKeyRing(ring: ReadonlyMap<string, SigningKey>): TrustList {
  return new Map([...ring].map(([issuer, key]) => [issuer, createLocalJWKSet(jwksOf(key))]))
}

/**
 * Trust from configuration: each issuer's JWKS at an https URL (fetched and cached, refetched
 * when an unknown `kid` appears, so a key rollover needs no restart) or in a file.
 */
export function trustFromLocations(
  locations: Record<string, string>,
  { production = false } = {},
): TrustList {
  return new Map(
    Object.entries(locations).map(([issuer, location]): [string, JWTVerifyGetKey] => {
      // Keys fetched over plain http can be swapped on the way: only on this host, or outside production.
      if (
        production &&
        /^http:\/\//.test(location) &&
        !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(location)
      ) {
        throw new Error(`AUTH_TRUSTED_ISSUERS: the keys of ${issuer} must come over https, not ${location}`)
      }
      if (/^https?:\/\//.test(location)) {
        return [issuer, createRemoteJWKSet(new URL(location), { cacheMaxAge: 10 * 60_000 })]
      }
      const jwks = JSON.parse(readFileSync(location.replace(/^file:/, ''), 'utf8')) as JSONWebKeySet | JWK
      return [issuer, createLocalJWKSet('keys' in jwks ? jwks : { keys: [publicPart(jwks as JWK)] })]
    }),
  )
}
