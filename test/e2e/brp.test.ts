import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { identities, startTestStack, type GraphQLResponseBody, type TestStack } from '../harness/stack'

const G = '0153'
let stack: TestStack
let volg = 0
const sleutel = () => `brp-${process.pid}-${Date.now()}-${volg++}`

const systeem: Identity = {
  sub: 'brp-koppeling-0153',
  naam: 'BRP-koppeling Enschede',
  rol: 'GEMEENTESYSTEEM',
  gemeente: G,
}
const medewerker = identities.medewerker(G)

beforeAll(async () => {
  stack = await startTestStack('brp', { gemeenten: [G], inwoners: 30 })
})
afterAll(async () => {
  await stack?.stop()
})

async function fout(source: string, variables: Record<string, unknown>, as: Identity | null) {
  const { body } = await stack.query(source, { variables, as })
  expect(body.errors, 'expected an error').toBeDefined()
  return { data: body.data, error: body.errors![0] as NonNullable<GraphQLResponseBody['errors']>[number] }
}

const aantal = async (sql: string, params: unknown[] = []) =>
  Number((await stack.gemeente(G).db.query(sql, params))[0].n)

// BSNs from the top of the test range: the seed takes its BSNs from the bottom.
const BSN = ['999999990', '999999989', '999999977', '999999965', '999999953', '999999941']

/** A person as a gemeente's BRP link maps it from Haal Centraal BRP Personen. */
const persoon = (
  bsn: string,
  voornamen: string,
  geboortedatum: string,
  verblijfplaats: Record<string, unknown> | null,
  extra: Record<string, unknown> = {},
) => ({
  burgerservicenummer: bsn,
  naam: { voornamen, voorvoegsel: 'ter', geslachtsnaam: 'Horst' },
  geboorte: { datum: geboortedatum },
  gemeenteVanInschrijving: G,
  verblijfplaats,
  ...extra,
})

const ADRES = {
  straat: 'Oude Markt',
  huisnummer: 12,
  huisletter: 'a',
  postcode: '7511 ga',
  woonplaats: 'Enschede',
}

