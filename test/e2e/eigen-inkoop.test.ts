import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { plusDagen, vandaag } from '../../shared/domain/dates'
import { Eenheid, Frequentie } from '../../shared/ijw/codes'
import { budgetCent } from '../../subgraphs/gemeente/toewijzing/budget'
import {
  identities,
  startTestStack,
  TEST_DATABASE_URL,
  type GraphQLResponseBody,
  type TestStack,
} from '../harness/stack'
import { totIemandWacht } from '../harness/locks'
import { KIEZEN } from '../harness/werkwijze'

// Own procurement in Hof van Twente, walked through the gateway: the contract manager buys a lot
// (a support need at a level, with a tariff), a provider known in the registry but without a
// running regional contract enrols for it, is granted, shows in the registry with owner 1735
// and in the choice list, is chosen by a resident and allocated at the own tariff; suspended
// and ended, it drops out. Borne (regional) refuses own procurement.

let stack: TestStack
let volg = 0
const sleutel = () => `eigen-${process.pid}-${Date.now()}-${volg++}`
const HVT = '1735'
const BORNE = '0147'
const dag = vandaag()
const LOT = 'VB-HVT-OB-90'

const beheerder = (gemeente: string): Identity => ({
  sub: `contractbeheer-${gemeente}`,
  naam: `Contractbeheerder ${gemeente}`,
  rol: 'CONTRACTBEHEERDER',
  gemeente,
})
const registerbeheerder: Identity = { sub: 'ozjt-1', naam: 'Registerbeheerder', rol: 'REGISTERBEHEERDER' }
const medewerker = identities.medewerker(HVT)

beforeAll(async () => {
  stack = await startTestStack('eigen-inkoop', { gemeenten: [HVT, BORNE], inwoners: 60 })
})
afterAll(async () => {
  await stack?.stop()
})

async function fout(source: string, variables: Record<string, unknown>, as: Identity) {
  const { body } = await stack.query(source, { variables, as })
  expect(body.errors, 'expected an error').toBeDefined()
  const { message, extensions } = body.errors![0] as NonNullable<GraphQLResponseBody['errors']>[number]
  return { message, code: extensions?.code, ontbreekt: extensions?.ontbreekt }
}

/** What own procurement wrote in a gemeente: a refusal must leave every count as it was. */
const telling = async (code: string) => {
  const db = stack.gemeente(code).db
  const n = async (tabel: string) => Number((await db.query(`SELECT COUNT(*) AS n FROM ${tabel}`))[0].n)
  return {
    aanmeldingen: await n('eigen_aanmelding'),
    besluiten: await n('eigen_besluit'),
    bewijzen: await n('eigen_kwaliteitsbewijs'),
    contracten: await n('eigen_contract'),
    tarieven: await n('eigen_tarief'),
    behoeften: await n('eigen_ondersteuningsbehoefte'),
    berichten: await n('registerbericht'),
  }
}

