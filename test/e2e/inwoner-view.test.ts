import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { leeftijdOp, plusDagen, vandaag } from '../../shared/domain/dates'
import { identities, startTestStack, type GraphQLResponseBody, type TestStack } from '../harness/stack'

let stack: TestStack

beforeAll(async () => {
  stack = await startTestStack('inwoner_view', { gemeenten: ['0141', '0153'], inwoners: 60 })
})
afterAll(async () => {
  await stack?.stop()
})

const inwonerToken = (bsn: string): Identity => ({
  sub: `digid-${bsn}`,
  naam: 'Inwoner',
  rol: 'INWONER',
  bsn,
})

async function antwoord(source: string, variables: Record<string, unknown>, as: Identity) {
  return (await stack.query(source, { variables, as })).body as GraphQLResponseBody
}

const rows = (code: string, sql: string, params: unknown[] = []) =>
  stack.gemeente(code).db.query(sql, params) as Promise<Record<string, any>[]>

interface Persoon {
  id: string
  bsn: string
}

interface Gezin {
  planId: string
  huishoudenId: string
  kindBehoefteId: string
  kindToewijzingId: string
  andereBehoefteId: string
  andereToewijzingId: string
  kind: Persoon
  volwassene: Persoon
  leden: string[]
}

/**
 * A household with an active plan in which a minor has an allocation and another member has
 * one too, with an adult in it: the seed's families, found in the gemeente's own database.
 */
async function gezin(code: string): Promise<Gezin> {
  const kandidaten = await rows(
    code,
    `SELECT p.id AS planId, p.huishoudenId, b.id AS kindBehoefteId, b.inwonerId AS kindId, t.id AS kindToewijzingId,
            b2.id AS andereBehoefteId, t2.id AS andereToewijzingId
     FROM plan p
     JOIN plan_behoefte b ON b.planId = p.id JOIN toewijzing t ON t.behoefteId = b.id
     JOIN plan_behoefte b2 ON b2.planId = p.id AND b2.inwonerId <> b.inwonerId JOIN toewijzing t2 ON t2.behoefteId = b2.id
     WHERE p.status = 'ACTIEF' ORDER BY p.id, t.id, t2.id`,
  )
  for (const k of kandidaten) {
    const leden = await rows(
      code,
      'SELECT id, bsn, geboortedatum FROM inwoner WHERE huishoudenId = ? ORDER BY id',
      [k.huishoudenId],
    )
    const leeftijd = (id: string) => leeftijdOp(leden.find((l) => l.id === id)!.geboortedatum, vandaag())
    const volwassene = leden.find((l) => leeftijdOp(l.geboortedatum, vandaag()) >= 18)
    if (leeftijd(k.kindId) < 18 && volwassene) {
      const kind = leden.find((l) => l.id === k.kindId)!
      return {
        planId: k.planId,
        huishoudenId: k.huishoudenId,
        kindBehoefteId: k.kindBehoefteId,
        kindToewijzingId: k.kindToewijzingId,
        andereBehoefteId: k.andereBehoefteId,
        andereToewijzingId: k.andereToewijzingId,
        kind: { id: kind.id, bsn: kind.bsn },
        volwassene: { id: volwassene.id, bsn: volwassene.bsn },
        leden: leden.map((l) => l.id as string),
      }
    }
  }
  throw new Error(`no family with an active plan, a minor's allocation and an adult in ${code}`)
}

/** Another household's active plan with an allocation, to ask for by id. */
async function anderHuishouden(code: string, huishoudenId: string) {
  const [r] = await rows(
    code,
    `SELECT p.id AS planId, p.huishoudenId, b.id AS behoefteId, b.inwonerId, t.id AS toewijzingId
     FROM plan p JOIN plan_behoefte b ON b.planId = p.id JOIN toewijzing t ON t.behoefteId = b.id
     WHERE p.status = 'ACTIEF' AND p.huishoudenId <> ? ORDER BY p.id LIMIT 1`,
    [huishoudenId],
  )
  return r as Record<string, string>
}

const MIJ = /* GraphQL */ `
  query Mij($g: ID!) {
    mij(gemeenteCode: $g) {
      volwassen
      inwoner {
        id
      }
      huishouden {
        id
        leden {
          id
        }
      }
      plannen {
        id
        status
      }
      behoeften {
        id
        niveau
        niveauUitleg
        inwoner {
          id
        }
        resultaten {
          id
        }
      }
      toewijzingen {
        id
        status
        aanbieder {
          agbCode
        }
        behoefte {
          id
        }
      }
      meldingen {
        id
      }
    }
  }
`

