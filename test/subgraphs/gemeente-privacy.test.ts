import 'reflect-metadata'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  getNamedType,
  graphql,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql'
import type { DataSource, EntitySubscriberInterface } from 'typeorm'
import type { Identity } from '../../shared/auth/identity'
import { openDatabase } from '../../shared/db/database'
import { gemeenteInfo } from '../../shared/gemeenten'
import { generateAanbieders } from '../../shared/seed/aanbieders'
import { buildGemeenteContext } from '../../subgraphs/gemeente/context'
import { Declaratie } from '../../subgraphs/gemeente/declaratie/declaratie.entity'
import { Gespreksstap } from '../../subgraphs/gemeente/melding/melding.entity'
import { generateGemeente } from '../../subgraphs/gemeente/seed/generate'
import { seedGemeente } from '../../subgraphs/gemeente/seed/seed'
import { buildAanbiedersSchema } from '../../subgraphs/aanbieders/server'
import { buildCatalogusSchema } from '../../subgraphs/catalogus/server'
import { buildGemeenteSchema, createGemeenteServer, gemeenteDatabase } from '../../subgraphs/gemeente/server'
import { gemeenteDeps } from '../harness/in-process'
import { frisseTestdatabase, identities, testAuthFor } from '../harness/stack'

const ALMELO = '0141'
const almelo = gemeenteInfo(ALMELO)
const medewerker = identities.medewerker(ALMELO)

let db: DataSource
let schema: GraphQLSchema
let instance: Awaited<ReturnType<typeof createGemeenteServer>>

beforeAll(async () => {
  db = await openDatabase({
    ...gemeenteDatabase,
    url: await frisseTestdatabase('gemeente_privacy'),
    sqlitePath: ':memory:',
  })
  await seedGemeente(db, ALMELO, { inwoners: 150 })
  schema = await buildGemeenteSchema()
  instance = await createGemeenteServer({
    gemeente: almelo,
    db,
    auth: testAuthFor(`gemeente-${ALMELO}`),
    catalogusUrl: 'http://127.0.0.1:9/',
    aanbiedersUrl: 'http://127.0.0.1:9/',
    bezorgIntervalMs: 60_000,
  })
  await instance.server.start()
})
afterAll(async () => {
  await instance?.server.stop()
  await db?.destroy()
})

const deps = () => gemeenteDeps(db, ALMELO)

/** Runs an operation on the schema in memory, as the instance would after authentication. */
async function run(source: string, as: Identity | null, variableValues?: Record<string, unknown>) {
  const contextValue = buildGemeenteContext(deps(), as)
  const result = await graphql({ schema, source, variableValues, contextValue })
  return { ...result, contextValue }
}

/**
 * Runs an operation through the instance's Apollo Server, with its plugins (the access log is
 * written as the response leaves), for a caller who states `doel` in x-doel, as the gateway
 * sends it (entity fetches are for the gateway only).
 */
async function viaInstantie(
  source: string,
  as: Identity | null,
  options: { variables?: Record<string, unknown>; doel?: string } = {},
) {
  const response = await instance.server.executeOperation(
    { query: source, variables: options.variables },
    { contextValue: buildGemeenteContext(deps(), as, options.doel, { viaGateway: true }) },
  )
  if (response.body.kind !== 'single') throw new Error('expected a single result')
  return { status: response.http.status ?? 200, body: response.body.singleResult }
}

type Logregel = { inwonerId: string; gebeurtenis: string; gebruiker: string; doel: string }
const logregels = async (): Promise<Logregel[]> =>
  db.query('SELECT inwonerId, gebeurtenis, gebruiker, doel FROM toegangslog ORDER BY id')
/** The entries an action adds to the access log. */
async function nieuweLogregels(actie: () => Promise<unknown>): Promise<Logregel[]> {
  const voor = (await logregels()).length
  await actie()
  return (await logregels()).slice(voor)
}

const decode = (cursor: string): unknown => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))

