import type { IncomingMessage } from 'node:http'
import 'reflect-metadata'
import { strict as assert } from 'node:assert'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { graphql, type GraphQLSchema } from 'graphql'
import type { DataSource } from 'typeorm'
import { openDatabase } from '../../shared/db/database'
import { SqlCounter } from '../../shared/db/sql-counter'
import { CATALOGUS, seedCatalogus } from '../../subgraphs/catalogus/seed/seed'
import {
  buildCatalogusSchema,
  catalogusDatabase,
  createCatalogusServer,
} from '../../subgraphs/catalogus/server'
import { catalogusContext } from '../../subgraphs/catalogus/context'
import { RegioTellingen } from '../../subgraphs/catalogus/regio/regio-tellingen'
import { inKolommen, TellingSoort } from '../../shared/graphql/cijfers'
import { frisseTestdatabase, TEST_AUTH } from '../harness/stack'
import { meldingenInKolommen } from '../harness/tellingen'

describe('the catalogus subgraph, in memory', () => {
  let db: DataSource
  let schema: GraphQLSchema
  const sql = new SqlCounter()

  beforeAll(async () => {
    db = await openDatabase({
      ...catalogusDatabase,
      url: await frisseTestdatabase('catalogus'),
      sqlitePath: ':memory:',
      sqlCounter: sql,
    })
    await seedCatalogus(db)
    schema = await buildCatalogusSchema()
  })
  afterAll(() => db.destroy())

  const run = async (source: string, variableValues?: Record<string, unknown>) =>
    graphql({
      schema,
      source,
      variableValues,
      contextValue: await catalogusContext(
        db,
        TEST_AUTH,
        new RegioTellingen(db),
      )({
        req: { headers: {} } as IncomingMessage,
        signal: new AbortController().signal,
      }),
    })

  it('gives the tariff in force on a date, per contract period, and none outside them', async () => {
    const GELDEND = /* GraphQL */ `
      query Geldend($datum: LocalDate!) {
        geldendTarief(ondersteuningsbehoefte: "VB-OB-01", niveau: C, peildatum: $datum) {
          geldigVan
          geldigTot
          bedragCent
        }
      }
    `
    const regels = CATALOGUS.tarieven.filter(
      (t) => t.ondersteuningsbehoefte === 'VB-OB-01' && t.niveau === 'C',
    )
    const verwacht = (datum: string) => {
      const t = regels.find((r) => r.geldigVan <= datum && (r.geldigTot === null || datum <= r.geldigTot))
      return t ? { geldigVan: t.geldigVan, geldigTot: t.geldigTot, bedragCent: t.bedragCent } : null
    }
    for (const datum of ['2019-01-01', '2022-12-31', '2023-01-01', '2026-06-15', '2018-12-31']) {
      expect(await run(GELDEND, { datum })).toEqual({ data: { geldendTarief: verwacht(datum) } })
    }
    expect(verwacht('2018-12-31')).toBeNull()
    expect(verwacht('2022-12-31')!.bedragCent).not.toBe(verwacht('2023-01-01')!.bedragCent)
  })

  it('resolves support needs and modules by reference for the other subgraphs, in one query for the batch', async () => {
    sql.reset()
    const result = await run(/* GraphQL */ `
      query Refs {
        _entities(
          representations: [
            { __typename: "Ondersteuningsbehoefte", code: "VB-OB-02" }
            { __typename: "Module", code: "VB-MOD-04" }
            { __typename: "Ondersteuningsbehoefte", code: "VB-OB-05" }
            { __typename: "Ondersteuningsbehoefte", code: "BESTAAT-NIET" }
          ]
        ) {
          ... on Ondersteuningsbehoefte {
            naam
          }
          ... on Module {
            naam
          }
        }
      }
    `)
    expect(result).toEqual({
      data: {
        _entities: [
          { naam: 'Ontwikkeling en leren' },
          { naam: 'Vervoer' },
          { naam: 'Dagbesteding en meedoen' },
          null,
        ],
      },
    })
    expect(sql.count).toBe(2)
  })

  it('rejects a date that is not a calendar date', async () => {
    const result = await run(/* GraphQL */ `
      query Fout {
        geldendTarief(ondersteuningsbehoefte: "VB-OB-01", niveau: A, peildatum: "2023-02-30") {
          bedragCent
        }
      }
    `)
    expect(result.errors).toHaveLength(1)
    expect(result.data).toBeUndefined()
  })

  it('keeps a gemeente’s counts in parts, finds them by version from any replica, and the version before last too', async () => {
    const rijen = (aantal: number) =>
      Array.from({ length: 40 }, (_, i) => ({
        gemeenteCode: '0153',
        soort: TellingSoort.TOEWIJZINGEN,
        sleutel: String(10_000_000 + i),
        maand: '2025-01',
        aantal,
        bedragCent: 100 * i,
      }))
    const eerste = inKolommen('0153', rijen(1))
    const tweede = inKolommen('0153', rijen(2))
    // Parts of 50 characters: some thirty of them for one version.
    await new RegioTellingen(db, undefined, 50).bewaar(eerste)
    await new RegioTellingen(db, undefined, 50).bewaar(tweede)
    const [{ delen }] = await db.query(
      'SELECT COUNT(*) AS delen FROM regio_telling_deel WHERE gemeenteCode = ? AND versie = ?',
      ['0153', eerste.versie],
    )
    expect(Number(delen)).toBeGreaterThan(10)
    // Another replica, with nothing in memory, reads them from the database.
    const andere = new RegioTellingen(db)
    expect(await andere.neem([{ gemeenteCode: '0153', versie: eerste.versie }])).toEqual({
      tellingen: rijen(1),
      ontbrekend: [],
    })
    expect((await andere.neem([{ gemeenteCode: '0153', versie: tweede.versie }])).tellingen).toEqual(rijen(2))
    expect(await andere.neem([{ gemeenteCode: '0158', versie: tweede.versie }])).toEqual({
      tellingen: [],
      ontbrekend: ['0158'],
    })
  })

  it('gives the region’s figures without a gemeente whose counts are not here, with an error that names it', async () => {
    const kolommen = meldingenInKolommen('0153', 12)
    await new RegioTellingen(db).bewaar(kolommen)
    const { server, context } = await createCatalogusServer(db, TEST_AUTH, false)
    const caller = await context({
      req: { headers: {} } as IncomingMessage,
      signal: new AbortController().signal,
    })
    const response = await server.executeOperation(
      {
        query: /* GraphQL */ `
          query Cijfers($r: [_Any!]!) {
            _entities(representations: $r) {
              ... on Regio {
                cijfers {
                  gemeenten
                  meldingen {
                    ontvangen
                  }
                }
              }
            }
          }
        `,
        variables: {
          r: [
            {
              __typename: 'Regio',
              id: 'twente',
              ruweTellingen: [
                { gemeenteCode: '0153', versie: kolommen.versie },
                { gemeenteCode: '0158', versie: 'A'.repeat(22) },
              ],
            },
          ],
        },
      },
      {
        contextValue: {
          ...caller,
          viaGateway: true,
          identity: { sub: 'test-analist', naam: 'Analist', rol: 'ANALIST' },
        },
      },
    )
    await server.stop()
    assert(response.body.kind === 'single')
    expect(response.body.singleResult.data).toEqual({
      _entities: [{ cijfers: { gemeenten: ['0153'], meldingen: { ontvangen: 10 } } }],
    })
    expect(response.body.singleResult.errors).toEqual([
      expect.objectContaining({
        path: ['_entities', 0, 'cijfers'],
        extensions: { code: 'DEPENDENCY_UNAVAILABLE', gemeenten: ['0158'] },
      }),
    ])
  })
})
