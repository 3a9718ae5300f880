import 'reflect-metadata'
import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { openDatabase } from '../../shared/db/database'
import { generateAanbieders } from '../../shared/seed/aanbieders'
import { createAanbiedersContext } from '../../subgraphs/aanbieders/context'
import { Waardering } from '../../subgraphs/aanbieders/register/registerbericht.entity'
import { seedAanbieders } from '../../subgraphs/aanbieders/seed/seed'
import { aanbiedersDatabase, buildAanbiedersSchema } from '../../subgraphs/aanbieders/server'

const SEED = generateAanbieders()
const [EEN, TIEN, LEEG] = SEED.slice(0, 3).map((a) => a.agbCode)
const gemeente: Identity = { sub: 'gs-0153', naam: 'Enschede', rol: 'GEMEENTESYSTEEM', gemeente: '0153' }
const beheerder: Identity = { sub: 'test-beheerder', naam: 'Registerbeheerder', rol: 'REGISTERBEHEERDER' }
const aanbieder = (agbCode: string): Identity => ({
  sub: `test-${agbCode}`,
  naam: 'Aanbieder',
  rol: 'AANBIEDER',
  agbCode,
})

let db: DataSource
let schema: GraphQLSchema
let volg = 0

const run = (source: string, identity: Identity | null, variableValues?: Record<string, unknown>) =>
  graphql({ schema, source, variableValues, contextValue: createAanbiedersContext(db, identity) }) as Promise<
    ExecutionResult<Record<string, any>>
  >

/** A gemeente's rating message, as its outbox sends it; `extra` is what a faulty sender adds. */
function waardering(agbCode: string, score: number, toelichting: string | null, datum: string, extra = {}) {
  const id = `00000000-0000-4000-8000-${String(++volg).padStart(12, '0')}`
  return {
    id,
    soort: 'WAARDERING',
    inhoud: JSON.stringify({ id, gemeenteCode: '0153', agbCode, score, toelichting, datum, ...extra }),
  }
}

beforeAll(async () => {
  db = await openDatabase({ sqlitePath: ':memory:', ...aanbiedersDatabase })
  await seedAanbieders(db, SEED)
  schema = await buildAanbiedersSchema()
  const berichten = [
    waardering(EEN, 2, 'Wisselende begeleiders.', '2026-03-01', { bsn: '999990019', naam: 'J. Jansen' }),
    // Nine of 4 and one of 5: ten ratings, average 4.1.
    ...Array.from({ length: 9 }, (_, i) =>
      waardering(TIEN, 4, i === 0 ? '  Fijne begeleiding.  ' : null, `2026-01-0${i + 1}`),
    ),
    waardering(TIEN, 5, null, '2026-02-01'),
  ]
  const { data, errors } = await run(
    /* GraphQL */ `
      mutation Berichten($berichten: [RegisterberichtInvoer!]!) {
        registerberichtenVerwerken(berichten: $berichten) {
          verwerkt
          geweigerd {
            id
          }
        }
      }
    `,
    gemeente,
    { berichten },
  )
  expect(errors).toBeUndefined()
  expect(data!.registerberichtenVerwerken.geweigerd).toEqual([])
})

afterAll(async () => {
  await db?.destroy()
})

const CIJFER = /* GraphQL */ `
  query Cijfer($agb: ID!) {
    aanbieder(agbCode: $agb) {
      waardering {
        gemiddelde
        aantal
      }
    }
  }
`
const EIGEN = /* GraphQL */ `
  query Eigen($agb: ID!) {
    aanbieder(agbCode: $agb) {
      eigenWaarderingen {
        score
        toelichting
        datum
      }
    }
  }
`