describe('cursors', () => {
  const INWONERS = /* GraphQL */ `
    query Inwoners($na: String, $eerste: Int!) {
      inwoners(gemeenteCode: "0141", eerste: $eerste, na: $na) {
        totalCount
        edges {
          cursor
          node {
            id
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `
  type Pagina = {
    totalCount: number
    edges: { cursor: string; node: { id: string } }[]
    pageInfo: { hasNextPage: boolean; endCursor: string | null }
  }

  it('name no resident: a decoded cursor holds the row id and nothing else', async () => {
    const { data, errors } = await run(INWONERS, medewerker, { eerste: 10 })
    expect(errors).toBeUndefined()
    const pagina = data!.inwoners as Pagina
    const personen: {
      id: string
      bsn: string
      voornamen: string
      achternaam: string
      geboortedatum: string
    }[] = await db.query('SELECT id, bsn, voornamen, achternaam, geboortedatum FROM inwoner')
    for (const { cursor, node } of pagina.edges) {
      expect(decode(cursor)).toEqual([node.id])
      const tekst = Buffer.from(cursor, 'base64url').toString('utf8')
      for (const p of personen) {
        for (const gegeven of [p.bsn, p.voornamen, p.achternaam, p.geboortedatum])
          expect(tekst.includes(gegeven), `${gegeven} in a cursor`).toBe(false)
      }
    }
    expect(pagina.pageInfo.endCursor).toBe(pagina.edges.at(-1)!.cursor)
  })

  it('page through all residents in name order, each one once, also across equal surnames', async () => {
    // The database's own order (its collation) is the reference: the cursor is compared there too.
    const verwacht = (
      (await db.query('SELECT id FROM inwoner WHERE gemeenteCode = ? ORDER BY zoeknaam, id', [ALMELO])) as {
        id: string
      }[]
    ).map((r) => r.id)
    const [{ n: dubbel }] = await db.query(
      'SELECT COUNT(*) AS n FROM (SELECT achternaam FROM inwoner GROUP BY achternaam HAVING COUNT(*) > 1) d',
    )
    expect(Number(dubbel)).toBeGreaterThan(0)

    const gezien: string[] = []
    let na: string | null = null
    for (let i = 0; i < 100; i++) {
      const { data, errors } = await run(INWONERS, medewerker, { eerste: 7, na })
      expect(errors).toBeUndefined()
      const pagina = data!.inwoners as Pagina
      expect(pagina.totalCount).toBe(verwacht.length)
      gezien.push(...pagina.edges.map((e) => e.node.id))
      if (!pagina.pageInfo.hasNextPage) break
      na = pagina.pageInfo.endCursor
    }
    expect(gezien).toEqual(verwacht)
  })

  it('refuse a malformed cursor, a cursor of a row that does not exist and one of another list', async () => {
    const [plan] = await db.query('SELECT id FROM plan LIMIT 1')
    const cursors = [
      'zomaar',
      Buffer.from('["Jansen","abc"]').toString('base64url'),
      Buffer.from(JSON.stringify(['00000000-0000-0000-0000-000000000000'])).toString('base64url'),
      Buffer.from(JSON.stringify([plan.id])).toString('base64url'),
    ]
    for (const na of cursors) {
      const { data, errors } = await run(INWONERS, medewerker, { eerste: 5, na })
      expect(data, na).toEqual({ inwoners: null })
      expect(
        errors!.map((e) => e.extensions),
        na,
      ).toEqual([{ code: 'BAD_USER_INPUT', field: 'na' }])
    }
  })
})

/** A value of the right type for every required argument, so that only the gemeente is wrong. */
function voorbeeld(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return voorbeeld(type.ofType)
  if (isListType(type)) return [voorbeeld(type.ofType)]
  if (isEnumType(type)) return type.getValues()[0].name
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, voorbeeld(f.type)]),
    )
  }
  if (isScalarType(type)) {
    return (
      { ID: 'x', String: 'xxxxxxxxxx', Int: 1, Float: 1, Boolean: true, LocalDate: '2025-01-01' } as Record<
        string,
        unknown
      >
    )[type.name]
  }
  throw new Error(`no example for ${String(type)}`)
}

describe('the gemeente of a root field', () => {
  it('is checked for every root query and mutation: each refuses another gemeente with the same error', async () => {
    const velden = [schema.getQueryType()!, schema.getMutationType()!].flatMap((root) =>
      Object.values(root.getFields())
        .filter((f) => f.args.some((a) => a.name === 'gemeenteCode'))
        .map((f) => ({ root, f })),
    )
    expect(velden.length).toBeGreaterThanOrEqual(27)
    for (const { root, f } of velden) {
      const args = f.args.filter((a) => isNonNullType(a.type) || a.name === 'gemeenteCode')
      const variables = Object.fromEntries(
        args.map((a) => [a.name, a.name === 'gemeenteCode' ? '0153' : voorbeeld(a.type)]),
      )
      const selectie = isObjectType(getNamedType(f.type)) ? '{ __typename }' : ''
      const declaraties = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')
      const source = `${root === schema.getQueryType() ? 'query' : 'mutation'} Veld(${declaraties}) {
        ${f.name}(${args.map((a) => `${a.name}: $${a.name}`).join(', ')}) ${selectie}
      }`
      const { data, errors } = await run(source, identities.medewerker('0153'), variables)
      expect(data, `${f.name}: ${JSON.stringify(errors)}`).toEqual({ [f.name]: null })
      expect(
        errors!.map((e) => ({ message: e.message, extensions: e.extensions })),
        f.name,
      ).toEqual([
        {
          message: 'Deze dienst is van gemeente 0141, niet van 0153.',
          extensions: { code: 'BAD_USER_INPUT', field: 'gemeenteCode' },
        },
      ])
    }
  })
})