const UITLEG: Record<string, string> = {
  A: 'Praktische ondersteuning: hulp bij praktische dingen van elke dag.',
  B: 'Ondersteuning bij regievoering: hulp om het overzicht te houden en zelf keuzes te maken.',
  C: 'Therapeutische ondersteuning: hulp van een therapeut.',
  D: 'Behandeling: behandeling door een zorgverlener.',
}

/** What `mij` should answer, read from the database directly: `waar` narrows needs, allocations and requests. */
async function verwachtMij(code: string, zelf: string, huishoudenId: string, alleenZelf: boolean) {
  const plannen = await rows(
    code,
    'SELECT id, status FROM plan WHERE huishoudenId = ? ORDER BY startdatum, id',
    [huishoudenId],
  )
  const planIds = plannen.map((p) => p.id)
  const inPlannen = planIds.map(() => '?').join(', ')
  const waar = alleenZelf ? 'inwonerId = ?' : `planId IN (${inPlannen})`
  const params = alleenZelf ? [zelf] : planIds
  const behoeften = await rows(code, `SELECT id, niveau, inwonerId FROM plan_behoefte WHERE ${waar}`, params)
  const resultaten = await rows(code, 'SELECT id, behoefteId FROM resultaat ORDER BY streefdatum, id')
  const toewijzingen = await rows(
    code,
    `SELECT id, status, aanbiederAgbCode, behoefteId FROM toewijzing WHERE ${waar} ORDER BY toewijzingNummer`,
    params,
  )
  const meldingen = await rows(
    code,
    `SELECT id FROM melding WHERE huishoudenId = ?${alleenZelf ? ' AND inwonerId = ?' : ''} ORDER BY datum, id`,
    alleenZelf ? [huishoudenId, zelf] : [huishoudenId],
  )
  return {
    behoeften: behoeften.map((b) => ({
      id: b.id,
      niveau: b.niveau,
      niveauUitleg: UITLEG[b.niveau],
      inwoner: { id: b.inwonerId },
      resultaten: resultaten.filter((r) => r.behoefteId === b.id).map((r) => ({ id: r.id })),
    })),
    toewijzingen: toewijzingen.map((t) => ({
      id: t.id,
      status: t.status,
      aanbieder: { agbCode: t.aanbiederAgbCode },
      behoefte: { id: t.behoefteId },
    })),
    meldingen: meldingen.map((m) => ({ id: m.id })),
    plannen: alleenZelf ? [] : plannen.map((p) => ({ id: p.id, status: p.status })),
  }
}

// Needs come in the order of their plans; within a plan by catalogue code: compared as sets.
const opId = <T extends { id: string }>(lijst: T[]) => [...lijst].sort((a, b) => a.id.localeCompare(b.id))

