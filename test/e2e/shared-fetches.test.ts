import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { Aanbieder } from '../../subgraphs/aanbieders/aanbieder/aanbieder.entity'
import { GATEWAY_TOKEN_HEADER } from '../../shared/auth/caller'
import { ACCESS_LOG_HEADER, SHAREABLE_READ_HEADER, SHARED_READ_PATH } from '../../shared/http/shared-reads'
import { scrape, sumOf } from '../harness/metrics'
import {
  gatewayTokenFor,
  identities,
  startTestStack,
  tokenFor,
  type GraphQLResponseBody,
  type TestStack,
} from '../harness/stack'

let stack: TestStack
const CONNECTED = ['0141', '0147', '0153', '0164']

beforeAll(async () => {
  // Almelo buys its own support (EIGEN); Borne, Enschede and Hengelo the region's (REGIONAAL).
  stack = await startTestStack('shared-fetches', { gemeenten: CONNECTED })
})
afterAll(async () => {
  await stack?.stop()
})

/** One request through the gateway with its own request id, as a front-end sends it. */
async function request(source: string, as: Identity | null, requestId: string, doel?: string) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...(as ? { authorization: `Bearer ${await tokenFor(as)}` } : {}),
      ...(doel ? { 'x-doel': doel } : {}),
    },
    body: JSON.stringify({ query: source }),
  })
  return (await response.json()) as GraphQLResponseBody
}

const HUISHOUDENS = /* GraphQL */ `
  query Huishoudens {
    plannen(gemeenteCode: "0153", eerste: 5) {
      edges {
        node {
          huishouden {
            naam
            leden {
              voornamen
            }
          }
        }
      }
    }
  }
`

/** Each request's NEN 7513 entries, its own and those it was given by a shared read. */
const logOf = async (requestIds: string[]) =>
  (await stack
    .gemeente('0153')
    .db.query(
      `SELECT verzoekId, inwonerId, gebruiker, doel FROM toegangslog_volledig WHERE verzoekId IN (${requestIds.map(() => '?').join(',')}) ORDER BY verzoekId, inwonerId`,
      requestIds,
    )) as { verzoekId: string; inwonerId: string; gebruiker: string; doel: string }[]

/** Requests that waited for another's fetch at Enschede (R30) or were answered by another's execution (R35). */
const joinedFetches = async () => {
  const { samples } = await scrape(stack.gatewayUrl)
  return (
    sumOf(samples, 'gateway_subgraph_fetches_joined_total', { gemeente: '0153' }) +
    sumOf(samples, 'gateway_requests_joined_total')
  )
}
const joinedExecutions = async () =>
  sumOf((await scrape(stack.gatewayUrl)).samples, 'gateway_requests_joined_total')