describe('ratings in the registry', () => {
  it('hides the average and the count below 10 ratings, as results are hidden: one rating is one resident’s score', async () => {
    const cijfer = async (agb: string) => (await run(CIJFER, null, { agb })).data!.aanbieder.waardering
    expect(await cijfer(EEN)).toEqual({ gemiddelde: null, aantal: null })
    expect(await cijfer(LEEG)).toEqual({ gemiddelde: null, aantal: null })
    expect(await cijfer(TIEN)).toEqual({ gemiddelde: 4.1, aantal: 10 })
  })

  it('shows the provider its own ratings with their comments, newest first, and the registry manager too', async () => {
    const eigen = await run(EIGEN, aanbieder(TIEN), { agb: TIEN })
    expect(eigen.errors).toBeUndefined()
    const lijst = eigen.data!.aanbieder.eigenWaarderingen
    expect(lijst).toHaveLength(10)
    expect(lijst[0]).toEqual({ score: 5, toelichting: null, datum: '2026-02-01' })
    expect(lijst.at(-1)).toEqual({ score: 4, toelichting: '  Fijne begeleiding.  ', datum: '2026-01-01' })
    expect((await run(EIGEN, beheerder, { agb: TIEN })).data).toEqual(eigen.data)
  })

  it('never shows the comments to another provider, a gemeente or an anonymous caller', async () => {
    for (const identity of [aanbieder(EEN), gemeente, null]) {
      const { data, errors } = await run(EIGEN, identity, { agb: TIEN })
      expect(data).toEqual({ aanbieder: { eigenWaarderingen: null } })
      expect(errors!.map((e) => [e.message, e.extensions!.code])).toEqual([
        [
          identity ? 'Alleen de aanbieder zelf en de registerbeheerder zien dit.' : expect.any(String),
          identity ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        ],
      ])
    }
  })

  it('stores no name or BSN of the resident with a comment, even when a sender adds them', async () => {
    const [rij] = await db.getRepository(Waardering).findBy({ agbCode: EEN })
    expect(Object.keys(rij).sort()).toEqual(
      ['agbCode', 'datum', 'gemeenteCode', 'id', 'ontvangenOp', 'score', 'toelichting'].sort(),
    )
    const tekst = JSON.stringify(await db.query('SELECT * FROM waardering'))
    expect(tekst).not.toContain('999990019')
    expect(tekst).not.toContain('Jansen')
    expect((await run(EIGEN, aanbieder(EEN), { agb: EEN })).data!.aanbieder.eigenWaarderingen).toEqual([
      { score: 2, toelichting: 'Wisselende begeleiders.', datum: '2026-03-01' },
    ])
  })
})

describe('a batch of messages from a gemeente', () => {
  const VERWERKEN = /* GraphQL */ `
    mutation Berichten($berichten: [RegisterberichtInvoer!]!) {
      registerberichtenVerwerken(berichten: $berichten) {
        verwerkt
        geweigerd {
          id
          reden
        }
      }
    }
  `
  const contract = (versie: number, percelen: { ondersteuningsbehoefte: string; niveau: string }[]) => {
    const id = `00000000-0000-4000-8000-${String(++volg).padStart(12, '0')}`
    const inhoud = {
      id,
      gemeenteCode: '1735',
      contractId: '00000000-0000-4000-9000-000000000001',
      agbCode: EEN,
      status: 'ACTIEF',
      ingangsdatum: '2026-01-01',
      einddatum: null,
      versie,
      percelen,
    }
    return { id, soort: 'CONTRACT', inhoud: JSON.stringify(inhoud) }
  }
  const hof: Identity = { sub: 'gs-1735', naam: 'Hof van Twente', rol: 'GEMEENTESYSTEEM', gemeente: '1735' }
  const perceel = { ondersteuningsbehoefte: 'VB-HVT-OB-01', niveau: 'B' }

  it('refuses a message the database could not store on its own, and applies the rest', async () => {
    const goed = waardering(EEN, 4, null, '2026-04-01')
    const dubbel = { ...goed }
    const geenDag = waardering(EEN, 4, null, '2025-02-30')
    const teHoog = contract(3_000_000_000, [perceel])
    const tweeKeer = contract(1, [perceel, perceel])
    const { data, errors } = await run(VERWERKEN, gemeente, { berichten: [goed, dubbel, geenDag] })
    expect(errors).toBeUndefined()
    expect(data!.registerberichtenVerwerken.verwerkt).toEqual([goed.id])
    expect(data!.registerberichtenVerwerken.geweigerd.map((g: { id: string }) => g.id)).toEqual([
      dubbel.id,
      geenDag.id,
    ])
    const contracten = await run(VERWERKEN, hof, { berichten: [teHoog, tweeKeer] })
    expect(contracten.errors).toBeUndefined()
    expect(contracten.data!.registerberichtenVerwerken).toEqual({
      verwerkt: [],
      geweigerd: [
        { id: teHoog.id, reden: 'Geen geldig CONTRACT-bericht.' },
        { id: tweeKeer.id, reden: 'Geen geldig CONTRACT-bericht.' },
      ],
    })
    expect(await db.getRepository(Waardering).countBy({ id: goed.id })).toBe(1)
  })
})