describe('the purpose of a request (x-doel)', () => {
  const LEES = /* GraphQL */ `
    query Lees($id: ID!) {
      inwoner(gemeenteCode: "0141", id: $id) {
        voornamen
      }
    }
  `
  let inwonerId: string
  beforeAll(async () => {
    inwonerId = (await db.query('SELECT id FROM inwoner ORDER BY id LIMIT 1'))[0].id
  })

  it('refuses an unknown purpose with FORBIDDEN and the purposes the role may state, before reading anything', async () => {
    const regels = await nieuweLogregels(async () => {
      const result = await viaInstantie(LEES, medewerker, { variables: { id: inwonerId }, doel: 'ONDERZOEK' })
      expect(result).toEqual({
        status: 200,
        body: {
          errors: [
            {
              message:
                'Doel "ONDERZOEK" is onbekend: x-doel is een van TOEGANG_JEUGD_WMO, UITVOERING_TOEWIJZING, INZAGE_BETROKKENE, VERANTWOORDING.',
              extensions: { code: 'FORBIDDEN', toegestaneDoelen: ['TOEGANG_JEUGD_WMO', 'VERANTWOORDING'] },
            },
          ],
        },
      })
    })
    expect(regels).toEqual([])
  })

  it("refuses a purpose that is not the caller's role's, instead of replacing it by the default", async () => {
    const [t] = await db.query("SELECT id, aanbiederAgbCode FROM toewijzing WHERE status = 'GESTART' LIMIT 1")
    const result = await viaInstantie(
      /* GraphQL */ `
        query Eigen($id: ID!) {
          _entities(representations: [{ __typename: "Toewijzing", gemeenteCode: "0141", id: $id }]) {
            ... on Toewijzing {
              inwoner {
                voornamen
              }
            }
          }
        }
      `,
      identities.aanbieder(t.aanbiederAgbCode),
      { variables: { id: t.id }, doel: 'TOEGANG_JEUGD_WMO' },
    )
    expect(result.body).toEqual({
      errors: [
        {
          message: 'Doel TOEGANG_JEUGD_WMO is niet toegestaan voor de rol AANBIEDER.',
          extensions: { code: 'FORBIDDEN', toegestaneDoelen: ['UITVOERING_TOEWIJZING'] },
        },
      ],
    })
  })

  it('refuses any purpose from a caller without a role, and a purpose written in another case', async () => {
    const publiek = /* GraphQL */ `
      query Publiek {
        _entities(representations: [{ __typename: "Gemeente", code: "0141" }]) {
          ... on Gemeente {
            ondersteuningsbehoeften {
              code
            }
          }
        }
      }
    `
    expect((await viaInstantie(publiek, null)).body.errors).toBeUndefined()
    expect((await viaInstantie(publiek, null, { doel: 'VERANTWOORDING' })).body.errors).toEqual([
      {
        message: 'Doel VERANTWOORDING is niet toegestaan zonder inloggen.',
        extensions: { code: 'FORBIDDEN', toegestaneDoelen: [] },
      },
    ])
    const klein = await viaInstantie(LEES, medewerker, {
      variables: { id: inwonerId },
      doel: 'verantwoording',
    })
    expect(klein.body.errors!.map((e) => e.extensions)).toEqual([
      { code: 'FORBIDDEN', toegestaneDoelen: ['TOEGANG_JEUGD_WMO', 'VERANTWOORDING'] },
    ])
  })

  it("logs a read under the purpose stated, and without x-doel under the role's statutory default", async () => {
    const metDoel = await nieuweLogregels(() =>
      viaInstantie(LEES, medewerker, { variables: { id: inwonerId }, doel: 'VERANTWOORDING' }),
    )
    const zonder = await nieuweLogregels(() =>
      viaInstantie(LEES, medewerker, { variables: { id: inwonerId } }),
    )
    expect([...metDoel, ...zonder]).toEqual([
      { inwonerId, gebeurtenis: 'RAADPLEGEN', gebruiker: medewerker.sub, doel: 'VERANTWOORDING' },
      { inwonerId, gebeurtenis: 'RAADPLEGEN', gebruiker: medewerker.sub, doel: 'TOEGANG_JEUGD_WMO' },
    ])
  })
})

