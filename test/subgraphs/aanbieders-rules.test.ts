import 'reflect-metadata'
import { graphql, type GraphQLSchema } from 'graphql'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { openDatabase } from '../../shared/db/database'
import { toetsVoorwaarden } from '../../shared/domain/preconditions'
import {
  toekenningVoorwaarden,
  type ToekenningFeiten,
} from '../../subgraphs/aanbieders/aanmelding/aanmelding.rules'
import { KwaliteitsbewijsSoort } from '../../subgraphs/aanbieders/aanmelding/kwaliteitsbewijs.entity'
import { createAanbiedersContext } from '../../subgraphs/aanbieders/context'
import { aanbiedersDatabase, buildAanbiedersSchema } from '../../subgraphs/aanbieders/server'

const BESLUITDATUM = '2027-03-15'
const bewijs = (soort: KwaliteitsbewijsSoort, geldigTot = '2028-01-01') => ({ soort, geldigTot })
const alles: ToekenningFeiten = {
  bewijzen: Object.values(KwaliteitsbewijsSoort).map((soort) => bewijs(soort)),
  besluitdatum: BESLUITDATUM,
  aanmelding: {
    kvkNummer: '12345678',
    naam: 'Zorg Oost',
    locatieNaam: 'Hoofdlocatie',
    locatiePostcode: '7511AB',
    locatiePlaats: 'Enschede',
  },
  geregistreerd: false,
}
const zonder = (soort: KwaliteitsbewijsSoort) => alles.bewijzen.filter((b) => b.soort !== soort)

/** What is missing, or null when the grant may go ahead. */
const ontbreekt = (feiten: ToekenningFeiten) => {
  try {
    toetsVoorwaarden(toekenningVoorwaarden, feiten)
    return null
  } catch (err) {
    const { extensions, message } = err as {
      extensions: { code: string; ontbreekt: string }
      message: string
    }
    return { ...extensions, message }
  }
}

describe('what a grant needs', () => {
  it('is met with every proof valid on the decision day and the details of a new provider', () => {
    expect(ontbreekt(alles)).toBeNull()
  })

  it.each(Object.values(KwaliteitsbewijsSoort))('names a missing %s', (soort) => {
    expect(ontbreekt({ ...alles, bewijzen: zonder(soort) })).toEqual({
      code: 'PRECONDITION_FAILED',
      ontbreekt: soort,
      message: `De aanmelding kan niet worden toegekend; kwaliteitsbewijs ontbreekt: ${soort}.`,
    })
  })

  it('names a proof that expired before the decision day, and accepts one valid up to and including it', () => {
    const verlopen = [...zonder(KwaliteitsbewijsSoort.VOG), bewijs(KwaliteitsbewijsSoort.VOG, '2027-03-14')]
    expect(ontbreekt({ ...alles, bewijzen: verlopen })).toEqual({
      code: 'PRECONDITION_FAILED',
      ontbreekt: 'VOG',
      message: 'De aanmelding kan niet worden toegekend; kwaliteitsbewijs verlopen op 2027-03-15: VOG.',
    })
    const opDeDag = [...zonder(KwaliteitsbewijsSoort.VOG), bewijs(KwaliteitsbewijsSoort.VOG, BESLUITDATUM)]
    expect(ontbreekt({ ...alles, bewijzen: opDeDag })).toBeNull()
  })

  it('counts a renewed proof next to the expired one it replaces', () => {
    const vernieuwd = [...alles.bewijzen, bewijs(KwaliteitsbewijsSoort.VOG, '2026-01-01')]
    expect(ontbreekt({ ...alles, bewijzen: vernieuwd })).toBeNull()
  })

  it('tells everything that stands in the way in one message, whichever rule fails first', () => {
    const bewijzen = [bewijs(KwaliteitsbewijsSoort.VOG, '2027-03-14')]
    expect(ontbreekt({ ...alles, bewijzen })?.message).toBe(
      'De aanmelding kan niet worden toegekend; kwaliteitsbewijs ontbreekt: KWALITEITSCERTIFICAAT, AANSPRAKELIJKHEIDSVERZEKERING; verlopen op 2027-03-15: VOG.',
    )
  })

  it('names the provider details when a provider not in the registry left one out', () => {
    const aanmelding = { ...alles.aanmelding, locatiePlaats: null }
    expect(ontbreekt({ ...alles, aanmelding })).toMatchObject({
      code: 'PRECONDITION_FAILED',
      ontbreekt: 'aanbiedergegevens',
    })
    expect(ontbreekt({ ...alles, aanmelding, geregistreerd: true })).toBeNull()
  })

  it('lists its rules in the order they are checked', () => {
    expect(toekenningVoorwaarden.map((v) => v.ontbreekt)).toEqual([
      'KWALITEITSCERTIFICAAT',
      'VOG',
      'AANSPRAKELIJKHEIDSVERZEKERING',
      'aanbiedergegevens',
    ])
  })
})