describe('the resident’s own view', () => {
  for (const code of ['0153', '0141']) {
    it(`shows an adult in ${code} their household, plans, needs with levels in plain words, allocations and requests through mij`, async () => {
      const g = await gezin(code)
      const data = await stack.data(MIJ, { g: code }, inwonerToken(g.volwassene.bsn))
      const verwacht = await verwachtMij(code, g.volwassene.id, g.huishoudenId, false)
      const mij = data.mij
      expect({ ...mij, behoeften: opId(mij.behoeften) }).toEqual({
        volwassen: true,
        inwoner: { id: g.volwassene.id },
        huishouden: { id: g.huishoudenId, leden: expect.anything() },
        plannen: verwacht.plannen,
        behoeften: opId(verwacht.behoeften),
        toewijzingen: verwacht.toewijzingen,
        meldingen: verwacht.meldingen,
      })
      expect(mij.huishouden.leden.map((l: { id: string }) => l.id).sort()).toEqual([...g.leden].sort())
      expect(mij.toewijzingen.map((t: { id: string }) => t.id)).toContain(g.kindToewijzingId)
    })
  }

  it('gives an adult the plan by id with its versions, results and evaluations, and an allocation by id', async () => {
    const g = await gezin('0153')
    const zelf = inwonerToken(g.volwassene.bsn)
    const data = await stack.data(
      /* GraphQL */ `
        query Plan($g: ID!, $p: ID!, $t: ID!) {
          plan(gemeenteCode: $g, id: $p) {
            id
            huishouden {
              id
            }
            versies {
              versie
            }
            behoeften {
              id
              resultaten {
                evaluaties {
                  door
                }
              }
            }
          }
          toewijzing(gemeenteCode: $g, id: $t) {
            id
            plan {
              id
            }
          }
        }
      `,
      { g: '0153', p: g.planId, t: g.kindToewijzingId },
      zelf,
    )
    const versies = await rows('0153', 'SELECT versie FROM plan_versie WHERE planId = ? ORDER BY versie', [
      g.planId,
    ])
    expect(data.plan.id).toBe(g.planId)
    expect(data.plan.huishouden).toEqual({ id: g.huishoudenId })
    expect(data.plan.versies).toEqual(versies.map((v) => ({ versie: Number(v.versie) })))
    expect(data.plan.behoeften.map((b: { id: string }) => b.id)).toContain(g.andereBehoefteId)
    expect(data.toewijzing).toEqual({ id: g.kindToewijzingId, plan: { id: g.planId } })
  })

  const KEUZE = /* GraphQL */ `
    query Keuze($g: ID!, $b: ID!) {
      keuzeVoorBehoefte(gemeenteCode: $g, behoefteId: $b, startdatum: "2025-02-01") {
        agbCode
        naam
      }
    }
  `
  for (const code of ['0153', '0141']) {
    it(`lists the providers a resident of ${code} may choose for a need in their own plan, as the gemeente sees them`, async () => {
      const g = await gezin(code)
      const vars = { g: code, b: g.kindBehoefteId }
      const alsInwoner = await stack.data(KEUZE, vars, inwonerToken(g.volwassene.bsn))
      const alsMedewerker = await stack.data(KEUZE, vars, identities.medewerker(code))
      expect(alsInwoner).toEqual(alsMedewerker)
      expect(alsInwoner.keuzeVoorBehoefte.length).toBeGreaterThan(0)
    })
  }

  it('refuses another household’s plan, allocation, household, resident, request and choice list as not found', async () => {
    const g = await gezin('0153')
    const ander = await anderHuishouden('0153', g.huishoudenId)
    const [melding] = await rows('0153', 'SELECT id FROM melding WHERE huishoudenId = ? LIMIT 1', [
      ander.huishoudenId,
    ])
    const zelf = inwonerToken(g.volwassene.bsn)
    const gevallen: [string, string, string, string][] = [
      ['plan', 'Plan', ander.planId, 'id'],
      ['toewijzing', 'Toewijzing', ander.toewijzingId, 'id'],
      ['huishouden', 'Huishouden', ander.huishoudenId, 'id'],
      ['inwoner', 'Inwoner', ander.inwonerId, 'id'],
      ['melding', 'Melding', melding.id, 'id'],
      ['keuzeVoorBehoefte', 'Behoefte', ander.behoefteId, 'behoefteId'],
    ]
    for (const [veld, wat, id, arg] of gevallen) {
      const body = await antwoord(
        `query Ander($g: ID!, $id: ID!) { ${veld}(gemeenteCode: $g, ${arg}: $id) { __typename } }`,
        { g: '0153', id },
        zelf,
      )
      expect(body, veld).toEqual({
        data: { [veld]: null },
        errors: [
          {
            message: `${wat} ${id} bestaat niet of is niet zichtbaar voor u.`,
            path: [veld],
            extensions: { code: 'NOT_FOUND', id, gemeente: '0153', serviceName: 'gemeente' },
          },
        ],
      })
    }
  })

  it('shows a minor only their own needs, allocations and requests, and not the household’s plan', async () => {
    const g = await gezin('0153')
    const kind = inwonerToken(g.kind.bsn)
    const data = await stack.data(MIJ, { g: '0153' }, kind)
    const verwacht = await verwachtMij('0153', g.kind.id, g.huishoudenId, true)
    expect({ ...data.mij, behoeften: opId(data.mij.behoeften) }).toEqual({
      volwassen: false,
      inwoner: { id: g.kind.id },
      huishouden: null,
      plannen: [],
      behoeften: opId(verwacht.behoeften),
      toewijzingen: verwacht.toewijzingen,
      meldingen: verwacht.meldingen,
    })
    expect(data.mij.behoeften.every((b: { inwoner: { id: string } }) => b.inwoner.id === g.kind.id)).toBe(
      true,
    )
    expect(data.mij.toewijzingen.map((t: { id: string }) => t.id)).toContain(g.kindToewijzingId)

    const eigen = await antwoord(
      /* GraphQL */ `
        query Eigen($g: ID!, $t: ID!) {
          toewijzing(gemeenteCode: $g, id: $t) {
            status
            plan {
              id
            }
          }
        }
      `,
      { g: '0153', t: g.kindToewijzingId },
      kind,
    )
    const alleenVolwassenen = {
      message:
        'Dit gaat over je hele huishouden. Dat zien alleen de volwassenen in je huishouden. Jij ziet wat over jou gaat.',
      extensions: { code: 'FORBIDDEN', gemeente: '0153', serviceName: 'gemeente' },
    }
    const [status] = await rows('0153', 'SELECT status FROM toewijzing WHERE id = ?', [g.kindToewijzingId])
    expect(eigen).toEqual({
      data: { toewijzing: { status: status.status, plan: null } },
      errors: [{ ...alleenVolwassenen, path: ['toewijzing', 'plan'] }],
    })

    const plan = await antwoord(
      'query HetPlan($g: ID!, $p: ID!) { plan(gemeenteCode: $g, id: $p) { id } }',
      { g: '0153', p: g.planId },
      kind,
    )
    expect(plan).toEqual({ data: { plan: null }, errors: [{ ...alleenVolwassenen, path: ['plan'] }] })

    for (const [veld, wat, id] of [
      ['toewijzing', 'Toewijzing', g.andereToewijzingId],
      ['inwoner', 'Inwoner', g.volwassene.id],
    ]) {
      const body = await antwoord(
        `query VanEenAnder($g: ID!, $id: ID!) { ${veld}(gemeenteCode: $g, id: $id) { id } }`,
        { g: '0153', id },
        kind,
      )
      expect(body, veld).toEqual({
        data: { [veld]: null },
        errors: [
          {
            message: `${wat} ${id} bestaat niet of is niet zichtbaar voor u.`,
            path: [veld],
            extensions: { code: 'NOT_FOUND', id, gemeente: '0153', serviceName: 'gemeente' },
          },
        ],
      })
    }
  })

  it('shows an adult who moved away only what is about themself, not the household they left', async () => {
    const g = await gezin('0153')
    const verhuisd = inwonerToken(g.volwassene.bsn)
    await rows(
      '0153',
      "UPDATE inwoner SET verhuisdOp = '2026-01-05', verhuisdNaarGemeenteCode = '0164' WHERE id = ?",
      [g.volwassene.id],
    )
    try {
      const data = await stack.data(MIJ, { g: '0153' }, verhuisd)
      const verwacht = await verwachtMij('0153', g.volwassene.id, g.huishoudenId, true)
      expect({ ...data.mij, behoeften: opId(data.mij.behoeften) }).toEqual({
        volwassen: true,
        inwoner: { id: g.volwassene.id },
        huishouden: null,
        plannen: [],
        behoeften: opId(verwacht.behoeften),
        toewijzingen: verwacht.toewijzingen,
        meldingen: verwacht.meldingen,
      })
      expect(data.mij.toewijzingen.map((t: { id: string }) => t.id)).not.toContain(g.kindToewijzingId)

      const plan = await antwoord(
        'query HetPlan($g: ID!, $p: ID!) { plan(gemeenteCode: $g, id: $p) { id } }',
        { g: '0153', p: g.planId },
        verhuisd,
      )
      expect(plan).toEqual({
        data: { plan: null },
        errors: [
          {
            message:
              'Dit gaat over het huishouden waar je woonde. Sinds je verhuizing zie je hier alleen wat over jou gaat.',
            path: ['plan'],
            extensions: { code: 'FORBIDDEN', gemeente: '0153', serviceName: 'gemeente' },
          },
        ],
      })
      const kind = await antwoord(
        'query VanHetKind($g: ID!, $id: ID!) { toewijzing(gemeenteCode: $g, id: $id) { id } }',
        { g: '0153', id: g.kindToewijzingId },
        verhuisd,
      )
      expect(kind.errors?.[0].extensions).toEqual({
        code: 'NOT_FOUND',
        id: g.kindToewijzingId,
        gemeente: '0153',
        serviceName: 'gemeente',
      })
    } finally {
      await rows(
        '0153',
        'UPDATE inwoner SET verhuisdOp = NULL, verhuisdNaarGemeenteCode = NULL WHERE id = ?',
        [g.volwassene.id],
      )
    }
  })

  it('leaves a child who moved to another household out of the adult’s lists, and still shows it to the child', async () => {
    const g = await gezin('0153')
    const elders = await anderHuishouden('0153', g.huishoudenId)
    await rows('0153', 'UPDATE inwoner SET huishoudenId = ? WHERE id = ?', [elders.huishoudenId, g.kind.id])
    try {
      // The lists of mij and those of the plan, as the page asks for them.
      const { body } = await stack.query(
        /* GraphQL */ `
          query MijMetPlan($g: ID!) {
            mij(gemeenteCode: $g) {
              plannen {
                id
                behoeften {
                  id
                }
                toewijzingen {
                  id
                }
              }
              behoeften {
                id
              }
              toewijzingen {
                id
              }
            }
          }
        `,
        { variables: { g: '0153' }, as: inwonerToken(g.volwassene.bsn) },
      )
      expect(body.errors).toBeUndefined()
      const mij = body.data!.mij
      const plan = mij.plannen.find((p: { id: string }) => p.id === g.planId)
      expect(plan.behoeften.map((b: { id: string }) => b.id)).not.toContain(g.kindBehoefteId)
      expect(plan.toewijzingen.map((t: { id: string }) => t.id)).not.toContain(g.kindToewijzingId)
      expect(plan.toewijzingen.map((t: { id: string }) => t.id)).toContain(g.andereToewijzingId)
      expect(mij.behoeften.map((b: { id: string }) => b.id)).not.toContain(g.kindBehoefteId)
      expect(mij.behoeften.map((b: { id: string }) => b.id)).toContain(g.andereBehoefteId)
      expect(mij.toewijzingen.map((t: { id: string }) => t.id)).not.toContain(g.kindToewijzingId)
      expect(mij.toewijzingen.map((t: { id: string }) => t.id)).toContain(g.andereToewijzingId)

      const kind = await stack.data(MIJ, { g: '0153' }, inwonerToken(g.kind.bsn))
      expect(kind.mij.toewijzingen.map((t: { id: string }) => t.id)).toContain(g.kindToewijzingId)
    } finally {
      await rows('0153', 'UPDATE inwoner SET huishoudenId = ? WHERE id = ?', [g.huishoudenId, g.kind.id])
    }
  })

  it('keeps an adult who moved to another household here their own need in the old plan, to see and to evaluate', async () => {
    const [eigen] = await rows(
      '0153',
      `SELECT b.id AS behoefteId, r.id AS resultaatId, i.id AS inwonerId, i.bsn, i.huishoudenId
       FROM plan p JOIN plan_behoefte b ON b.planId = p.id JOIN resultaat r ON r.behoefteId = b.id
       JOIN inwoner i ON i.id = b.inwonerId
       WHERE p.status = 'ACTIEF' AND i.geboortedatum <= ? AND i.verhuisdOp IS NULL ORDER BY b.id LIMIT 1`,
      [plusDagen(vandaag(), -20 * 366)],
    )
    const elders = await anderHuishouden('0153', eigen.huishoudenId)
    await rows('0153', 'UPDATE inwoner SET huishoudenId = ? WHERE id = ?', [
      elders.huishoudenId,
      eigen.inwonerId,
    ])
    try {
      const zelf = inwonerToken(eigen.bsn)
      const { mij } = await stack.data(MIJ, { g: '0153' }, zelf)
      expect(mij.behoeften.map((b: { id: string }) => b.id)).toContain(eigen.behoefteId)
      const evaluatie = await stack.data(
        /* GraphQL */ `
          mutation Evalueren($g: ID!, $invoer: EvaluatieInvoer!, $k: String!) {
            evaluatieVastleggen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
              door
            }
          }
        `,
        {
          g: '0153',
          invoer: {
            resultaatId: eigen.resultaatId,
            voortgang: 50,
            toelichting: 'Na de verhuizing gaat het goed.',
          },
          k: `verhuisd-${process.pid}-${Date.now()}`,
        },
        zelf,
      )
      expect(evaluatie.evaluatieVastleggen).toEqual({ door: 'INWONER' })
    } finally {
      await rows('0153', 'UPDATE inwoner SET huishoudenId = ? WHERE id = ?', [
        eigen.huishoudenId,
        eigen.inwonerId,
      ])
    }
  })

  it('refuses mij to staff and tells a resident who is not in this gemeente’s records', async () => {
    const g = await gezin('0153')
    const medewerker = await antwoord(
      'query M($g: ID!) { mij(gemeenteCode: $g) { volwassen } }',
      { g: '0153' },
      identities.medewerker('0153'),
    )
    expect(medewerker).toEqual({
      data: { mij: null },
      errors: [
        {
          message: 'Alleen een ingelogde inwoner vraagt de eigen gegevens op met mij.',
          path: ['mij'],
          extensions: { code: 'FORBIDDEN', gemeente: '0153', serviceName: 'gemeente' },
        },
      ],
    })
    const elders = await antwoord(
      'query M($g: ID!) { mij(gemeenteCode: $g) { volwassen } }',
      { g: '0141' },
      inwonerToken(g.volwassene.bsn),
    )
    expect(elders.data).toEqual({ mij: null })
    expect(elders.errors!.map((e) => e.extensions!.code)).toEqual(['NOT_FOUND'])
  })

  it('logs no access when a resident reads their own data, logs a parent reading a child’s, and shows a staff read in the resident’s log', async () => {
    const g = await gezin('0153')
    const zelf = inwonerToken(g.volwassene.bsn)
    const log = (id: string) =>
      rows('0153', 'SELECT gebruiker, rol, namens, doel FROM toegangslog WHERE inwonerId = ? ORDER BY id', [
        id,
      ])
    const eigenVoor = (await log(g.volwassene.id)).length
    const kindVoor = (await log(g.kind.id)).length

    await stack.data(MIJ, { g: '0153' }, zelf)
    expect((await log(g.volwassene.id)).length).toBe(eigenVoor)
    // The parent read the child's need and allocation: that is someone else's data.
    expect((await log(g.kind.id)).slice(kindVoor)).toEqual([
      { gebruiker: zelf.sub, rol: 'INWONER', namens: 'huishouden', doel: 'INZAGE_BETROKKENE' },
    ])

    const medewerker = identities.medewerker('0153')
    await stack.data(
      'query Lees($g: ID!, $id: ID!) { inwoner(gemeenteCode: $g, id: $id) { voornamen } }',
      { g: '0153', id: g.volwassene.id },
      medewerker,
    )
    expect((await log(g.volwassene.id)).slice(eigenVoor)).toEqual([
      {
        gebruiker: medewerker.sub,
        rol: 'TOEGANGSMEDEWERKER',
        namens: 'gemeente 0153',
        doel: 'TOEGANG_JEUGD_WMO',
      },
    ])

    const data = await stack.data(
      'query MijnLog($g: ID!) { mij(gemeenteCode: $g) { toegangslog(eerste: 100) { edges { node { gebruiker rol } } } } }',
      { g: '0153' },
      zelf,
    )
    expect(data.mij.toegangslog.edges.at(-1).node).toEqual({
      gebruiker: medewerker.sub,
      rol: 'TOEGANGSMEDEWERKER',
    })
    expect((await log(g.volwassene.id)).length).toBe(eigenVoor + 1)
  })
})