const BEHOEFTE_VASTLEGGEN = /* GraphQL */ `
  mutation Lot($g: ID!, $invoer: EigenOndersteuningsbehoefteInvoer!, $k: String!) {
    eigenOndersteuningsbehoefteVastleggen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      niveau
    }
  }
`
const TARIEF = /* GraphQL */ `
  mutation Tarief($g: ID!, $invoer: EigenTariefInvoer!, $k: String!) {
    eigenTariefVastleggen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      ondersteuningsbehoefte
      niveau
      geldigVan
      geldigTot
      bedragCent
      eenheid
      frequentie
    }
  }
`
const INDIENEN = /* GraphQL */ `
  mutation Indienen($g: ID!, $invoer: EigenAanmeldingInvoer!, $k: String!) {
    eigenAanmeldingIndienen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      id
      status
      agbCode
      percelen {
        ondersteuningsbehoefte
        niveau
      }
    }
  }
`
const IN_BEHANDELING = /* GraphQL */ `
  mutation InBehandeling($g: ID!, $id: ID!, $k: String!) {
    eigenAanmeldingInBehandelingNemen(gemeenteCode: $g, id: $id, idempotentieSleutel: $k) {
      status
    }
  }
`
const BEWIJS = /* GraphQL */ `
  mutation Bewijs($g: ID!, $id: ID!, $invoer: KwaliteitsbewijsInvoer!, $k: String!) {
    eigenKwaliteitsbewijsVastleggen(
      gemeenteCode: $g
      aanmeldingId: $id
      invoer: $invoer
      idempotentieSleutel: $k
    ) {
      status
    }
  }
`
const TOEKENNEN = /* GraphQL */ `
  mutation Toekennen($g: ID!, $id: ID!, $k: String!) {
    eigenAanmeldingToekennen(gemeenteCode: $g, id: $id, idempotentieSleutel: $k) {
      status
      contract {
        id
        gemeenteCode
        agbCode
        status
        ingangsdatum
        versie
        percelen {
          ondersteuningsbehoefte
          niveau
        }
      }
      besluiten {
        actie
        rol
      }
    }
  }
`
const SCHORSEN = /* GraphQL */ `
  mutation Schorsen($g: ID!, $id: ID!, $k: String!) {
    eigenContractSchorsen(
      gemeenteCode: $g
      id: $id
      reden: "Certificaat verlopen."
      idempotentieSleutel: $k
    ) {
      status
      versie
    }
  }
`
const HERSTELLEN = /* GraphQL */ `
  mutation Herstellen($g: ID!, $id: ID!, $k: String!) {
    eigenContractHerstellen(gemeenteCode: $g, id: $id, reden: "Nieuw certificaat.", idempotentieSleutel: $k) {
      status
      versie
    }
  }
`
const BEEINDIGEN = /* GraphQL */ `
  mutation Beeindigen($g: ID!, $id: ID!, $d: LocalDate!, $k: String!) {
    eigenContractBeeindigen(
      gemeenteCode: $g
      id: $id
      reden: "Op verzoek van de aanbieder."
      einddatum: $d
      idempotentieSleutel: $k
    ) {
      status
      einddatum
      versie
    }
  }
`
const CONTRACTEN = /* GraphQL */ `
  query Contracten($agb: ID!) {
    aanbieder(agbCode: $agb) {
      contracten {
        id
        eigenaar
        inkoop
        status
        percelen {
          niveau
          ondersteuningsbehoefte {
            code
          }
        }
      }
    }
  }
`
const KEUZE = /* GraphQL */ `
  query Keuze($g: ID!, $b: ID!, $d: LocalDate) {
    keuzeVoorBehoefte(gemeenteCode: $g, behoefteId: $b, startdatum: $d) {
      agbCode
    }
  }
`

const levering = async (code: string) => {
  while ((await stack.gemeente(code).bezorger.bezorg()) > 0);
}

/** A provider in the registry with no running regional contract (every one of them ended). */
async function aanbiederZonderRegionaalContract(): Promise<string> {
  const [rij] = await stack.aanbieders.db.query(
    `SELECT a.agbCode FROM aanbieder a
     WHERE NOT EXISTS (SELECT 1 FROM contract c WHERE c.agbCode = a.agbCode AND c.status <> 'BEEINDIGD')
     ORDER BY a.agbCode LIMIT 1`,
  )
  expect(rij, 'the demo registry has a provider whose regional contracts all ended').toBeDefined()
  return rij.agbCode
}

