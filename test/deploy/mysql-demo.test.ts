import { createConnection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { parseConfig } from '../../shared/config'
import { mysqlDriverUrl } from '../../shared/db/database'
import { demoDatabase, demoDatabaseSchema } from '../../scripts/demo-database'
import { startStack, type Stack } from '../../scripts/stack'
import { identities, TEST_DATABASE_URL, TEST_KEYS, tokenFor } from '../harness/stack'
import { zoeknaamVan } from '../../subgraphs/gemeente/inwoner/zoeknaam'

// `npm start` with DEMO_DATABASE_URL, on the test server: the same settings parsed the same way.
const PREFIX = 'twents_test_demo'
const GEMEENTEN = ['0141', '0153']

async function onServer<T>(work: (sql: (statement: string) => Promise<any[]>) => Promise<T>): Promise<T> {
  const admin = await createConnection(mysqlDriverUrl(TEST_DATABASE_URL!))
  try {
    return await work(async (statement) => (await admin.query(statement))[0] as any[])
  } finally {
    await admin.end()
  }
}

const demoDatabases = () =>
  onServer(async (sql) =>
    (await sql(`SHOW DATABASES LIKE '${PREFIX.replace(/_/g, '\\_')}\\_%'`)).map((r) => Object.values(r)[0]),
  )

async function dropDemoDatabases() {
  const names = await demoDatabases()
  await onServer(async (sql) => {
    for (const name of names) await sql(`DROP DATABASE \`${name}\``)
  })
}

function startDemo() {
  const config = parseConfig(z.object(demoDatabaseSchema), {
    DEMO_DATABASE_URL: `${TEST_DATABASE_URL}/`,
    DEMO_DATABASE_PREFIX: PREFIX,
  })
  return startStack({
    database: demoDatabase(config),
    gemeenten: GEMEENTEN,
    seed: { inwoners: 8 },
    keys: TEST_KEYS,
  })
}

const ZOEK = /* GraphQL */ `
  query Zoek {
    inwoners(gemeenteCode: "0153", zoek: "Bewaard", eerste: 5) {
      totalCount
      edges {
        node {
          achternaam
        }
      }
    }
  }
`

async function zoek(stack: Stack) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await tokenFor(identities.medewerker('0153'))}`,
    },
    body: JSON.stringify({ query: ZOEK }),
  })
  return response.json()
}

const ROW_COUNTS =
  'SELECT (SELECT COUNT(*) FROM inwoner) AS inwoners, (SELECT COUNT(*) FROM plan) AS plannen, ' +
  '(SELECT COUNT(*) FROM toewijzing) AS toewijzingen'

describe.skipIf(!TEST_DATABASE_URL)('npm start on a MySQL or MariaDB server (DEMO_DATABASE_URL)', () => {
  beforeAll(dropDemoDatabases)
  afterAll(dropDemoDatabases)

  it('gives every service its own database named <prefix>_<service>, and a second start reuses the data', async () => {
    const eerste = await startDemo()
    let tellingen: unknown
    try {
      expect((await demoDatabases()).sort()).toEqual([
        'twents_test_demo_aanbieders',
        'twents_test_demo_catalogus',
        'twents_test_demo_g0141',
        'twents_test_demo_g0153',
      ])
      expect(await zoek(eerste)).toEqual({ data: { inwoners: { totalCount: 0, edges: [] } } })
      // A change made while the demo ran, as a user's work would be.
      const db = eerste.gemeente('0153').db
      const [{ id, voornamen }] = await db.query('SELECT id, voornamen FROM inwoner ORDER BY id LIMIT 1')
      // The name search reads the normalised name, which the gemeente keeps beside the name.
      await db.query("UPDATE inwoner SET achternaam = 'Bewaard', zoeknaam = ? WHERE id = ?", [
        zoeknaamVan('Bewaard', voornamen),
        id,
      ])
      tellingen = await db.query(ROW_COUNTS)
    } finally {
      await eerste.stop()
    }

    const tweede = await startDemo()
    try {
      expect(await zoek(tweede)).toEqual({
        data: { inwoners: { totalCount: 1, edges: [{ node: { achternaam: 'Bewaard' } }] } },
      })
      // Not seeded a second time: the same rows, no more.
      expect(await tweede.gemeente('0153').db.query(ROW_COUNTS)).toEqual(tellingen)
      expect(await demoDatabases()).toHaveLength(4)
    } finally {
      await tweede.stop()
    }
  })
})

describe('the MySQL demo settings', () => {
  it('refuses a database in DEMO_DATABASE_URL and a prefix that is no plain name, both at once', () => {
    expect(() =>
      parseConfig(z.object(demoDatabaseSchema), {
        DEMO_DATABASE_URL: 'mysql://root@127.0.0.1:3306/twents',
        DEMO_DATABASE_PREFIX: 'twents-demo`;',
      }),
    ).toThrow(
      'Invalid configuration:\n' +
        '  - DEMO_DATABASE_URL: expected mysql://user:password@host:port (or mariadb://), without a database: every service gets its own\n' +
        '  - DEMO_DATABASE_PREFIX: lower-case letters, digits and _, starting with a letter, at most 40',
    )
  })

  it('takes mysql:// and mariadb:// server URLs, with the prefix twents unless given', () => {
    const parse = (env: Record<string, string>) =>
      demoDatabase(parseConfig(z.object(demoDatabaseSchema), env))
    expect(parse({ DEMO_DATABASE_URL: 'mariadb://root@127.0.0.1:3306/' })).toEqual({
      kind: 'mysql',
      serverUrl: 'mariadb://root@127.0.0.1:3306',
      prefix: 'twents',
      fresh: false,
    })
    expect(
      parse({ DEMO_DATABASE_URL: 'mysql://demo:geheim@db:3306', DEMO_DATABASE_PREFIX: 'proef' }),
    ).toEqual({
      kind: 'mysql',
      serverUrl: 'mysql://demo:geheim@db:3306',
      prefix: 'proef',
      fresh: false,
    })
  })

  it('keeps the embedded database in DEMO_DATA_DIR without DEMO_DATABASE_URL', () => {
    expect(demoDatabase(parseConfig(z.object(demoDatabaseSchema), { DEMO_DATA_DIR: '/tmp/d' }))).toEqual({
      kind: 'sqlite',
      dir: '/tmp/d',
    })
  })
})