describe('reads that show whether someone lives in the gemeente', () => {
  const ZOEK = /* GraphQL */ `
    query Zoek($zoek: String) {
      inwoners(gemeenteCode: "0141", zoek: $zoek) {
        totalCount
      }
    }
  `

  it('log a search by BSN that finds the resident, even when only the count is asked', async () => {
    const [inwoner] = await db.query('SELECT id, bsn FROM inwoner ORDER BY bsn LIMIT 1')
    const regels = await nieuweLogregels(async () => {
      expect((await viaInstantie(ZOEK, medewerker, { variables: { zoek: inwoner.bsn } })).body).toEqual({
        data: { inwoners: { totalCount: 1 } },
      })
    })
    expect(regels).toEqual([
      {
        inwonerId: inwoner.id,
        gebeurtenis: 'RAADPLEGEN',
        gebruiker: medewerker.sub,
        doel: 'TOEGANG_JEUGD_WMO',
      },
    ])
  })

  it('log the residents a name search answers with, whatever is selected of them', async () => {
    const [inwoner] = await db.query('SELECT id, achternaam FROM inwoner ORDER BY id LIMIT 1')
    const zoek = inwoner.achternaam as string
    const gevonden: { id: string }[] = await db.query(
      'SELECT id FROM inwoner WHERE LOWER(achternaam) = ? ORDER BY id',
      [zoek.toLowerCase()],
    )
    const regels = await nieuweLogregels(() =>
      viaInstantie(
        /* GraphQL */ `
          query Cursors($zoek: String) {
            inwoners(gemeenteCode: "0141", zoek: $zoek, eerste: 100) {
              edges {
                cursor
              }
            }
          }
        `,
        medewerker,
        { variables: { zoek } },
      ),
    )
    expect(regels.map((r) => r.inwonerId).sort()).toEqual(gevonden.map((g) => g.id))
  })

  it('answer a BSN that lives elsewhere exactly as one that exists nowhere, and log neither', async () => {
    const hier = new Set((await db.query('SELECT bsn FROM inwoner')).map((r: { bsn: string }) => r.bsn))
    const enschede = generateGemeente('0153', { inwoners: 20 }, generateAanbieders()).inwoners.map(
      (i) => i.bsn,
    )
    const elders = enschede.find((b) => !hier.has(b))!
    const nergens = ['999999990', '123456782'].find((b) => !hier.has(b) && !enschede.includes(b))!
    const VOLLEDIG = /* GraphQL */ `
      query Volledig($zoek: String) {
        inwoners(gemeenteCode: "0141", zoek: $zoek) {
          totalCount
          edges {
            cursor
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    `
    const regels = await nieuweLogregels(async () => {
      for (const zoek of [elders, nergens]) {
        expect((await viaInstantie(VOLLEDIG, medewerker, { variables: { zoek } })).body, zoek).toEqual({
          data: { inwoners: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } } },
        })
      }
    })
    expect(regels).toEqual([])
  })

  it('log a resident looked up by id or by entity reference even when no field of them is asked', async () => {
    const [inwoner] = await db.query('SELECT id FROM inwoner ORDER BY id DESC LIMIT 1')
    const OPZOEKEN = {
      root: /* GraphQL */ `
        query Bestaat($id: ID!) {
          inwoner(gemeenteCode: "0141", id: $id) {
            __typename
          }
        }
      `,
      entity: /* GraphQL */ `
        query Entiteit($id: ID!) {
          _entities(representations: [{ __typename: "Inwoner", gemeenteCode: "0141", id: $id }]) {
            __typename
          }
        }
      `,
    }
    for (const [hoe, source] of Object.entries(OPZOEKEN)) {
      const regels = await nieuweLogregels(() =>
        viaInstantie(source, medewerker, { variables: { id: inwoner.id } }),
      )
      expect(
        regels.map((r) => r.inwonerId),
        hoe,
      ).toEqual([inwoner.id])
    }
  })
  it("log a staff member's reading of a resident's access log, and refuse an id that is nobody's", async () => {
    const [inwoner] = await db.query('SELECT id FROM inwoner ORDER BY id LIMIT 1 OFFSET 3')
    const LOG = /* GraphQL */ `
      query Log($id: ID) {
        toegangslog(gemeenteCode: "0141", inwonerId: $id) {
          totalCount
        }
      }
    `
    const regels = await nieuweLogregels(() =>
      viaInstantie(LOG, medewerker, { variables: { id: inwoner.id } }),
    )
    expect(regels.map((r) => [r.inwonerId, r.gebeurtenis])).toEqual([[inwoner.id, 'RAADPLEGEN']])
    const niemand = await viaInstantie(LOG, medewerker, { variables: { id: 'niemand' } })
    expect(fouten(niemand.body.errors).map((e) => e.extensions)).toEqual([
      { code: 'NOT_FOUND', id: 'niemand' },
    ])
  })
})