/** A household with no open plan and an adult, with a plan adopted for the new own lot. */
async function planMetEigenPerceel(): Promise<{ behoefteId: string; bsn: string }> {
  const db = stack.gemeente(HVT).db
  const [{ huishoudenId }] = await db.query(
    `SELECT h.id AS huishoudenId FROM huishouden h
     WHERE NOT EXISTS (SELECT 1 FROM plan p WHERE p.huishoudenId = h.id AND p.openSleutel IS NOT NULL)
       AND EXISTS (SELECT 1 FROM inwoner i WHERE i.huishoudenId = h.id AND i.geboortedatum <= ?)
     ORDER BY h.id LIMIT 1`,
    [plusDagen(dag, -30 * 365)],
  )
  const [inwoner] = await db.query(
    'SELECT id, bsn FROM inwoner WHERE huishoudenId = ? ORDER BY geboortedatum, id LIMIT 1',
    [huishoudenId],
  )
  const melding = await stack.data(
    /* GraphQL */ `
      mutation Melding($g: ID!, $invoer: MeldingInvoer!, $k: String!) {
        meldingRegistreren(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
          id
        }
      }
    `,
    {
      g: HVT,
      k: sleutel(),
      invoer: { huishoudenId, verwijzerType: 'GEMEENTE', omschrijving: 'Test: zelfstandig wonen lukt niet.' },
    },
    medewerker,
  )
  const meldingId = melding.meldingRegistreren.id
  for (const stap of ['EIGEN_KRACHT', 'NETWERK', 'ALGEMENE_VOORZIENINGEN'])
    await stack.data(
      /* GraphQL */ `
        mutation Stap($g: ID!, $m: ID!, $stap: GespreksstapSoort!, $k: String!) {
          gespreksstapVastleggen(
            gemeenteCode: $g
            meldingId: $m
            stap: $stap
            bevinding: "Besproken."
            idempotentieSleutel: $k
          ) {
            status
          }
        }
      `,
      { g: HVT, m: meldingId, stap, k: sleutel() },
      medewerker,
    )
  const plan = (
    await stack.data(
      /* GraphQL */ `
        mutation Plan($g: ID!, $m: ID!, $d: LocalDate!, $k: String!) {
          planOpstellen(gemeenteCode: $g, meldingId: $m, startdatum: $d, idempotentieSleutel: $k) {
            id
            versie
          }
        }
      `,
      { g: HVT, m: meldingId, d: dag, k: sleutel() },
      medewerker,
    )
  ).planOpstellen
  const behoefte = (
    await stack.data(
      /* GraphQL */ `
        mutation Behoefte($g: ID!, $p: ID!, $v: Int!, $invoer: BehoefteInvoer!, $k: String!) {
          behoefteToevoegen(
            gemeenteCode: $g
            planId: $p
            versie: $v
            invoer: $invoer
            idempotentieSleutel: $k
          ) {
            versie
            behoeften {
              id
              code
            }
          }
        }
      `,
      {
        g: HVT,
        p: plan.id,
        v: plan.versie,
        k: sleutel(),
        invoer: {
          inwonerId: inwoner.id,
          ondersteuningsbehoefte: LOT,
          niveau: 'B',
          resultaten: [
            {
              omschrijving: 'Test: doet de eigen administratie weer zelf.',
              streefdatum: plusDagen(dag, 180),
            },
          ],
        },
      },
      medewerker,
    )
  ).behoefteToevoegen
  await stack.data(
    /* GraphQL */ `
      mutation Vaststellen($g: ID!, $p: ID!, $v: Int!, $k: String!) {
        planVaststellen(gemeenteCode: $g, planId: $p, versie: $v, idempotentieSleutel: $k) {
          status
        }
      }
    `,
    { g: HVT, p: plan.id, v: behoefte.versie, k: sleutel() },
    medewerker,
  )
  const id = behoefte.behoeften.find((b: { code: string }) => b.code === LOT).id
  return { behoefteId: id, bsn: inwoner.bsn }
}

