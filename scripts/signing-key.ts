// `npm run signing-key -- <issuer> <dir>`: a fresh ES256 key pair for one issuer (the gateway's
// `regio`, a gemeente's `gemeente-0153`, …). The private JWK goes to <dir>/private/<issuer>.jwk.json,
// for that service's AUTH_SIGNING_KEY only; the public key set to <dir>/public/<issuer>.jwks.json,
// for every service that trusts the issuer. Apart, so that a folder of public keys can be handed
// on whole (deploy/k8s/README.md).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ISSUERS } from '../shared/auth/issuers'
import { generateJwk, jwksOf, signingKeyFromJwk } from '../shared/auth/keys'

const [issuer, dir] = process.argv.slice(2)
if (!issuer || !dir || !(ISSUERS as readonly string[]).includes(issuer)) {
  process.stderr.write(`usage: npm run signing-key -- <${ISSUERS.join('|')}> <dir>\n`)
  process.exit(2)
}
const privateFile = join(dir, 'private', `${issuer}.jwk.json`)
const publicFile = join(dir, 'public', `${issuer}.jwks.json`)
for (const file of [privateFile, publicFile]) {
  if (existsSync(file)) {
    process.stderr.write(`${file} exists: a key is never overwritten (move it away first)\n`)
    process.exit(1)
  }
}
const jwk = await generateJwk()
const key = await signingKeyFromJwk(issuer, jwk)
mkdirSync(join(dir, 'private'), { recursive: true, mode: 0o700 })
mkdirSync(join(dir, 'public'), { recursive: true })
writeFileSync(privateFile, JSON.stringify(jwk, null, 2) + '\n', { mode: 0o600, flag: 'wx' })
writeFileSync(publicFile, JSON.stringify(jwksOf(key), null, 2) + '\n', { flag: 'wx' })
process.stdout.write(`${issuer}: ${privateFile} (keep secret) and ${publicFile} (kid ${key.kid})\n`)
