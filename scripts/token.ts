// `npm run --silent token -- '<JSON>'`: prints one JWT per claims object, signed with the demo
// key of the issuer the claims imply (or `_issuer`), from the same DEMO_DATA_DIR as `npm start`.
// For people trying the demo and for tests that need a wrong token on purpose.
import { z } from 'zod'
import { authConfigSchema, demoKeyDir, signClaims } from '../shared/auth/identity'
import { ISSUERS, issuerFor } from '../shared/auth/issuers'
import { demoKeyRing } from '../shared/auth/keys'
import { parseConfig } from '../shared/config'

const USAGE = `usage: npm run --silent token -- '<claims JSON>'
  one claims object or an array of them, e.g.
  '{"sub":"m1","naam":"Medewerker","rol":"TOEGANGSMEDEWERKER","gemeente":"0153"}'
  iss, aud, iat and exp are filled in unless given; a claim given as null is left out;
  "_issuer": "<name>" signs with that issuer's key (${ISSUERS.slice(0, 2).join(', ')}, …, regio, register, inwonerlogin)`

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

const settings = parseConfig(z.object(authConfigSchema))
if (settings.NODE_ENV === 'production') fail('the token tool signs with demo keys, which production refuses')
let input: unknown
try {
  input = JSON.parse(process.argv[2] ?? '')
} catch {
  fail('the argument is not JSON')
}
const list = Array.isArray(input) ? input : [input]
if (list.length === 0 || !list.every((c) => c && typeof c === 'object' && !Array.isArray(c))) {
  fail('expected a claims object or an array of them')
}

const keys = await demoKeyRing(demoKeyDir(settings.DEMO_DATA_DIR))
const lines: string[] = []
for (const { _issuer, ...claims } of list as Record<string, unknown>[]) {
  const issuer = typeof _issuer === 'string' ? _issuer : issuerFor(claims)
  const key = issuer ? keys.get(issuer) : undefined
  if (!key) {
    fail(
      _issuer !== undefined
        ? `unknown issuer ${JSON.stringify(_issuer)}`
        : `no issuer may sign ${JSON.stringify(claims)}: give rol (with gemeente for gemeente staff) or _issuer`,
    )
  }
  lines.push(
    await signClaims(claims, key, {
      audience: settings.AUTH_AUDIENCE,
      maxLifetimeSeconds: {
        person: settings.AUTH_MAX_TOKEN_LIFETIME_S,
        service: settings.AUTH_MAX_SERVICE_TOKEN_LIFETIME_S,
      },
    }),
  )
}
process.stdout.write(lines.join('\n') + '\n')