describe('reads of what is about a household, or about a resident through another object', () => {
  const leden = async (huishoudenId: string): Promise<string[]> =>
    (await db.query('SELECT id FROM inwoner WHERE huishoudenId = ? ORDER BY id', [huishoudenId])).map(
      (r: { id: string }) => r.id,
    )
  const gelezen = async (source: string, variables: Record<string, unknown>) => {
    const regels = await nieuweLogregels(async () => {
      const { body } = await viaInstantie(source, medewerker, { variables })
      expect(body.errors).toBeUndefined()
    })
    expect(new Set(regels.map((r) => r.gebeurtenis))).toEqual(new Set(['RAADPLEGEN']))
    return regels.map((r) => r.inwonerId).sort()
  }

  it('log every member for a plan and its versions, and for a request about the whole household', async () => {
    const [plan] = await db.query('SELECT id, huishoudenId FROM plan ORDER BY id LIMIT 1')
    const PLAN = /* GraphQL */ `
      query Plan($id: ID!) {
        plan(gemeenteCode: "0141", id: $id) {
          status
          versies {
            inhoud
          }
        }
      }
    `
    expect(await gelezen(PLAN, { id: plan.id })).toEqual(await leden(plan.huishoudenId))

    const [gezin] = await db.query(
      'SELECT id, huishoudenId FROM melding WHERE inwonerId IS NULL ORDER BY id LIMIT 1',
    )
    const MELDING = /* GraphQL */ `
      query Melding($id: ID!) {
        melding(gemeenteCode: "0141", id: $id) {
          omschrijving
          stappen {
            bevinding
          }
        }
      }
    `
    expect(await gelezen(MELDING, { id: gezin.id })).toEqual(await leden(gezin.huishoudenId))
  })

  it('log for a plan also whoever has a need in it after moving to another household here', async () => {
    const [behoefte] = await db.query(
      `SELECT b.planId, b.inwonerId, i.huishoudenId FROM plan_behoefte b JOIN inwoner i ON i.id = b.inwonerId
       ORDER BY b.id LIMIT 1`,
    )
    const [elders] = await db.query('SELECT id FROM huishouden WHERE id <> ? ORDER BY id LIMIT 1', [
      behoefte.huishoudenId,
    ])
    await db.query('UPDATE inwoner SET huishoudenId = ? WHERE id = ?', [elders.id, behoefte.inwonerId])
    try {
      const STATUS = /* GraphQL */ `
        query Status($id: ID!) {
          plan(gemeenteCode: "0141", id: $id) {
            status
          }
        }
      `
      expect(await gelezen(STATUS, { id: behoefte.planId })).toContain(behoefte.inwonerId)
    } finally {
      await db.query('UPDATE inwoner SET huishoudenId = ? WHERE id = ?', [
        behoefte.huishoudenId,
        behoefte.inwonerId,
      ])
    }
  })

  it('log the resident of an evaluation a change answers with, found through its result and need', async () => {
    const [resultaat] = await db.query(
      `SELECT r.id, b.inwonerId FROM resultaat r JOIN plan_behoefte b ON b.id = r.behoefteId
       JOIN plan p ON p.id = b.planId WHERE p.status = 'ACTIEF' ORDER BY r.id LIMIT 1`,
    )
    const EVALUEER = /* GraphQL */ `
      mutation Evalueer($invoer: EvaluatieInvoer!, $k: String!) {
        evaluatieVastleggen(gemeenteCode: "0141", invoer: $invoer, idempotentieSleutel: $k) {
          voortgang
        }
      }
    `
    const invoer = { resultaatId: resultaat.id, voortgang: 50, toelichting: 'Het gaat langzaam beter.' }
    const regels = await nieuweLogregels(async () => {
      const { body } = await viaInstantie(EVALUEER, medewerker, {
        variables: { invoer, k: 'log-evaluatie-1' },
      })
      expect(body.errors).toBeUndefined()
    })
    // The change itself, and the evaluation the answer carries: both about the need's resident.
    expect(regels.map((r) => [r.gebeurtenis, r.inwonerId])).toEqual([
      ['WIJZIGEN', resultaat.inwonerId],
      ['RAADPLEGEN', resultaat.inwonerId],
    ])
  })

  it('log the resident of a declaration: whom its allocation is for', async () => {
    const [toewijzing] = await db.query(
      'SELECT id, inwonerId, aanbiederAgbCode FROM toewijzing ORDER BY id LIMIT 1',
    )
    const id = 'declaratie-logtest'
    await db.getRepository(Declaratie).insert({
      id,
      gemeenteCode: ALMELO,
      toewijzingId: toewijzing.id,
      aanbiederAgbCode: toewijzing.aanbiederAgbCode,
      periode: '2026-01',
      begindatum: '2026-01-01',
      einddatum: '2026-01-31',
      ingediendOp: '2026-02-01',
      versie: 1,
    })
    const DECLARATIE = /* GraphQL */ `
      query Declaratie($id: ID!) {
        declaratie(gemeenteCode: "0141", id: $id) {
          periode
          regels {
            status
          }
        }
      }
    `
    try {
      expect(await gelezen(DECLARATIE, { id })).toEqual([toewijzing.inwonerId])
    } finally {
      await db.getRepository(Declaratie).delete({ id })
    }
  })
})

