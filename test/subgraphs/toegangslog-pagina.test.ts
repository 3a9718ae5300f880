import 'reflect-metadata'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { DataSource } from 'typeorm'
import { insertRows } from '../../shared/db/insert-rows'
import { encodeCursor } from '../../shared/graphql/connection'
import { logPagina } from '../../subgraphs/gemeente/toegangslog/log-pagina'
import {
  DEELNAME_MARGE_MS,
  GedeeldeRaadplegingen,
} from '../../subgraphs/gemeente/toegangslog/toegangsregistratie'
import { dialects, queryPlan, seededGemeente, StatementLog } from '../harness/in-process'

// A resident's access log (NEN 7513) page by page: their own entries and those of every request
// that was given a shared read (R31), in one order, each once, whatever the history; and a page
// that reads a range of the log the size of a page, not the resident's whole history.

const GEMEENTE = '0141'
const INWONER = 'inwoner-met-lange-geschiedenis'
const ANDER = 'andere-inwoner'
const BEGIN = Date.parse('2026-01-05T08:00:00.000Z')
const minuten = (n: number) => n * 60_000
const tijd = (ms: number) => new Date(BEGIN + ms).toISOString()

interface Regel {
  id: string
  tijdstip: string
  gedeeld: 0 | 1
  rij: number
  deelname: number
}

/**
 * Own entries ten minutes apart; every third a shared read given to one to three requests within
 * seconds after it, two of them at the same time, one at the very time of another own entry and
 * one (a clock set back) half a minute before its read, with two own entries in between. Another
 * resident's entries in between.
 */
async function vulLog(db: DataSource, eigen: number): Promise<Regel[]> {
  const regel = (i: number, ms: number, leesId: string | null) => ({
    gemeenteCode: GEMEENTE,
    inwonerId: INWONER,
    tijdstip: tijd(minuten(10 * i) + ms),
    gebeurtenis: 'RAADPLEGEN',
    gebruiker: `medewerker-${i % 4}`,
    gebruikerNaam: 'Medewerker',
    rol: 'TOEGANGSMEDEWERKER',
    namens: `gemeente ${GEMEENTE}`,
    doel: 'TOEGANG_JEUGD_WMO',
    verzoekId: `verzoek-${i}-${ms}`,
    leesId,
  })
  const rijen = Array.from({ length: eigen }, (_, i) => [
    // Between a notice half a minute early and its read: a page can end before the read.
    ...(i % 27 === 0 && i > 0 ? [regel(i, -20_000, null), regel(i, -10_000, null)] : []),
    regel(i, 0, i % 3 === 0 ? `lees-${i}` : null),
    ...(i % 9 === 0 ? [regel(i, 2_000, null)] : []),
  ]).flat()
  const anderen = rijen.map((r, i) => ({ ...r, inwonerId: ANDER, tijdstip: tijd(minuten(10 * i + 5)) }))
  const kolommen = Object.keys(rijen[0]) as (keyof (typeof rijen)[0])[]
  await insertRows(db, 'toegangslog', kolommen, [...rijen, ...anderen])
  const deelnames = rijen.flatMap((r) => {
    if (!r.leesId) return []
    const i = Number(r.leesId.slice('lees-'.length))
    const na = [2_000, 4_500, 4_500].slice(0, 1 + ((i / 3) % 3))
    if (i % 27 === 0) na.push(-30_000)
    return na.map((ms, j) => ({
      gemeenteCode: GEMEENTE,
      leesId: r.leesId!,
      verzoekId: `gedeeld-${i}-${j}`,
      tijdstip: tijd(minuten(10 * i) + ms),
    }))
  })
  await insertRows(db, 'toegangslog_deelname', ['gemeenteCode', 'leesId', 'verzoekId', 'tijdstip'], deelnames)

  const eigenRijen: { id: number; tijdstip: string; leesId: string | null }[] = await db.query(
    'SELECT id, tijdstip, leesId FROM toegangslog WHERE inwonerId = ?',
    [INWONER],
  )
  const deelnameRijen: { id: number; leesId: string; tijdstip: string }[] = await db.query(
    'SELECT id, leesId, tijdstip FROM toegangslog_deelname',
  )
  const regels: Regel[] = eigenRijen.map((r) => ({
    id: String(r.id),
    tijdstip: r.tijdstip,
    gedeeld: 0,
    rij: Number(r.id),
    deelname: 0,
  }))
  for (const r of eigenRijen.filter((e) => e.leesId))
    for (const d of deelnameRijen.filter((x) => x.leesId === r.leesId))
      regels.push({
        id: `d${d.id}-${r.id}`,
        tijdstip: d.tijdstip,
        gedeeld: 1,
        rij: Number(r.id),
        deelname: Number(d.id),
      })
  // The order the log promises: by time, an own entry before a shared one at the same time, then by ids.
  return regels.sort(
    (a, b) =>
      a.tijdstip.localeCompare(b.tijdstip) ||
      a.gedeeld - b.gedeeld ||
      a.rij - b.rij ||
      a.deelname - b.deelname,
  )
}