describe('own procurement in Hof van Twente', () => {
  it('grants an enrolment for an own lot, lists it with owner 1735, offers it for choice and allocates it at the own tariff; suspended or ended it drops out', async () => {
    const agb = await aanbiederZonderRegionaalContract()
    const aanbieder = identities.aanbieder(agb)
    const hvt = beheerder(HVT)

    // The contract manager buys a new lot: a Wmo need at level B, with a tariff from today.
    await stack.data(
      BEHOEFTE_VASTLEGGEN,
      {
        g: HVT,
        k: sleutel(),
        invoer: {
          code: LOT,
          naam: 'Thuisadministratie (Hof van Twente, test)',
          omschrijving: 'Ondersteuning bij het bijhouden van de eigen administratie.',
          wet: 'WMO',
          niveaus: ['B'],
        },
      },
      hvt,
    )
    const tarief = (
      await stack.data(
        TARIEF,
        {
          g: HVT,
          k: sleutel(),
          invoer: {
            ondersteuningsbehoefte: LOT,
            niveau: 'B',
            geldigVan: dag,
            bedragCent: 12_345,
            eenheid: 'STUKS_OUTPUT',
            frequentie: 'PER_MAAND',
          },
        },
        hvt,
      )
    ).eigenTariefVastleggen
    expect(tarief).toEqual({
      ondersteuningsbehoefte: LOT,
      niveau: 'B',
      geldigVan: dag,
      geldigTot: null,
      bedragCent: 12_345,
      eenheid: 'STUKS_OUTPUT',
      frequentie: 'PER_MAAND',
    })
    const { behoefteId, bsn } = await planMetEigenPerceel()
    expect((await stack.data(KEUZE, { g: HVT, b: behoefteId }, medewerker)).keuzeVoorBehoefte).toEqual([])

    const aanmelding = (
      await stack.data(
        INDIENEN,
        {
          g: HVT,
          k: sleutel(),
          invoer: { agbCode: agb, percelen: [{ ondersteuningsbehoefte: LOT, niveau: 'B' }] },
        },
        aanbieder,
      )
    ).eigenAanmeldingIndienen
    expect(aanmelding).toMatchObject({
      status: 'INGEDIEND',
      agbCode: agb,
      percelen: [{ ondersteuningsbehoefte: LOT, niveau: 'B' }],
    })
    await stack.data(IN_BEHANDELING, { g: HVT, id: aanmelding.id, k: sleutel() }, hvt)
    for (const soort of ['KWALITEITSCERTIFICAAT', 'VOG', 'AANSPRAKELIJKHEIDSVERZEKERING'])
      await stack.data(
        BEWIJS,
        {
          g: HVT,
          id: aanmelding.id,
          k: sleutel(),
          invoer: { soort, documentnummer: `T-${soort}`, geldigTot: plusDagen(dag, 365) },
        },
        hvt,
      )

    // Who may not decide, and a gemeente that buys regionally: refused, with nothing written.
    const voor = await telling(HVT)
    const weigeringen: [Identity, string][] = [
      [beheerder('0141'), 'FORBIDDEN'],
      [registerbeheerder, 'FORBIDDEN'],
      [medewerker, 'FORBIDDEN'],
      [aanbieder, 'FORBIDDEN'],
    ]
    for (const [wie, code] of weigeringen)
      expect((await fout(TOEKENNEN, { g: HVT, id: aanmelding.id, k: sleutel() }, wie)).code, wie.rol).toBe(
        code,
      )
    expect(await telling(HVT)).toEqual(voor)
    const borneVoor = await telling(BORNE)
    expect(
      await fout(TOEKENNEN, { g: BORNE, id: aanmelding.id, k: sleutel() }, beheerder(BORNE)),
    ).toMatchObject({
      code: 'PRECONDITION_FAILED',
      ontbreekt: 'eigenInkoop',
    })
    expect(
      await fout(
        INDIENEN,
        {
          g: BORNE,
          k: sleutel(),
          invoer: { agbCode: agb, percelen: [{ ondersteuningsbehoefte: LOT, niveau: 'B' }] },
        },
        aanbieder,
      ),
    ).toMatchObject({ code: 'PRECONDITION_FAILED', ontbreekt: 'eigenInkoop' })
    expect(await telling(BORNE)).toEqual(borneVoor)

    const toegekend = (await stack.data(TOEKENNEN, { g: HVT, id: aanmelding.id, k: sleutel() }, hvt))
      .eigenAanmeldingToekennen
    const contract = toegekend.contract
    expect(toegekend).toEqual({
      status: 'TOEGEKEND',
      contract: {
        id: contract.id,
        gemeenteCode: HVT,
        agbCode: agb,
        status: 'ACTIEF',
        ingangsdatum: dag,
        versie: 1,
        percelen: [{ ondersteuningsbehoefte: LOT, niveau: 'B' }],
      },
      besluiten: [
        { actie: 'INDIENEN', rol: 'AANBIEDER' },
        { actie: 'IN_BEHANDELING_NEMEN', rol: 'CONTRACTBEHEERDER' },
        { actie: 'TOEKENNEN', rol: 'CONTRACTBEHEERDER' },
      ],
    })

    // At once in the choice list; in the registry once the outbox delivered it.
    expect((await stack.data(KEUZE, { g: HVT, b: behoefteId }, medewerker)).keuzeVoorBehoefte).toEqual([
      { agbCode: agb },
    ])
    await levering(HVT)
    const eigen = async () =>
      (await stack.data(CONTRACTEN, { agb }, aanbieder)).aanbieder.contracten.filter(
        (c: { id: string }) => c.id === contract.id,
      )
    expect(await eigen()).toEqual([
      {
        id: contract.id,
        eigenaar: HVT,
        inkoop: 'EIGEN',
        status: 'ACTIEF',
        percelen: [{ niveau: 'B', ondersteuningsbehoefte: { code: LOT } }],
      },
    ])
    // The registry manager cannot decide on it: the gemeente manages its own contracts.
    expect(
      await fout(
        /* GraphQL */ `
          mutation RegionaalSchorsen($id: ID!, $k: String!) {
            contractSchorsen(id: $id, reden: "Niet van OZJT.", idempotentieSleutel: $k) {
              status
            }
          }
        `,
        { id: contract.id, k: sleutel() },
        registerbeheerder,
      ),
    ).toMatchObject({ code: 'PRECONDITION_FAILED', ontbreekt: 'regionaalContract' })

    // The resident chooses it; the toegangsmedewerker allocates it at the own tariff.
    const inwoner: Identity = { sub: `digid-${bsn}`, naam: 'Inwoner', rol: 'INWONER', bsn }
    await stack.data(KIEZEN, { g: HVT, b: behoefteId, agb, d: dag, k: sleutel() }, inwoner)
    const eind = plusDagen(dag, 120)
    const toewijzing = (
      await stack.data(
        /* GraphQL */ `
          mutation Toewijzen($g: ID!, $invoer: ToewijzingInvoer!, $k: String!) {
            toewijzen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
              status
              budgetCent
              aanbieder {
                agbCode
              }
              omvang {
                volume
                eenheid
                frequentie
              }
            }
          }
        `,
        {
          g: HVT,
          k: sleutel(),
          invoer: {
            behoefteId,
            productcategorie: 'WMO_BEGELEIDING',
            ingangsdatum: dag,
            einddatum: eind,
            volume: 1,
            modules: [],
          },
        },
        medewerker,
      )
    ).toewijzen
    expect(toewijzing).toEqual({
      status: 'TOEGEWEZEN',
      budgetCent: budgetCent({ bedragCent: 12_345, frequentie: Frequentie.PER_MAAND }, 1, dag, eind),
      aanbieder: { agbCode: agb },
      omvang: { volume: 1, eenheid: 'STUKS_OUTPUT', frequentie: 'PER_MAAND' },
    })

    // Suspended: out of the choice list, and the registry's copy follows; restored: back.
    expect(
      (await stack.data(SCHORSEN, { g: HVT, id: contract.id, k: sleutel() }, hvt)).eigenContractSchorsen,
    ).toEqual({
      status: 'GESCHORST',
      versie: 2,
    })
    expect((await stack.data(KEUZE, { g: HVT, b: behoefteId }, medewerker)).keuzeVoorBehoefte).toEqual([])
    await levering(HVT)
    expect((await eigen())[0].status).toBe('GESCHORST')
    await stack.data(HERSTELLEN, { g: HVT, id: contract.id, k: sleutel() }, hvt)
    expect((await stack.data(KEUZE, { g: HVT, b: behoefteId }, medewerker)).keuzeVoorBehoefte).toEqual([
      { agbCode: agb },
    ])

    // Ended (its last day today): no new choice from now on, as with the registry's contracts.
    const beeindigd = (await stack.data(BEEINDIGEN, { g: HVT, id: contract.id, d: dag, k: sleutel() }, hvt))
      .eigenContractBeeindigen
    expect(beeindigd).toEqual({ status: 'BEEINDIGD', einddatum: dag, versie: 4 })
    expect((await stack.data(KEUZE, { g: HVT, b: behoefteId }, medewerker)).keuzeVoorBehoefte).toEqual([])
    await levering(HVT)
    expect((await eigen())[0].status).toBe('BEEINDIGD')

    // Delivered twice (a lost confirmation): the registry keeps the latest version all the same.
    await stack.gemeente(HVT).db.query('UPDATE registerbericht SET bezorgdOp = NULL')
    await levering(HVT)
    expect((await eigen())[0].status).toBe('BEEINDIGD')
  })

  it('refuses an enrolment for a lot the gemeente does not buy, naming the field', async () => {
    const agb = await aanbiederZonderRegionaalContract()
    const voor = await telling(HVT)
    const { body } = await stack.query(INDIENEN, {
      variables: {
        g: HVT,
        k: sleutel(),
        invoer: { agbCode: agb, percelen: [{ ondersteuningsbehoefte: 'VB-OB-01', niveau: 'A' }] },
      },
      as: identities.aanbieder(agb),
    })
    expect(body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'invoer.percelen[0].ondersteuningsbehoefte',
    })
    expect(await telling(HVT)).toEqual(voor)
  })
})