describe('changes to a request for the whole household', () => {
  const REGISTREER = /* GraphQL */ `
    mutation Registreer($huishoudenId: ID!, $sleutel: String!) {
      meldingRegistreren(
        gemeenteCode: "0141"
        idempotentieSleutel: $sleutel
        invoer: {
          huishoudenId: $huishoudenId
          verwijzerType: GEMEENTE
          omschrijving: "Het gezin loopt vast."
        }
      ) {
        id
        status
      }
    }
  `
  const STAP = /* GraphQL */ `
    mutation Stap($id: ID!, $sleutel: String!) {
      gespreksstapVastleggen(
        gemeenteCode: "0141"
        meldingId: $id
        stap: EIGEN_KRACHT
        bevinding: "Het netwerk helpt al."
        idempotentieSleutel: $sleutel
      ) {
        status
      }
    }
  `
  const AFSLUITEN = /* GraphQL */ `
    mutation Afsluiten($id: ID!, $sleutel: String!) {
      meldingAfsluitenZonderPlan(gemeenteCode: "0141", meldingId: $id, idempotentieSleutel: $sleutel) {
        status
      }
    }
  `
  const nieuweMelding = async (sleutel: string) => {
    const [huishouden] = await db.query(
      `SELECT h.id FROM huishouden h WHERE NOT EXISTS (SELECT 1 FROM plan p WHERE p.huishoudenId = h.id AND p.openSleutel IS NOT NULL)
       ORDER BY h.id LIMIT 1`,
    )
    const leden = (
      await db.query('SELECT id FROM inwoner WHERE huishoudenId = ? ORDER BY id', [huishouden.id])
    ).map((r: { id: string }) => r.id)
    const { body } = await viaInstantie(REGISTREER, medewerker, {
      variables: { huishoudenId: huishouden.id, sleutel },
    })
    expect(body.errors).toBeUndefined()
    return { id: (body.data as { meldingRegistreren: { id: string } }).meldingRegistreren.id, leden }
  }
  const wijzigingen = async (actie: () => Promise<{ body: { errors?: unknown } }>) => {
    const regels = await nieuweLogregels(async () => expect((await actie()).body.errors).toBeUndefined())
    return regels
      .filter((r) => r.gebeurtenis === 'WIJZIGEN')
      .map((r) => r.inwonerId)
      .sort()
  }

  it('logs a change for every member when a step is recorded and when it is closed without a plan', async () => {
    const melding = await nieuweMelding('log-registreer')
    expect(
      await wijzigingen(() =>
        viaInstantie(STAP, medewerker, { variables: { id: melding.id, sleutel: 'log-stap' } }),
      ),
    ).toEqual(melding.leden)
    expect(
      await wijzigingen(() =>
        viaInstantie(AFSLUITEN, medewerker, { variables: { id: melding.id, sleutel: 'log-afsluiten' } }),
      ),
    ).toEqual(melding.leden)
  })

  it('logs a change for every member when a plan is drawn up after it', async () => {
    const melding = await nieuweMelding('log-plan-registreer')
    for (const stap of ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'])
      await viaInstantie(STAP.replace('EIGEN_KRACHT', stap), medewerker, {
        variables: { id: melding.id, sleutel: `log-plan-${stap}` },
      })
    const PLAN = /* GraphQL */ `
      mutation Plan($id: ID!, $d: LocalDate!) {
        planOpstellen(
          gemeenteCode: "0141"
          meldingId: $id
          startdatum: $d
          idempotentieSleutel: "log-plan-opstellen"
        ) {
          id
        }
      }
    `
    const d = new Date().toISOString().slice(0, 10)
    expect(
      await wijzigingen(() => viaInstantie(PLAN, medewerker, { variables: { id: melding.id, d } })),
    ).toEqual(melding.leden)
  })

  it('writes a status only from the one it read: a request closed meanwhile is not reopened by a step', async () => {
    const melding = await nieuweMelding('guard-registreer')
    await viaInstantie(STAP, medewerker, { variables: { id: melding.id, sleutel: 'guard-stap' } })
    // Another request closes it between this step's read and its write (here: as the step is inserted).
    const sluitTussendoor: EntitySubscriberInterface = {
      listenTo: () => Gespreksstap,
      afterInsert: (event) =>
        event.manager.query("UPDATE melding SET status = 'AFGESLOTEN_ZONDER_PLAN' WHERE id = ?", [
          melding.id,
        ]),
    }
    db.subscribers.push(sluitTussendoor)
    try {
      const NETWERK = STAP.replace('EIGEN_KRACHT', 'NETWERK')
      const { body } = await viaInstantie(NETWERK, medewerker, {
        variables: { id: melding.id, sleutel: 'guard-netwerk' },
      })
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        huidigeStatus: 'AFGESLOTEN_ZONDER_PLAN',
      })
    } finally {
      db.subscribers.splice(db.subscribers.indexOf(sluitTussendoor), 1)
    }
    // Nothing of the step was kept (the close simulated in its transaction went with it).
    const stappen = await db.query('SELECT stap FROM gespreksstap WHERE meldingId = ?', [melding.id])
    expect(stappen.map((r: { stap: string }) => r.stap)).toEqual(['EIGEN_KRACHT'])
  })
})

