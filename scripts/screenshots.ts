// `npm run screenshots`: docs/screenshots/dashboard.png and mijn.png, taken in Chromium (from the
// machine's packages) from the demo stack with the demo's data set, started in-process.
import 'reflect-metadata'
import { mkdirSync } from 'node:fs'
import { signWithRing, type Identity } from '../shared/auth/identity'
import { generateKeyRing } from '../shared/auth/keys'
import { vandaag } from '../shared/domain/dates'
import { launchChromium } from './chromium'
import { startStack } from './stack'
import { voorbeeldInwoner } from './start-page'
import { ensureWebBuild } from './web-build'

const DIR = 'docs/screenshots'
ensureWebBuild()
const keys = await generateKeyRing()
const stack = await startStack({
  database: { kind: 'sqlite', dir: ':memory:' },
  seed: { inwoners: 150 },
  keys,
})
const browser = await launchChromium()
try {
  const { bsn, id } = await voorbeeldInwoner(stack.gemeente('0153').db, vandaag())
  // A staff read of the resident, so that the page's access log shows what one looks like.
  const medewerker: Identity = {
    sub: 'demo-0153-1',
    naam: 'Demo medewerker Enschede',
    rol: 'TOEGANGSMEDEWERKER',
    gemeente: '0153',
  }
  const lezen = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await signWithRing(medewerker, keys, stack.auth)}`,
    },
    body: JSON.stringify({
      query: 'query Lezen($id: ID!) { inwoner(gemeenteCode: "0153", id: $id) { voornamen } }',
      variables: { id },
    }),
  })
  if (!lezen.ok) throw new Error(`the staff read failed: ${lezen.status}`)
  // The dashboard's top (filters, the gemeenten side by side, the region's plans); the resident's page whole.
  const shots: [string, string, Identity, string, number | null][] = [
    [
      'dashboard',
      'dashboard',
      { sub: 'demo-analist', naam: 'Demo analist', rol: 'ANALIST' },
      'grafiek-plannen',
      2600,
    ],
    [
      'mijn',
      'mijn?gemeente=0153',
      { sub: `demo-digid-${bsn}`, naam: 'Demo inwoner', rol: 'INWONER', bsn },
      'toegangslog',
      null,
    ],
  ]
  mkdirSync(DIR, { recursive: true })
  for (const [name, path, identity, ready, height] of shots) {
    const context = await browser.newContext({ viewport: { width: 1280, height: height ?? 900 } })
    const page = await context.newPage()
    await page.goto(`${stack.gatewayUrl}${path}#token=${await signWithRing(identity, keys, stack.auth)}`)
    await page.getByTestId(ready).waitFor()
    await page.screenshot({ path: `${DIR}/${name}.png`, fullPage: height === null })
    console.log(`wrote ${DIR}/${name}.png`)
    await context.close()
  }
} finally {
  await browser.close()
  await stack.stop()
}