describe('identical requests in flight (R30, R31, R35)', () => {
  it('answers ten identical concurrent requests with fewer reads, and logs a read for each under its own request id', async () => {
    const medewerker = identities.medewerker('0153')
    const sql = stack.gemeente('0153').sql
    sql.reset()
    const alone = await request(HUISHOUDENS, medewerker, 'alleen-1')
    const oneRequest = sql.count
    const readers = (await logOf(['alleen-1'])).map((r) => r.inwonerId)
    expect(readers.length).toBeGreaterThan(0)

    const joinedBefore = await joinedExecutions()
    sql.reset()
    const ids = Array.from({ length: 10 }, (_, i) => `samen-${i}`)
    const answers = await Promise.all(ids.map((id) => request(HUISHOUDENS, medewerker, id)))
    for (const answer of answers) expect(answer).toEqual(alone)
    console.log(
      `SQL statements at gemeente 0153: ${oneRequest} for one request, ${sql.count} for ten identical ones`,
    )
    // Answered by another's execution (R35): so each was logged by the notice the gateway sent.
    expect(await joinedExecutions()).toBeGreaterThan(joinedBefore)
    expect(sql.count).toBeLessThan(10 * oneRequest)

    // NEN 7513: every request has its own entries, one per resident it read, with its caller and purpose.
    const log = await logOf(ids)
    for (const id of ids) {
      const own = log.filter((r) => r.verzoekId === id)
      expect(own.map((r) => r.inwonerId)).toEqual([...readers].sort())
      expect(new Set(own.map((r) => `${r.gebruiker} ${r.doel}`))).toEqual(
        new Set([`${medewerker.sub} TOEGANG_JEUGD_WMO`]),
      )
    }
    // A shared read is written once, with a row per request it was given to.
    const [{ eigen }] = await stack
      .gemeente('0153')
      .db.query(
        `SELECT COUNT(*) AS eigen FROM toegangslog WHERE verzoekId IN (${ids.map(() => '?').join(',')})`,
        ids,
      )
    expect(Number(eigen)).toBeLessThan(ids.length * readers.length)

    // The resident's log shows every request as entries of its own, page by page, oldest first.
    const inwonerId = readers[0]
    const LOG = /* GraphQL */ `
      query Log($id: ID!, $na: String) {
        toegangslog(gemeenteCode: "0153", inwonerId: $id, eerste: 4, na: $na) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              id
              tijdstip
              gebruiker
            }
          }
        }
      }
    `
    const [{ n }] = await stack
      .gemeente('0153')
      .db.query('SELECT COUNT(*) AS n FROM toegangslog_volledig WHERE inwonerId = ?', [inwonerId])
    const gezien: { id: string; tijdstip: string }[] = []
    let na: string | null = null
    do {
      const pagina = (await stack.data(LOG, { id: inwonerId, na }, medewerker)) as {
        toegangslog: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null }
          edges: { node: { id: string; tijdstip: string } }[]
        }
      }
      gezien.push(...pagina.toegangslog.edges.map((e) => e.node))
      na = pagina.toegangslog.pageInfo.hasNextPage ? pagina.toegangslog.pageInfo.endCursor : null
    } while (na)
    // Reading the log is an access too: each page adds one at the end.
    expect(gezien.length).toBeGreaterThanOrEqual(Number(n))
    expect(new Set(gezien.map((e) => e.id)).size).toBe(gezien.length)
    expect(gezien.map((e) => e.tijdstip)).toEqual(gezien.map((e) => e.tijdstip).sort())
    expect(gezien.filter((e) => /^d\d+-\d+$/.test(e.id)).length).toBeGreaterThan(0)
  })

  it('shares a fetch only between requests of the same caller with the same purpose', async () => {
    const een = identities.medewerker('0153')
    const ander = { ...identities.medewerker('0153'), sub: 'test-0153-ander', naam: 'Andere medewerker' }
    const asked = [
      ...Array.from({ length: 4 }, (_, i) => ({ id: `een-${i}`, as: een, doel: undefined })),
      ...Array.from({ length: 4 }, (_, i) => ({ id: `ander-${i}`, as: ander, doel: undefined })),
      ...Array.from({ length: 4 }, (_, i) => ({
        id: `verantwoording-${i}`,
        as: een,
        doel: 'VERANTWOORDING',
      })),
    ]
    await Promise.all(asked.map(({ id, as, doel }) => request(HUISHOUDENS, as, id, doel)))
    const log = await logOf(asked.map((a) => a.id))
    for (const { id, as, doel } of asked) {
      const own = log.filter((r) => r.verzoekId === id)
      expect(own.length).toBeGreaterThan(0)
      expect(new Set(own.map((r) => `${r.gebruiker} ${r.doel}`))).toEqual(
        new Set([`${as.sub} ${doel ?? 'TOEGANG_JEUGD_WMO'}`]),
      )
    }
  })

  it('never shares a mutation', async () => {
    const medewerker = identities.medewerker('0153')
    const [{ id: huishoudenId }] = await stack
      .gemeente('0153')
      .db.query('SELECT id FROM huishouden ORDER BY id LIMIT 1')
    const MELDING = /* GraphQL */ `
      mutation Melding($sleutel: String!, $huishouden: ID!) {
        meldingRegistreren(
          gemeenteCode: "0153"
          idempotentieSleutel: $sleutel
          invoer: { huishoudenId: $huishouden, verwijzerType: GEMEENTE, omschrijving: "Test: gelijktijdig." }
        ) {
          id
        }
      }
    `
    const send = (sleutel: string) =>
      stack.query(MELDING, { variables: { sleutel, huishouden: huishoudenId }, as: medewerker })
    const before = await joinedFetches()
    const answers = await Promise.all([send('melding-1'), send('melding-2'), send('melding-3')])
    const made = answers.map((a) => a.body.data?.meldingRegistreren?.id)
    expect(answers.map((a) => a.body.errors)).toEqual([undefined, undefined, undefined])
    expect(new Set(made).size).toBe(3)
    expect(await joinedFetches()).toBe(before)
  })
})