/** The message and extensions of each error, the parts a client acts on. */
const fouten = (errors: readonly { message: string; extensions?: unknown }[] | undefined) =>
  (errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions }))

describe('oversized and malformed input', () => {
  it('refuses a 100 KB name search with BAD_USER_INPUT naming the field and its limit', async () => {
    const result = await viaInstantie(
      /* GraphQL */ `
        query Zoek($zoek: String) {
          inwoners(gemeenteCode: "0141", zoek: $zoek) {
            totalCount
          }
        }
      `,
      medewerker,
      { variables: { zoek: 'a'.repeat(100 * 1024) } },
    )
    expect(result.body.data).toEqual({ inwoners: null })
    expect(fouten(result.body.errors)).toEqual([
      { message: 'zoek: ten hoogste 100 tekens.', extensions: { code: 'BAD_USER_INPUT', field: 'zoek' } },
    ])
  })

  it('names the path of a refused field inside an input, and writes nothing', async () => {
    const [plan] = await db.query("SELECT id, versie FROM plan WHERE status = 'CONCEPT' LIMIT 1")
    const [lid] = await db.query(
      'SELECT i.id FROM inwoner i JOIN plan p ON p.huishoudenId = i.huishoudenId WHERE p.id = ?',
      [plan.id],
    )
    const [huishouden] = await db.query('SELECT id FROM huishouden LIMIT 1')
    const sleutel = 'test-limiet-00001'
    const gevallen: [string, Record<string, unknown>, string, string][] = [
      [
        /* GraphQL */ `
          mutation Melding($invoer: MeldingInvoer!, $k: String!) {
            meldingRegistreren(gemeenteCode: "0141", invoer: $invoer, idempotentieSleutel: $k) {
              id
            }
          }
        `,
        {
          invoer: { huishoudenId: huishouden.id, verwijzerType: 'HUISARTS', omschrijving: 'x'.repeat(2001) },
          k: sleutel,
        },
        'invoer.omschrijving',
        'invoer.omschrijving: 5 tot 2000 tekens.',
      ],
      [
        /* GraphQL */ `
          mutation Behoefte($plan: ID!, $v: Int!, $invoer: BehoefteInvoer!, $k: String!) {
            behoefteToevoegen(
              gemeenteCode: "0141"
              planId: $plan
              versie: $v
              invoer: $invoer
              idempotentieSleutel: $k
            ) {
              id
            }
          }
        `,
        {
          plan: plan.id,
          v: plan.versie,
          invoer: {
            inwonerId: lid.id,
            ondersteuningsbehoefte: 'VB-ALM-OB-01',
            niveau: 'A',
            resultaten: [
              { omschrijving: 'Het gezin heeft elke week een vast ritme.', streefdatum: '2030-01-01' },
              { omschrijving: 'Rust', streefdatum: '2030-01-01' },
            ],
          },
          k: sleutel,
        },
        'invoer.resultaten.1.omschrijving',
        'invoer.resultaten.1.omschrijving: schrijf het resultaat concreet uit, in 15 tot 1000 tekens.',
      ],
      [
        /* GraphQL */ `
          mutation Intrekken($plan: ID!, $v: Int!, $reden: String!, $k: String!) {
            planIntrekken(
              gemeenteCode: "0141"
              planId: $plan
              versie: $v
              reden: $reden
              idempotentieSleutel: $k
            ) {
              id
            }
          }
        `,
        { plan: plan.id, v: plan.versie, reden: 'r'.repeat(501), k: sleutel },
        'reden',
        'reden: geef de reden, in 5 tot 500 tekens.',
      ],
      [
        /* GraphQL */ `
          mutation Aanpassen($plan: ID!, $v: Int!, $aanpassing: PlanAanpassing!, $k: String!) {
            planAanpassen(
              gemeenteCode: "0141"
              planId: $plan
              versie: $v
              aanpassing: $aanpassing
              reden: "Meer hulp nodig."
              idempotentieSleutel: $k
            ) {
              id
            }
          }
        `,
        {
          plan: plan.id,
          v: plan.versie,
          aanpassing: { niveaus: [{ behoefteId: 'b1', niveau: 'C', volume: -7 }] },
          k: sleutel,
        },
        'aanpassing.niveaus.0.volume',
        'aanpassing.niveaus.0.volume: 1 tot en met 99999.',
      ],
    ]
    const tellen = async () =>
      Number((await db.query('SELECT COUNT(*) AS n FROM idempotentie'))[0].n) +
      Number((await db.query('SELECT COUNT(*) AS n FROM plan_versie'))[0].n)
    const voor = await tellen()
    for (const [source, variables, field, message] of gevallen) {
      const result = await viaInstantie(source, medewerker, { variables })
      expect(fouten(result.body.errors), field).toEqual([
        { message, extensions: { code: 'BAD_USER_INPUT', field } },
      ])
    }
    expect(await tellen()).toBe(voor)
  })

  const ENTITEIT = /* GraphQL */ `
    query Entiteit($representations: [_Any!]!) {
      _entities(representations: $representations) {
        __typename
      }
    }
  `

  it('refuses an entity representation without its key, naming the representation and the missing key field', async () => {
    const gevallen: [unknown[], string, string][] = [
      [
        [{ __typename: 'Inwoner', gemeenteCode: '0141' }],
        'representations.0.id',
        'het sleutelveld id van Inwoner ontbreekt',
      ],
      [
        [
          { __typename: 'Gemeente', code: '0141' },
          { __typename: 'Plan', id: 'abc' },
        ],
        'representations.1.gemeenteCode',
        'het sleutelveld gemeenteCode van Plan ontbreekt',
      ],
      [
        [{ __typename: 'Toewijzing', gemeenteCode: '0141', id: null }],
        'representations.0.id',
        'het sleutelveld id van Toewijzing ontbreekt',
      ],
      [
        [{ __typename: 'Melding', gemeenteCode: '0141', id: { in: [] } }],
        'representations.0.id',
        'het sleutelveld id van Melding ontbreekt',
      ],
      [[{ __typename: 'Gemeente' }], 'representations.0.code', 'het sleutelveld code van Gemeente ontbreekt'],
      [[{ __typename: 'PageInfo' }], 'representations.0.__typename', 'PageInfo is hier geen entiteit'],
      [[{ id: 'abc' }], 'representations.0.__typename', 'undefined is hier geen entiteit'],
      [
        ['Inwoner'],
        'representations.0',
        'een representatie is een object met __typename en de sleutelvelden',
      ],
    ]
    for (const [representations, field, melding] of gevallen) {
      const { data, errors } = await run(ENTITEIT, medewerker, { representations })
      // _entities is a non-null list: a refused list leaves no data at all.
      expect(data, field).toBeNull()
      expect(fouten(errors), field).toEqual([
        { message: `${field}: ${melding}.`, extensions: { code: 'BAD_USER_INPUT', field } },
      ])
    }
  })

  it('checks the keys of the catalogue’s and the registry’s entities the same way', async () => {
    for (const [bouw, representation, veld] of [
      [buildCatalogusSchema, { __typename: 'Module' }, 'code'],
      [buildCatalogusSchema, { __typename: 'Ondersteuningsbehoefte', naam: 'x' }, 'code'],
      [buildAanbiedersSchema, { __typename: 'Aanbieder', naam: 'x' }, 'agbCode'],
    ] as const) {
      const result = await graphql({
        schema: await bouw(),
        source: ENTITEIT,
        variableValues: { representations: [representation] },
        contextValue: {},
      })
      expect(result.data).toBeNull()
      expect(fouten(result.errors)).toEqual([
        {
          message: `representations.0.${veld}: het sleutelveld ${veld} van ${representation.__typename} ontbreekt.`,
          extensions: { code: 'BAD_USER_INPUT', field: `representations.0.${veld}` },
        },
      ])
    }
  })

  it("refuses another gemeente's entity with the same error as its root fields, for that entity only", async () => {
    const [plan] = await db.query('SELECT id FROM plan LIMIT 1')
    const { data, errors } = await run(ENTITEIT, medewerker, {
      representations: [
        { __typename: 'Plan', gemeenteCode: '0141', id: plan.id },
        { __typename: 'Plan', gemeenteCode: '0153', id: plan.id },
      ],
    })
    expect(data).toEqual({ _entities: [{ __typename: 'Plan' }, null] })
    expect(errors!.map((e) => ({ path: e.path, message: e.message, extensions: e.extensions }))).toEqual([
      {
        path: ['_entities', 1],
        message: 'Deze dienst is van gemeente 0141, niet van 0153.',
        extensions: { code: 'BAD_USER_INPUT', field: 'gemeenteCode' },
      },
    ])
  })
})