describe.each(dialects('toegangslog_pagina'))('a resident’s access log on $naam', ({ url }) => {
  let db: DataSource
  let verwacht: Regel[]
  const log = new StatementLog()

  beforeAll(async () => {
    db = await seededGemeente(await url(), log, GEMEENTE, 1)
    verwacht = await vulLog(db, 300)
  })
  afterAll(() => db?.destroy())

  it.each([1, 4, 25])('pages through %i at a time: every entry once, in order', async (eerste) => {
    const gezien: string[] = []
    let na: string | null = null
    do {
      const pagina = await logPagina(db, GEMEENTE, INWONER, { eerste, na })
      gezien.push(...pagina.edges.map((e) => String(e.node.id)))
      na = pagina.pageInfo.hasNextPage ? pagina.pageInfo.endCursor : null
      expect(pagina.edges.length, `a page after ${gezien.length}`).toBeLessThanOrEqual(eerste)
    } while (na)
    expect(gezien).toEqual(verwacht.map((r) => r.id))
  })

  it('refuses a cursor that names another resident’s entry, own or shared', async () => {
    const [ander] = await db.query('SELECT id FROM toegangslog WHERE inwonerId = ? ORDER BY id LIMIT 1', [
      ANDER,
    ])
    const gedeeld = verwacht.find((r) => r.gedeeld)!
    for (const id of [String(ander.id), `d${gedeeld.deelname}-${ander.id}`])
      await expect(
        logPagina(db, GEMEENTE, INWONER, { eerste: 5, na: encodeCursor(id) }),
        id,
      ).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
      })
    // The resident's own entries, own and shared, still continue the log.
    for (const r of [verwacht[10], gedeeld])
      expect(
        (await logPagina(db, GEMEENTE, INWONER, { eerste: 1, na: encodeCursor(r.id) })).edges,
      ).toHaveLength(1)
  })

  it('counts every entry, its own and the shared ones', async () => {
    const pagina = await logPagina(db, GEMEENTE, INWONER, { eerste: 3, na: null })
    const totalCount = pagina.totalCount as () => Promise<number>
    expect(await totalCount()).toBe(verwacht.length)
  })

  // The shared entries are joined from a range of the (inwonerId, tijdstip) index that ends with
  // the page: without its upper end, the first page joined and sorted the whole history.
  it('reads the shared entries of a page from a range of the log that ends with the page', async () => {
    const midden = verwacht[150]
    for (const na of [null, encodeCursor(midden.id)]) {
      log.statements = []
      const pagina = await logPagina(db, GEMEENTE, INWONER, { eerste: 5, na })
      expect(pagina.edges).toHaveLength(5)
      const gedeeld = log.statements.find((s) => s.sql.includes('toegangslog_deelname d'))!
      const plan = await queryPlan(db, gedeeld)
      if (plan.dialect === 'SQLite') {
        expect(plan.details).toMatch(
          na
            ? /SEARCH t USING INDEX IDX_\w+ \(inwonerId=\? AND tijdstip>\? AND tijdstip<\?\)/
            : /SEARCH t USING INDEX IDX_\w+ \(inwonerId=\? AND tijdstip<\?\)/,
        )
      } else {
        // What MariaDB read of the log for this statement, not what it estimated.
        const [{ ANALYZE: analyse }] = await db.query(
          `ANALYZE FORMAT=JSON ${gedeeld.sql}`,
          gedeeld.parameters,
        )
        const gelezen = JSON.stringify(JSON.parse(analyse)).match(/"table_name":"t"[^}]*?"r_rows":([\d.]+)/)
        expect(gelezen, analyse).not.toBeNull()
        // A page of own entries, and what lies within a minute of it (one entry here).
        expect(Number(gelezen![1]), analyse).toBeLessThanOrEqual(8)
      }
    }
  })
})

// What the log's ranges rely on: a request is logged as given a read only within a minute of
// the read's entries, even when the clock was set back in between.
describe('a notice of requests given a shared read', () => {
  afterEach(() => vi.restoreAllMocks())

  it('is taken while the read is kept, and refused once the clock is set back past the margin', () => {
    const nu = Date.parse('2026-01-05T08:00:00.000Z')
    const klok = vi.spyOn(Date, 'now').mockReturnValue(nu)
    const gedeeld = new GedeeldeRaadplegingen()
    const ref = gedeeld.bewaar(GEMEENTE, new Date(nu).toISOString())
    expect(gedeeld.neem(ref, GEMEENTE)).toBe(true)
    expect(gedeeld.neem(ref, '0153')).toBe(false)
    klok.mockReturnValue(nu - DEELNAME_MARGE_MS + 1_000)
    expect(gedeeld.neem(ref, GEMEENTE)).toBe(true)
    klok.mockReturnValue(nu - DEELNAME_MARGE_MS - 1_000)
    expect(gedeeld.neem(ref, GEMEENTE)).toBe(false)
    klok.mockReturnValue(nu + 6_000)
    expect(gedeeld.neem(ref, GEMEENTE)).toBe(false)
  })
})
