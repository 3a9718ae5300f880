import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../shared/db/database'
import { buildGemeenteContext } from '../../subgraphs/gemeente/context'
import { seedGemeente } from '../../subgraphs/gemeente/seed/seed'
import { createGemeenteServer, gemeenteDatabase } from '../../subgraphs/gemeente/server'
import { gemeenteDeps } from '../harness/in-process'
import { frisseTestdatabase, identities, testAuthFor } from '../harness/stack'

const ALMELO = '0141'

describe('an access log that cannot be written because the database went away', () => {
  it('withholds the data with DEPENDENCY_UNAVAILABLE naming the database, not INTERNAL_SERVER_ERROR', async () => {
    const db = await openDatabase({
      ...gemeenteDatabase,
      url: await frisseTestdatabase('access_log_outage'),
      sqlitePath: ':memory:',
    })
    await seedGemeente(db, ALMELO, { inwoners: 5 })
    const deps = gemeenteDeps(db, ALMELO, testAuthFor(`gemeente-${ALMELO}`))
    const instance = await createGemeenteServer({
      ...deps,
      catalogusUrl: 'http://127.0.0.1:9/',
      aanbiedersUrl: 'http://127.0.0.1:9/',
      bezorgIntervalMs: 60_000,
    })
    await instance.server.start()
    try {
      const contextValue = buildGemeenteContext(deps, identities.medewerker(ALMELO), undefined, {
        viaGateway: true,
      })
      // The residents were read; the database goes away before their reading is logged.
      const schrijf = contextValue.toegangslog.wegschrijven.bind(contextValue.toegangslog)
      contextValue.toegangslog.wegschrijven = async (target) => {
        await db.destroy()
        return schrijf(target)
      }
      const response = await instance.server.executeOperation(
        { query: 'query Inwoners { inwoners(gemeenteCode: "0141", eerste: 2) { edges { node { id } } } }' },
        { contextValue },
      )
      expect(response.body).toEqual({
        kind: 'single',
        singleResult: {
          data: null,
          errors: [
            {
              message:
                'De toegang kon niet worden vastgelegd: de database van deze dienst is tijdelijk niet bereikbaar. Daarom worden geen gegevens getoond.',
              extensions: { code: 'DEPENDENCY_UNAVAILABLE', service: 'database' },
            },
          ],
        },
      })
    } finally {
      await instance.server.stop()
      if (db.isInitialized) await db.destroy()
    }
  })
})