const naamVan = (enumeratie: Record<string, string>, code: string) =>
  Object.entries(enumeratie).find(([, waarde]) => waarde === code)![0]

describe('two new tariffs for one own lot at the same time', () => {
  // SQLite writes one transaction at a time; MariaDB runs them side by side.
  it.runIf(!!TEST_DATABASE_URL)(
    'take turns: the second ends the first, and one tariff stays open',
    async () => {
      const db = stack.gemeente(HVT).db
      const [lopend] = await db.query(
        `SELECT ondersteuningsbehoefteCode AS code, niveau, eenheid, frequentie FROM eigen_tarief
       WHERE gemeenteCode = ? AND geldigTot IS NULL AND ondersteuningsbehoefteCode <> ? ORDER BY id LIMIT 1`,
        [HVT, LOT],
      )
      const open = async () =>
        (
          await db.query(
            'SELECT geldigVan FROM eigen_tarief WHERE ondersteuningsbehoefteCode = ? AND niveau = ? AND geldigTot IS NULL',
            [lopend.code, lopend.niveau],
          )
        ).map((r: { geldigVan: string | Date }) =>
          String(r.geldigVan instanceof Date ? r.geldigVan.toISOString() : r.geldigVan).slice(0, 10),
        )
      const eerste = plusDagen(dag, 400)
      const tweede = plusDagen(dag, 430)

      // The first change, in progress: it holds the lot's row, as eigenTariefVastleggen does, and
      // ends the running tariff the day before its own.
      const eerder = db.createQueryRunner()
      await eerder.startTransaction()
      try {
        await eerder.query(
          'SELECT code FROM eigen_ondersteuningsbehoefte WHERE gemeenteCode = ? AND code = ? FOR UPDATE',
          [HVT, lopend.code],
        )
        await eerder.query(
          'UPDATE eigen_tarief SET geldigTot = ? WHERE ondersteuningsbehoefteCode = ? AND niveau = ? AND geldigTot IS NULL',
          [plusDagen(eerste, -1), lopend.code, lopend.niveau],
        )
        await eerder.query(
          `INSERT INTO eigen_tarief (gemeenteCode, ondersteuningsbehoefteCode, niveau, geldigVan, geldigTot, bedragCent, eenheid, frequentie)
         VALUES (?, ?, ?, ?, NULL, 1000, ?, ?)`,
          [HVT, lopend.code, lopend.niveau, eerste, lopend.eenheid, lopend.frequentie],
        )
        const tweedeTarief = stack.query(TARIEF, {
          variables: {
            g: HVT,
            k: sleutel(),
            invoer: {
              // As a person may type it: the lot's row is locked by the code as stored.
              ondersteuningsbehoefte: ` ${lopend.code.toLowerCase()}`,
              niveau: lopend.niveau,
              geldigVan: tweede,
              bedragCent: 2000,
              // Stored as the standard's codes, asked for by the enum's names.
              eenheid: naamVan(Eenheid, lopend.eenheid),
              frequentie: naamVan(Frequentie, lopend.frequentie),
            },
          },
          as: beheerder(HVT),
        })
        await totIemandWacht(db)
        await eerder.commitTransaction()
        const antwoord = await tweedeTarief
        expect(antwoord.body.errors, JSON.stringify(antwoord.body.errors)).toBeUndefined()
      } finally {
        if (eerder.isTransactionActive) await eerder.rollbackTransaction()
        await eerder.release()
      }
      expect(await open()).toEqual([tweede])
    },
  )
})