const VERWERKEN = /* GraphQL */ `
  mutation BrpVerwerken($g: ID!, $personen: [BrpPersoonInvoer!]!, $k: String!) {
    brpPersonenVerwerken(gemeenteCode: $g, personen: $personen, idempotentieSleutel: $k) {
      burgerservicenummer
      inwonerId
      huishoudenId
      uitkomst
    }
  }
`
const HUISHOUDEN = /* GraphQL */ `
  query Huishouden($g: ID!, $id: ID!) {
    huishouden(gemeenteCode: $g, id: $id) {
      naam
      straat
      huisnummer
      huisletter
      huisnummertoevoeging
      postcode
      woonplaats
      leden {
        voornamen
        achternaam
        geboortedatum
        verhuisdOp
        verhuisdNaarGemeenteCode
      }
    }
  }
`
const ZONDER_PLAN = /* GraphQL */ `
  query ZonderPlan($g: ID!, $na: String) {
    huishoudensZonderPlan(gemeenteCode: $g, eerste: 7, na: $na) {
      totalCount
      edges {
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

interface Pagina {
  totalCount: number
  edges: { node: { id: string } }[]
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
}

describe('residents from the population register (BRP)', () => {
  let gezin: { huishoudenId: string; inwonerIds: string[] }

  it("registers a household from BRP-shaped records for the gemeente's own system, with its address", async () => {
    const logVoor = await aantal('SELECT COUNT(*) AS n FROM toegangslog')
    const data = await stack.data(
      VERWERKEN,
      {
        g: G,
        k: sleutel(),
        personen: [
          persoon(BSN[0], 'Anna Maria', '1984-03-02', ADRES),
          persoon(BSN[1], 'Sem', '2015-06-30', ADRES),
        ],
      },
      systeem,
    )
    const [ouder, kind] = data.brpPersonenVerwerken
    gezin = { huishoudenId: ouder.huishoudenId, inwonerIds: [ouder.inwonerId, kind.inwonerId] }
    expect(data).toEqual({
      brpPersonenVerwerken: [
        {
          burgerservicenummer: BSN[0],
          inwonerId: ouder.inwonerId,
          huishoudenId: gezin.huishoudenId,
          uitkomst: 'NIEUW',
        },
        {
          burgerservicenummer: BSN[1],
          inwonerId: kind.inwonerId,
          huishoudenId: gezin.huishoudenId,
          uitkomst: 'NIEUW',
        },
      ],
    })
    expect(await stack.data(HUISHOUDEN, { g: G, id: gezin.huishoudenId }, medewerker)).toEqual({
      huishouden: {
        naam: 'Huishouden ter Horst',
        straat: 'Oude Markt',
        huisnummer: '12',
        huisletter: 'A',
        huisnummertoevoeging: null,
        postcode: '7511GA',
        woonplaats: 'Enschede',
        leden: [
          {
            voornamen: 'Anna Maria',
            achternaam: 'ter Horst',
            geboortedatum: '1984-03-02',
            verhuisdOp: null,
            verhuisdNaarGemeenteCode: null,
          },
          {
            voornamen: 'Sem',
            achternaam: 'ter Horst',
            geboortedatum: '2015-06-30',
            verhuisdOp: null,
            verhuisdNaarGemeenteCode: null,
          },
        ],
      },
    })
    // Each new resident's record shows the change, by whom and for which task (NEN 7513).
    const log = await stack
      .gemeente(G)
      .db.query(
        "SELECT inwonerId, gebeurtenis, actie, gebruiker, rol, namens, doel FROM toegangslog WHERE actie = 'brpPersonenVerwerken' ORDER BY inwonerId",
      )
    expect(log).toEqual(
      [...gezin.inwonerIds].sort().map((inwonerId) => ({
        inwonerId,
        gebeurtenis: 'WIJZIGEN',
        actie: 'brpPersonenVerwerken',
        gebruiker: systeem.sub,
        rol: 'GEMEENTESYSTEEM',
        namens: `gemeente ${G}`,
        doel: 'TOEGANG_JEUGD_WMO',
      })),
    )
    // The medewerker's read above is logged too, for both members.
    expect(await aantal('SELECT COUNT(*) AS n FROM toegangslog')).toBe(logVoor + 4)
  })

  it('is idempotent on BSN: the same person again changes nothing, a new name updates them, nobody is added twice', async () => {
    const tel = async () => ({
      inwoners: await aantal('SELECT COUNT(*) AS n FROM inwoner'),
      huishoudens: await aantal('SELECT COUNT(*) AS n FROM huishouden'),
      wijzigingen: await aantal("SELECT COUNT(*) AS n FROM toegangslog WHERE gebeurtenis = 'WIJZIGEN'"),
    })
    const voor = await tel()
    const zelfde = [
      persoon(BSN[0], 'Anna Maria', '1984-03-02', ADRES),
      persoon(BSN[1], 'Sem', '2015-06-30', ADRES),
    ]
    const opnieuw = await stack.data(VERWERKEN, { g: G, k: sleutel(), personen: zelfde }, systeem)
    expect(opnieuw.brpPersonenVerwerken.map((p: { uitkomst: string }) => p.uitkomst)).toEqual([
      'ONGEWIJZIGD',
      'ONGEWIJZIGD',
    ])
    expect(await tel()).toEqual(voor)

    const k = sleutel()
    const hernoemd = [persoon(BSN[1], 'Sem Lucas', '2015-06-30', ADRES)]
    const eerste = await stack.data(VERWERKEN, { g: G, k, personen: hernoemd }, systeem)
    expect(eerste).toEqual({
      brpPersonenVerwerken: [
        {
          burgerservicenummer: BSN[1],
          inwonerId: gezin.inwonerIds[1],
          huishoudenId: gezin.huishoudenId,
          uitkomst: 'BIJGEWERKT',
        },
      ],
    })
    // A retry with the same key gets the first answer and writes nothing again.
    expect(await stack.data(VERWERKEN, { g: G, k, personen: hernoemd }, systeem)).toEqual(eerste)
    expect(await tel()).toEqual({ ...voor, wijzigingen: voor.wijzigingen + 1 })
    const [{ voornamen }] = await stack
      .gemeente(G)
      .db.query('SELECT voornamen FROM inwoner WHERE bsn = ?', [BSN[1]])
    expect(voornamen).toBe('Sem Lucas')
  })

  it('registers a new BSN sent twice at once under two keys once: both calls answer, with one resident', async () => {
    const nieuw = [persoon('999999928', 'Ilse', '1990-01-15', { ...ADRES, huisnummer: 14 })]
    const [a, b] = await Promise.all(
      [sleutel(), sleutel()].map((k) =>
        stack.query(VERWERKEN, { variables: { g: G, k, personen: nieuw }, as: systeem }),
      ),
    )
    for (const { body } of [a, b]) expect(body.errors).toBeUndefined()
    const uitkomsten = [a, b].map(({ body }) => body.data!.brpPersonenVerwerken[0])
    // One of them registered her; the other, run again after the first won, found her there.
    expect(uitkomsten.map((u) => u.uitkomst).sort()).toEqual(['NIEUW', 'ONGEWIJZIGD'])
    expect(uitkomsten[0].inwonerId).toBe(uitkomsten[1].inwonerId)
    expect(await aantal('SELECT COUNT(*) AS n FROM inwoner WHERE bsn = ?', ['999999928'])).toBe(1)
  })

  it('refuses an invalid BSN with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const voor = await aantal('SELECT COUNT(*) AS n FROM inwoner')
    const { data, error } = await fout(
      VERWERKEN,
      {
        g: G,
        k: sleutel(),
        personen: [
          persoon(BSN[2], 'Lotte', '1990-01-01', ADRES),
          persoon('123456789', 'Piet', '1990-01-01', ADRES),
        ],
      },
      systeem,
    )
    expect(data).toEqual({ brpPersonenVerwerken: null })
    expect({ message: error.message, extensions: error.extensions }).toEqual({
      message: 'personen.1.burgerservicenummer: geen geldig burgerservicenummer (9 cijfers en de elfproef).',
      extensions: {
        code: 'BAD_USER_INPUT',
        field: 'personen.1.burgerservicenummer',
        gemeente: G,
        serviceName: 'gemeente',
      },
    })
    expect(await aantal('SELECT COUNT(*) AS n FROM inwoner')).toBe(voor)
  })

  it('refuses a person of another gemeente who never lived here, naming the field', async () => {
    const { error } = await fout(
      VERWERKEN,
      {
        g: G,
        k: sleutel(),
        personen: [
          persoon(BSN[3], 'Kees', '1970-05-05', null, {
            gemeenteVanInschrijving: '0164',
            datumInschrijvingInGemeente: '2025-01-01',
          }),
        ],
      },
      systeem,
    )
    expect({ message: error.message, extensions: error.extensions }).toEqual({
      message:
        'personen.0.gemeenteVanInschrijving: deze persoon staat ingeschreven in gemeente 0164 en is geen inwoner van gemeente 0153.',
      extensions: {
        code: 'BAD_USER_INPUT',
        field: 'personen.0.gemeenteVanInschrijving',
        gemeente: G,
        serviceName: 'gemeente',
      },
    })
  })

  it('records a move out of the gemeente on the resident and shows it on the open plan; the plan stays', async () => {
    const melding = await stack.data(
      /* GraphQL */ `
        mutation Melding($g: ID!, $invoer: MeldingInvoer!, $k: String!) {
          meldingRegistreren(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
            id
          }
        }
      `,
      {
        g: G,
        k: sleutel(),
        invoer: {
          huishoudenId: gezin.huishoudenId,
          verwijzerType: 'GEMEENTE',
          omschrijving: 'Vraag om ondersteuning bij opvoeden.',
        },
      },
      medewerker,
    )
    const { planOpstellen: plan } = await stack.data(
      /* GraphQL */ `
        mutation Plan($g: ID!, $m: ID!, $k: String!) {
          planOpstellen(gemeenteCode: $g, meldingId: $m, startdatum: "2026-01-05", idempotentieSleutel: $k) {
            id
          }
        }
      `,
      { g: G, m: melding.meldingRegistreren.id, k: sleutel() },
      medewerker,
    )
    const verhuisd = await stack.data(
      VERWERKEN,
      {
        g: G,
        k: sleutel(),
        personen: [
          persoon(BSN[1], 'Sem Lucas', '2015-06-30', null, {
            gemeenteVanInschrijving: '0164',
            datumInschrijvingInGemeente: '2026-02-01',
          }),
        ],
      },
      systeem,
    )
    expect(verhuisd.brpPersonenVerwerken).toEqual([
      {
        burgerservicenummer: BSN[1],
        inwonerId: gezin.inwonerIds[1],
        huishoudenId: gezin.huishoudenId,
        uitkomst: 'VERHUISD',
      },
    ])
    expect(
      await stack.data(
        /* GraphQL */ `
          query Plan($g: ID!, $id: ID!) {
            plan(gemeenteCode: $g, id: $id) {
              status
              verhuisdeLeden {
                id
                voornamen
                verhuisdOp
                verhuisdNaarGemeenteCode
              }
            }
          }
        `,
        { g: G, id: plan.id },
        medewerker,
      ),
    ).toEqual({
      plan: {
        status: 'CONCEPT',
        verhuisdeLeden: [
          {
            id: gezin.inwonerIds[1],
            voornamen: 'Sem Lucas',
            verhuisdOp: '2026-02-01',
            verhuisdNaarGemeenteCode: '0164',
          },
        ],
      },
    })
    // Coming back clears the move; the child joins the household at the address again.
    const terug = await stack.data(
      VERWERKEN,
      { g: G, k: sleutel(), personen: [persoon(BSN[1], 'Sem Lucas', '2015-06-30', ADRES)] },
      systeem,
    )
    expect(terug.brpPersonenVerwerken[0]).toMatchObject({
      huishoudenId: gezin.huishoudenId,
      uitkomst: 'BIJGEWERKT',
    })
    const [{ verhuisdOp }] = await stack
      .gemeente(G)
      .db.query('SELECT verhuisdOp FROM inwoner WHERE bsn = ?', [BSN[1]])
    expect(verhuisdOp).toBeNull()
  })

  it('lists the households without an open plan to a toegangsmedewerker, page by page, each once', async () => {
    const nieuw = await stack.data(
      VERWERKEN,
      {
        g: G,
        k: sleutel(),
        personen: [persoon(BSN[4], 'Daan', '1979-11-11', { ...ADRES, huisletter: null, huisnummer: 40 })],
      },
      systeem,
    )
    const zonderPlan = nieuw.brpPersonenVerwerken[0].huishoudenId
    const ids: string[] = []
    let na: string | null = null
    let totalCount = 0
    for (let pagina = 0; pagina < 20; pagina++) {
      const data: Pagina = (await stack.data(ZONDER_PLAN, { g: G, na }, medewerker)).huishoudensZonderPlan
      totalCount = data.totalCount
      ids.push(...data.edges.map((e) => e.node.id))
      if (!data.pageInfo.hasNextPage) break
      na = data.pageInfo.endCursor
    }
    const verwacht: { id: string }[] = await stack.gemeente(G).db.query(
      `SELECT h.id FROM huishouden h
       WHERE NOT EXISTS (SELECT 1 FROM plan p WHERE p.huishoudenId = h.id AND p.status IN ('CONCEPT', 'ACTIEF'))
       ORDER BY h.naam, h.id`,
    )
    expect(ids).toEqual(verwacht.map((h) => h.id))
    expect(totalCount).toBe(verwacht.length)
    expect(ids).toContain(zonderPlan)
    expect(ids).not.toContain(gezin.huishoudenId)

    // A household whose every member moved away is no longer one to start with.
    await stack.data(
      VERWERKEN,
      {
        g: G,
        k: sleutel(),
        personen: [
          persoon(BSN[4], 'Daan', '1979-11-11', null, {
            gemeenteVanInschrijving: '0363',
            datumInschrijvingInGemeente: '2026-03-01',
          }),
        ],
      },
      systeem,
    )
    const daarna = (await stack.data(ZONDER_PLAN, { g: G, na: null }, medewerker)).huishoudensZonderPlan
    expect(daarna.totalCount).toBe(totalCount - 1)
  })

  it("refuses the registration to anyone but this gemeente's own system, and the list to anyone but its staff", async () => {
    const personen = [persoon(BSN[5], 'Mila', '2001-01-01', ADRES)]
    const weigeringen = []
    for (const as of [
      medewerker,
      { ...systeem, gemeente: '0164' },
      identities.aanbieder('99990009'),
      identities.analist(),
      null,
    ]) {
      const { data, error } = await fout(VERWERKEN, { g: G, k: sleutel(), personen }, as)
      expect(data).toEqual({ brpPersonenVerwerken: null })
      weigeringen.push({ message: error.message, code: error.extensions?.code })
    }
    const weigering = {
      message: 'Alleen het eigen systeem van de gemeente schrijft inwoners in uit de BRP.',
      code: 'FORBIDDEN',
    }
    expect(weigeringen).toEqual([
      weigering,
      weigering,
      weigering,
      weigering,
      { message: 'Geen geldige identiteit: log opnieuw in.', code: 'UNAUTHENTICATED' },
    ])
    expect(await aantal('SELECT COUNT(*) AS n FROM inwoner WHERE bsn = ?', [BSN[5]])).toBe(0)

    const lijst = await fout(ZONDER_PLAN, { g: G, na: null }, systeem)
    expect({ message: lijst.error.message, code: lijst.error.extensions?.code }).toEqual({
      message: `Alleen toegangsmedewerkers van gemeente ${G} zien deze persoonsgegevens.`,
      code: 'FORBIDDEN',
    })
  })
})