describe('one allocation by id', () => {
  it('gives a provider its own allocation and answers another provider’s as not found', async () => {
    const [eigen] = await rows('0153', 'SELECT id, aanbiederAgbCode FROM toewijzing ORDER BY id LIMIT 1')
    const [vreemd] = await rows(
      '0153',
      'SELECT id FROM toewijzing WHERE aanbiederAgbCode <> ? ORDER BY id LIMIT 1',
      [eigen.aanbiederAgbCode],
    )
    const aanbieder = identities.aanbieder(eigen.aanbiederAgbCode)
    const TOEWIJZING = 'query Een($g: ID!, $id: ID!) { toewijzing(gemeenteCode: $g, id: $id) { id } }'
    expect(await stack.data(TOEWIJZING, { g: '0153', id: eigen.id }, aanbieder)).toEqual({
      toewijzing: { id: eigen.id },
    })
    expect(await antwoord(TOEWIJZING, { g: '0153', id: vreemd.id }, aanbieder)).toEqual({
      data: { toewijzing: null },
      errors: [
        {
          message: `Toewijzing ${vreemd.id} bestaat niet of is niet zichtbaar voor u.`,
          path: ['toewijzing'],
          extensions: { code: 'NOT_FOUND', id: vreemd.id, gemeente: '0153', serviceName: 'gemeente' },
        },
      ],
    })
  })
})
