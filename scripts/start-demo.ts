// `npm start`: the whole federation on this machine, on embedded databases in .data/demo (or,
// with DEMO_DATABASE_URL, on a MySQL or MariaDB server), seeded with synthetic data on first
// start. Builds the web pages when needed. Prints the gateway URL, the demo's start page (a
// sign-in link per demo identity for the dashboard and the resident's page), ready-made tokens
// and example queries.
import 'reflect-metadata'
import '../shared/observability/start-tracing'
import { z } from 'zod'
import { MAX_SEED_INWONERS } from '../subgraphs/gemeente/seed/generate'
import { demoKeyDir, signWithRing, type Identity } from '../shared/auth/identity'
import { demoKeyRing } from '../shared/auth/keys'
import { parseConfig } from '../shared/config'
import { vandaag } from '../shared/domain/dates'
import { GEMEENTE_CODES } from '../shared/gemeenten'
import { stopOnSignal } from '../shared/http/shutdown'
import { Toewijzing } from '../subgraphs/gemeente/toewijzing/toewijzing.entity'
import { demoDatabase, demoDatabaseSchema } from './demo-database'
import { EXAMPLE_QUERIES } from './example-queries'
import { startStack } from './stack'
import { startPageRoute, voorbeeldInwoner, type DemoLink } from './start-page'
import { ensureWebBuild } from './web-build'

const config = parseConfig(
  z.object({
    GATEWAY_PORT: z.coerce.number().int().default(4000),
    ...demoDatabaseSchema,
    SEED_INWONERS: z.coerce.number().int().min(1).max(MAX_SEED_INWONERS).default(150),
    NODE_ENV: z.string().optional(),
  }),
)
if (config.NODE_ENV === 'production') {
  throw new Error('npm start is the demo: it signs with demo keys, which NODE_ENV=production refuses')
}
// One key per issuer, made on first start and kept in the data dir: `npm run token` uses the same.
const keys = await demoKeyRing(demoKeyDir(config.DEMO_DATA_DIR))
const port = config.GATEWAY_PORT
ensureWebBuild((line) => console.log(`  ${line}`))

// Filled once the demo data is known (the resident's BSN comes from it); tokens fresh per visit.
let demoLinks: () => Promise<DemoLink[]> = async () => []
const stack = await startStack({
  database: demoDatabase(config),
  seed: { inwoners: config.SEED_INWONERS },
  keys,
  ports: {
    gateway: port,
    catalogus: port + 1,
    aanbieders: port + 2,
    gemeente: (code) => port + 100 + GEMEENTE_CODES.indexOf(code),
  },
  bezorgIntervalMs: 10_000,
  log: (line) => console.log(`  ${line}`),
  gatewayRoutes: startPageRoute(() => demoLinks()),
})
stopOnSignal(stack.stop)

// The provider with the most allocations across the region makes the best portal example.
const perAanbieder = new Map<string, number>()
for (const code of GEMEENTE_CODES) {
  const rows: { agb: string; n: number }[] = await stack
    .gemeente(code)
    .db.getRepository(Toewijzing)
    .createQueryBuilder('t')
    .select('t.aanbiederAgbCode', 'agb')
    .addSelect('COUNT(*)', 'n')
    .groupBy('t.aanbiederAgbCode')
    .getRawMany()
  for (const r of rows) perAanbieder.set(r.agb, (perAanbieder.get(r.agb) ?? 0) + Number(r.n))
}
const [voorbeeldAgb] = [...perAanbieder].sort((a, b) => b[1] - a[1])[0]
// A resident with an allocation, so that their own access log and ratings have something to show.
const { bsn: voorbeeldBsn } = await voorbeeldInwoner(stack.gemeente('0153').db, vandaag())

const identities: Record<string, Identity> = {
  'toegangsmedewerker Enschede (0153)': {
    sub: 'demo-0153-1',
    naam: 'Demo medewerker Enschede',
    rol: 'TOEGANGSMEDEWERKER',
    gemeente: '0153',
  },
  'toegangsmedewerker Almelo (0141)': {
    sub: 'demo-0141-1',
    naam: 'Demo medewerker Almelo',
    rol: 'TOEGANGSMEDEWERKER',
    gemeente: '0141',
  },
  [`aanbieder ${voorbeeldAgb}`]: {
    sub: `demo-${voorbeeldAgb}`,
    naam: 'Demo aanbieder',
    rol: 'AANBIEDER',
    agbCode: voorbeeldAgb,
  },
  'contractbeheerder Hof van Twente (1735)': {
    sub: 'demo-1735-contractbeheer',
    naam: 'Demo contractbeheerder Hof van Twente',
    rol: 'CONTRACTBEHEERDER',
    gemeente: '1735',
  },
  'regionaal analist': { sub: 'demo-analist', naam: 'Demo analist', rol: 'ANALIST' },
  'registerbeheerder OZJT': { sub: 'demo-ozjt', naam: 'Demo registerbeheerder', rol: 'REGISTERBEHEERDER' },
  [`inwoner Enschede (BSN ${voorbeeldBsn})`]: {
    sub: `demo-digid-${voorbeeldBsn}`,
    naam: 'Demo inwoner',
    rol: 'INWONER',
    bsn: voorbeeldBsn,
  },
}
const analist = 'regionaal analist'
const medewerker = 'toegangsmedewerker Enschede (0153)'
const inwoner = `inwoner Enschede (BSN ${voorbeeldBsn})`
demoLinks = async () => [
  {
    label: 'Regionaal dashboard als analist',
    page: '/dashboard',
    token: await signWithRing(identities[analist], keys, stack.auth),
    uitleg: 'de regio en de 14 gemeenten naast elkaar',
  },
  {
    label: 'Dashboard als toegangsmedewerker van Enschede',
    page: '/dashboard',
    token: await signWithRing(identities[medewerker], keys, stack.auth),
    uitleg: 'de cijfers van de eigen gemeente',
  },
  {
    label: 'Mijn ondersteuning als inwoner van Enschede',
    page: '/mijn?gemeente=0153',
    token: await signWithRing(identities[inwoner], keys, stack.auth),
    uitleg: `een inwoner met een plan en hulp (BSN ${voorbeeldBsn}, verzonnen)`,
  },
]
console.log(`\nGateway ready at ${stack.gatewayUrl}  (Apollo Sandbox opens there in a browser)\n`)
console.log(
  `Web pages: ${stack.gatewayUrl}dashboard and ${stack.gatewayUrl}mijn; sign in as a demo identity at ${stack.gatewayUrl}start\n`,
)
console.log(
  `Demo tokens, valid 1 hour, each signed with its issuer's demo key in ${demoKeyDir(config.DEMO_DATA_DIR)}` +
    ` (new ones: npm run --silent token -- '<claims JSON>'):`,
)
for (const [label, identity] of Object.entries(identities)) {
  console.log(`\n  ${label}:\n  ${await signWithRing(identity, keys, stack.auth)}`)
}
console.log('\nExample queries (send with header  Authorization: Bearer <token>):')
for (const example of EXAMPLE_QUERIES(voorbeeldAgb)) console.log(`\n# ${example.title}\n${example.query}`)
console.log('\nCtrl-C stops everything.')