describe('the limits of the registry mutations, checked on their inputs', () => {
  let db: DataSource
  let schema: GraphQLSchema

  beforeAll(async () => {
    db = await openDatabase({ sqlitePath: ':memory:', ...aanbiedersDatabase })
    schema = await buildAanbiedersSchema()
  })

  afterAll(async () => {
    await db?.destroy()
  })

  const beheerder: Identity = { sub: 'test-beheerder', naam: 'Registerbeheerder', rol: 'REGISTERBEHEERDER' }
  const aanbieder: Identity = { sub: 'test-a', naam: 'Aanbieder', rol: 'AANBIEDER', agbCode: '88880001' }
  const gemeente: Identity = { sub: 'gs-0153', naam: 'Enschede', rol: 'GEMEENTESYSTEEM', gemeente: '0153' }

  const fout = async (source: string, variables: Record<string, unknown>, as: Identity) => {
    const result = await graphql({
      schema,
      source,
      variableValues: variables,
      contextValue: createAanbiedersContext(db, as),
    })
    const [error] = result.errors ?? []
    return error && { message: error.message, ...error.extensions }
  }

  const SCHORSEN = /* GraphQL */ `
    mutation Schorsen($reden: String!) {
      contractSchorsen(id: "c1", reden: $reden, idempotentieSleutel: "sleutel-0001") {
        id
      }
    }
  `

  it('names the reason and its limits when it is too short, instead of asking for one as if none was given', async () => {
    expect(await fout(SCHORSEN, { reden: ' x ' }, beheerder)).toEqual({
      message: 'reden: 3 tot 2000 tekens.',
      code: 'BAD_USER_INPUT',
      field: 'reden',
    })
  })

  it('refuses a reason of more than 2000 characters', async () => {
    expect(await fout(SCHORSEN, { reden: 'x'.repeat(2001) }, beheerder)).toMatchObject({
      message: 'reden: 3 tot 2000 tekens.',
      field: 'reden',
    })
  })

  it('checks the role before the input: a provider is refused, whatever its reason', async () => {
    expect(await fout(SCHORSEN, { reden: '' }, aanbieder)).toMatchObject({ code: 'FORBIDDEN' })
  })

  it('names the document number and its limits', async () => {
    const source = /* GraphQL */ `
      mutation Bewijs($invoer: KwaliteitsbewijsInvoer!) {
        kwaliteitsbewijsVastleggen(aanmeldingId: "a1", invoer: $invoer, idempotentieSleutel: "sleutel-0001") {
          id
        }
      }
    `
    const invoer = { soort: 'VOG', documentnummer: 'x'.repeat(101), geldigTot: '2028-01-01' }
    expect(await fout(source, { invoer }, beheerder)).toEqual({
      message: 'invoer.documentnummer: 1 tot 100 tekens.',
      code: 'BAD_USER_INPUT',
      field: 'invoer.documentnummer',
    })
  })

  it('names the nested field of an application that is too long', async () => {
    const source = /* GraphQL */ `
      mutation Indienen($invoer: AanmeldingInvoer!) {
        aanmeldingIndienen(invoer: $invoer, idempotentieSleutel: "sleutel-0001") {
          id
        }
      }
    `
    const invoer = {
      agbCode: '88880001',
      kvkNummer: '12345678',
      naam: 'Zorg Oost',
      locatie: { naam: 'Hoofdlocatie', postcode: '7511 AB', plaats: 'x'.repeat(101) },
      percelen: [{ ondersteuningsbehoefte: 'VB-OB-01', niveau: 'A' }],
      gemeenten: ['0153'],
    }
    expect(await fout(source, { invoer }, aanbieder)).toEqual({
      message: 'invoer.locatie.plaats: 1 tot 100 tekens.',
      code: 'BAD_USER_INPUT',
      field: 'invoer.locatie.plaats',
    })
    expect(await fout(source, { invoer: { ...invoer, kvkNummer: '123' } }, aanbieder)).toEqual({
      message: 'invoer.kvkNummer: acht cijfers.',
      code: 'BAD_USER_INPUT',
      field: 'invoer.kvkNummer',
    })
  })

  it('names the waiting time and its limits', async () => {
    const source = /* GraphQL */ `
      mutation Wachttijd($weken: Int) {
        wachttijdBijwerken(weken: $weken, idempotentieSleutel: "sleutel-0001") {
          agbCode
        }
      }
    `
    expect(await fout(source, { weken: 521 }, aanbieder)).toEqual({
      message: 'weken: tussen 0 en 520 weken.',
      code: 'BAD_USER_INPUT',
      field: 'weken',
    })
  })

  it('takes at most 500 messages from a gemeente at once', async () => {
    const source = /* GraphQL */ `
      mutation Berichten($berichten: [RegisterberichtInvoer!]!) {
        registerberichtenVerwerken(berichten: $berichten) {
          verwerkt
        }
      }
    `
    const berichten = Array.from({ length: 501 }, (_, i) => ({
      id: `b${i}`,
      soort: 'WAARDERING',
      inhoud: '{}',
    }))
    expect(await fout(source, { berichten }, gemeente)).toEqual({
      message: 'berichten: ten hoogste 500 berichten per keer.',
      code: 'BAD_USER_INPUT',
      field: 'berichten',
    })
    expect(await fout(source, { berichten: [] }, aanbieder)).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Alleen een gemeente levert uitkomsten en waarderingen aan.',
    })
  })

  it('checks the query arguments the same way, repeating a gemeente code that is not Twentse', async () => {
    const lijst = /* GraphQL */ `
      query Lijst($gemeente: ID) {
        aanbieders(gemeente: $gemeente) {
          totalCount
        }
      }
    `
    expect(await fout(lijst, { gemeente: '0363' }, aanbieder)).toEqual({
      message: 'gemeente: 0363 is geen Twentse gemeentecode.',
      code: 'BAD_USER_INPUT',
      field: 'gemeente',
    })
    const een = /* GraphQL */ `
      query Een($agbCode: ID!) {
        aanbieder(agbCode: $agbCode) {
          naam
        }
      }
    `
    expect(await fout(een, { agbCode: '123' }, aanbieder)).toEqual({
      message: 'agbCode: een AGB-code bestaat uit acht cijfers.',
      code: 'BAD_USER_INPUT',
      field: 'agbCode',
    })
  })
})