/** The providers of Enschede's allocations, with `fields` of each. */
const aanbiedersVanPlannen = (fields: string) => /* GraphQL */ `
  query AanbiedersVanPlannen {
    plannen(gemeenteCode: "0153", eerste: 20) {
      edges { node { toewijzingen { aanbieder { agbCode ${fields} } } } }
    }
  }
`
const AANBIEDERS_VAN_PLANNEN = aanbiedersVanPlannen('naam')

describe("the instance's notice of a shared read (R31, R35)", () => {
  /** A read of Enschede's households sent as the gateway sends a fetch it may share. */
  async function sharedRead(requestId: string) {
    const response = await fetch(stack.gemeente('0153').url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenFor(identities.medewerker('0153'))}`,
        [GATEWAY_TOKEN_HEADER]: await gatewayTokenFor('gemeente-0153'),
        'x-request-id': requestId,
        [SHAREABLE_READ_HEADER]: '1',
      },
      body: JSON.stringify({ query: HUISHOUDENS }),
    })
    expect(((await response.json()) as GraphQLResponseBody).errors).toBeUndefined()
    return response.headers.get(ACCESS_LOG_HEADER)!
  }
  const notice = async (reference: string, requestIds: string[], token?: string) =>
    (
      await fetch(new URL(SHARED_READ_PATH, stack.gemeente('0153').url), {
        method: 'POST',
        headers: {
          [GATEWAY_TOKEN_HEADER]: token ?? (await gatewayTokenFor('gemeente-0153')),
          [ACCESS_LOG_HEADER]: reference,
          'x-request-ids': requestIds.join(','),
        },
      })
    ).status

  it('logs the read for the requests each notice names, in as many notices as the gateway sends while the read is kept', async () => {
    const reference = await sharedRead('gedeeld-bron')
    expect(reference).toMatch(/^[0-9a-f-]{36}$/)
    // One notice for the requests that joined the fetch (R30), one for those that joined the execution (R35).
    expect(await notice(reference, ['gedeeld-fetch-1', 'gedeeld-fetch-2'])).toBe(200)
    expect(await notice(reference, ['gedeeld-uitvoering-1'])).toBe(200)
    const log = await logOf(['gedeeld-bron', 'gedeeld-fetch-1', 'gedeeld-fetch-2', 'gedeeld-uitvoering-1'])
    const readers = (id: string) => log.filter((r) => r.verzoekId === id).map((r) => r.inwonerId)
    expect(readers('gedeeld-bron').length).toBeGreaterThan(0)
    for (const id of ['gedeeld-fetch-1', 'gedeeld-fetch-2', 'gedeeld-uitvoering-1'])
      expect(readers(id)).toEqual(readers('gedeeld-bron'))
  })

  it('refuses a reference it does not keep (410) and a notice not from the gateway (403)', async () => {
    expect(await notice('00000000-0000-0000-0000-000000000000', ['onbekend-1'])).toBe(410)
    const reference = await sharedRead('gedeeld-ander')
    expect(await notice(reference, ['niet-van-gateway'], await tokenFor(identities.medewerker('0153')))).toBe(
      403,
    )
    expect(await logOf(['onbekend-1', 'niet-van-gateway'])).toEqual([])
  })
})

describe('the cache of regional entities (R28, R29)', () => {
  it('answers public provider fields from the cache, and a changed provider within one version poll', async () => {
    const medewerker = identities.medewerker('0153')
    const first = await request(AANBIEDERS_VAN_PLANNEN, medewerker, 'cache-1')
    const agb = first
      .data!.plannen.edges.flatMap((e: any) => e.node.toewijzingen)
      .map((t: any) => t.aanbieder.agbCode)[0] as string
    expect(agb).toBeDefined()
    const registry = stack.aanbieders.sql
    registry.reset()
    expect(await request(AANBIEDERS_VAN_PLANNEN, medewerker, 'cache-2')).toEqual(first)
    expect(registry.count).toBe(0)

    await stack.aanbieders.db.getRepository(Aanbieder).update({ id: agb }, { naam: 'Nieuwe naam BV' })
    // The gateway learns the new version from its poll (every second by default).
    let naam: string | undefined
    for (let i = 0; i < 30 && naam !== 'Nieuwe naam BV'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      const answer = await request(AANBIEDERS_VAN_PLANNEN, medewerker, `cache-3-${i}`)
      naam = answer
        .data!.plannen.edges.flatMap((e: any) => e.node.toewijzingen)
        .find((t: any) => t.aanbieder.agbCode === agb)?.aanbieder.naam
    }
    expect(naam).toBe('Nieuwe naam BV')
  })

  it('sees a change made through the gateway from the change’s own answer on', async () => {
    const WACHTTIJD = aanbiedersVanPlannen('wachttijdWeken')
    const medewerker = identities.medewerker('0153')
    const wachttijd = async (agb: string, id: string) =>
      (await request(WACHTTIJD, medewerker, id))
        .data!.plannen.edges.flatMap((e: any) => e.node.toewijzingen)
        .find((t: any) => t.aanbieder.agbCode === agb)?.aanbieder.wachttijdWeken
    const [{ agbCode }] = await stack
      .gemeente('0153')
      .db.query('SELECT aanbiederAgbCode AS agbCode FROM toewijzing ORDER BY id LIMIT 1')
    const voor = await wachttijd(agbCode, 'wachttijd-1')
    expect(await wachttijd(agbCode, 'wachttijd-2')).toBe(voor)
    const nieuw = (voor ?? 0) + 3
    const { body } = await stack.query(
      'mutation W($w: Int) { wachttijdBijwerken(idempotentieSleutel: "wachttijd-bijwerken-1", weken: $w) { wachttijdWeken } }',
      { variables: { w: nieuw }, as: identities.aanbieder(agbCode) },
    )
    expect(body).toEqual({ data: { wachttijdBijwerken: { wachttijdWeken: nieuw } } })
    expect(await wachttijd(agbCode, 'wachttijd-3')).toBe(nieuw)
  })

  it('does not cache a selection with a field that depends on the caller: own ratings are fetched, and refused, each time', async () => {
    const EIGEN = aanbiedersVanPlannen('eigenWaarderingen { score }')
    const medewerker = identities.medewerker('0153')
    const hits = async () =>
      sumOf((await scrape(stack.gatewayUrl)).samples, 'gateway_entity_cache_total', { result: 'hit' })
    const before = await hits()
    const asMedewerker = await request(EIGEN, medewerker, 'eigen-1')
    const again = await request(EIGEN, medewerker, 'eigen-2')
    expect(again).toEqual(asMedewerker)
    expect(await hits()).toBe(before)
    expect(asMedewerker.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  it('never caches a gemeente’s entities: each identical query reads the instance again', async () => {
    const medewerker = identities.medewerker('0153')
    const sql = stack.gemeente('0153').sql
    sql.reset()
    await request(HUISHOUDENS, medewerker, 'niet-1')
    const once = sql.count
    sql.reset()
    await request(HUISHOUDENS, medewerker, 'niet-2')
    expect(sql.count).toBe(once)
    expect(once).toBeGreaterThan(0)
  })
})

describe('the regional catalogue of the REGIONAAL gemeenten (R32)', () => {
  const BEHOEFTEN = 'ondersteuningsbehoeften { code naam omschrijving wet niveaus bron regionaal { code } }'

  /** What a gemeente's own instance answers for its Gemeente entity, asked directly as the gateway asks. */
  async function direct(code: string) {
    const response = await fetch(stack.gemeente(code).url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gateway-token': await gatewayTokenFor(`gemeente-${code}`),
      },
      body: JSON.stringify({
        query: `query Direct($r: [_Any!]!) { _entities(representations: $r) { ... on Gemeente { ${BEHOEFTEN} } } }`,
        variables: { r: [{ __typename: 'Gemeente', code }] },
      }),
    })
    const body = (await response.json()) as GraphQLResponseBody
    expect(body.errors).toBeUndefined()
    return body.data!._entities[0].ondersteuningsbehoeften
  }

  /** The operations each connected instance answered, by name, with how many times. */
  const answered = async () =>
    Object.fromEntries(
      await Promise.all(
        CONNECTED.map(async (code) => {
          const samples = (await scrape(stack.gemeente(code).url)).samples
          const counts: Record<string, number> = {}
          for (const s of samples) {
            if (s.name === 'graphql_requests_total')
              counts[s.labels.operation] = (counts[s.labels.operation] ?? 0) + s.value
          }
          return [code, counts] as const
        }),
      ),
    )
  /** The operations each instance answered between two scrapes, without the planner's fetch numbers. */
  const asked = (
    before: Record<string, Record<string, number>>,
    after: Record<string, Record<string, number>>,
  ) =>
    Object.fromEntries(
      CONNECTED.map((code) => [
        code,
        Object.keys(after[code])
          .filter((op) => after[code][op] !== (before[code][op] ?? 0))
          .map((op) => op.replace(/__\d+$/, ''))
          .sort(),
      ]),
    )

  it('asks one REGIONAAL gemeente and answers the others with the same, as each would answer itself', async () => {
    const before = await answered()
    const answer = await request(`query Regio { gemeenten { code ${BEHOEFTEN} } }`, null, 'regio-1')
    // Almelo (EIGEN) and the first REGIONAAL gemeente are asked; the others, known ready, nothing.
    expect(asked(before, await answered())).toEqual({
      '0141': ['Regio__gemeente'],
      '0147': ['Regio__gemeente'],
      '0153': [],
      '0164': [],
    })
    for (const code of CONNECTED) {
      const gemeente = answer.data!.gemeenten.find((g: { code: string }) => g.code === code)
      expect(gemeente.ondersteuningsbehoeften).toEqual(await direct(code))
    }
    const regionaal = answer.data!.gemeenten.find(
      (g: { code: string }) => g.code === '0153',
    ).ondersteuningsbehoeften
    expect(regionaal.length).toBeGreaterThan(0)
    expect(regionaal[0].bron).toBe('REGIONAAL')
    // The gemeenten not in this stack are reported as before: each unavailable, by name.
    expect(answer.errors!.map((e) => e.extensions!.gemeente).sort()).toEqual([
      '0158',
      '0163',
      '0168',
      '0173',
      '0183',
      '0189',
      '1700',
      '1735',
      '1742',
      '1774',
    ])
  })

  it('asks each gemeente itself when the selection holds something of its own', async () => {
    const before = await answered()
    await request(
      `query Regio { gemeenten { code ${BEHOEFTEN} cijfers { gemeenten } } }`,
      identities.analist(),
      'regio-2',
    )
    const sent = asked(before, await answered())
    for (const code of CONNECTED) expect(sent[code]).toEqual(['Regio__gemeente'])
  })
})
