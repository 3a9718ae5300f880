import type { DataSource } from 'typeorm'
import {
  decodeCursor,
  encodeCursor,
  ongeldigeCursor,
  type ConnectionShape,
  type PageArgs,
} from '../../../shared/graphql/connection'
import type { Toegangslog } from './toegangslog.entity'
import { DEELNAME_MARGE_MS } from './toegangsregistratie'

const VELDEN =
  't.gemeenteCode, t.inwonerId, t.gebeurtenis, t.actie, t.gebruiker, t.gebruikerNaam, t.rol, t.namens, t.doel'

/** Where an entry sorts: by time, an own entry before a shared one at the same time, then by ids. */
type Plaats = { tijdstip: string; gedeeld: 0 | 1; rij: number; deelname: number }

const na = (a: Plaats, b: Plaats) =>
  a.tijdstip !== b.tijdstip
    ? a.tijdstip > b.tijdstip
    : a.gedeeld !== b.gedeeld
      ? a.gedeeld > b.gedeeld
      : a.rij !== b.rij
        ? a.rij > b.rij
        : a.deelname > b.deelname

/** `123` for an entry of its own, `d7-123` for entry 123 as request 7 of a shared read was given it. */
const idVan = (p: Plaats) => (p.gedeeld ? `d${p.deelname}-${p.rij}` : String(p.rij))

/**
 * A resident's access log, oldest first, a page at a time (NEN 7513): the entries of their own
 * (toegangslog) and those of every request that was given a shared read of them
 * (toegangslog_deelname, R31), each at its own time. Keyset pagination as `paginate`: the cursor
 * names the entry it follows, whose time is looked up; at most a page of each source is taken
 * and the two are merged. Own entries come from the (inwonerId, tijdstip) index. Shared ones are
 * joined from the resident's entries of shared reads in a range of that index: the own entries
 * of this page and a minute (DEELNAME_MARGE_MS) either side, since a shared read's entries are own
 * entries too. So a page costs the same however long the resident's log is. Two statements for
 * the pages (and one for the cursor's entry after the first page), two more for the counts when
 * totalCount is asked.
 */
export async function logPagina(
  db: DataSource,
  gemeenteCode: string,
  inwonerId: string,
  page: PageArgs,
): Promise<ConnectionShape<Toegangslog>> {
  const vanaf = page.na ? await plaatsVan(db, gemeenteCode, inwonerId, decodeCursor(page.na)) : null
  const n = page.eerste + 1
  const eigen: (Toegangslog & { plaats: Plaats })[] = (
    await db.query(
      `SELECT t.id AS rij, t.tijdstip, ${VELDEN} FROM toegangslog t
       WHERE t.gemeenteCode = ? AND t.inwonerId = ?${
         vanaf ? (vanaf.gedeeld ? ' AND t.tijdstip > ?' : ' AND (t.tijdstip, t.id) > (?, ?)') : ''
       }
       ORDER BY t.tijdstip, t.id LIMIT ${n}`,
      [
        gemeenteCode,
        inwonerId,
        ...(vanaf ? (vanaf.gedeeld ? [vanaf.tijdstip] : [vanaf.tijdstip, vanaf.rij]) : []),
      ],
    )
  ).map((r: Toegangslog & { rij: number }) =>
    entry(r, { tijdstip: r.tijdstip, gedeeld: 0, rij: Number(r.rij), deelname: 0 }, null),
  )
  // A shared entry after the last own entry of a full page is not on this page: it sorts after
  // that entry even at the same time. The read it was given was made before it (a minute is left
  // for a clock that was set back), so that read's entries lie before that own entry too.
  const tot = eigen.length === n ? eigen[n - 1].plaats.tijdstip : null
  const gedeeld = (
    await db.query(
      `SELECT t.id AS rij, d.id AS deelname, d.tijdstip, d.verzoekId, ${VELDEN}
       FROM toegangslog t JOIN toegangslog_deelname d ON d.leesId = t.leesId
       WHERE t.gemeenteCode = ? AND t.inwonerId = ? AND t.leesId IS NOT NULL${
         vanaf
           ? ` AND t.tijdstip >= ? AND ${vanaf.gedeeld ? '(d.tijdstip, t.id, d.id) > (?, ?, ?)' : 'd.tijdstip >= ?'}`
           : ''
       }${tot ? ' AND t.tijdstip <= ? AND d.tijdstip <= ?' : ''}
       ORDER BY d.tijdstip, t.id, d.id LIMIT ${n}`,
      [
        gemeenteCode,
        inwonerId,
        ...(vanaf
          ? [
              verschoven(vanaf.tijdstip, -DEELNAME_MARGE_MS),
              ...(vanaf.gedeeld ? [vanaf.tijdstip, vanaf.rij, vanaf.deelname] : [vanaf.tijdstip]),
            ]
          : []),
        ...(tot ? [verschoven(tot, DEELNAME_MARGE_MS), tot] : []),
      ],
    )
  ).map((r: Toegangslog & { rij: number; deelname: number }) =>
    entry(
      r,
      { tijdstip: r.tijdstip, gedeeld: 1, rij: Number(r.rij), deelname: Number(r.deelname) },
      r.verzoekId,
    ),
  )
  const pagina = [...eigen, ...gedeeld].sort((a, b) => (na(a.plaats, b.plaats) ? 1 : -1)).slice(0, n)
  // Counted only when asked: the counts read the resident's whole log, a page only its own.
  const totalCount = async () => {
    const [[{ a }], [{ b }]] = await Promise.all([
      db.query('SELECT COUNT(*) AS a FROM toegangslog WHERE gemeenteCode = ? AND inwonerId = ?', [
        gemeenteCode,
        inwonerId,
      ]),
      db.query(
        `SELECT COUNT(*) AS b FROM toegangslog t JOIN toegangslog_deelname d ON d.leesId = t.leesId
         WHERE t.gemeenteCode = ? AND t.inwonerId = ? AND t.leesId IS NOT NULL`,
        [gemeenteCode, inwonerId],
      ),
    ])
    return Number(a) + Number(b)
  }
  const nodes = pagina.slice(0, page.eerste).map(({ plaats: _, ...node }) => node)
  const edges = nodes.map((node) => ({ cursor: encodeCursor(String(node.id)), node }))
  return {
    edges,
    pageInfo: { hasNextPage: pagina.length > page.eerste, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  }
}

function entry(r: Toegangslog, plaats: Plaats, verzoekId: string | null): Toegangslog & { plaats: Plaats } {
  const { gemeenteCode, inwonerId, gebeurtenis, actie, gebruiker, gebruikerNaam, rol, namens, doel } = r
  return {
    id: idVan(plaats),
    tijdstip: plaats.tijdstip,
    gemeenteCode,
    inwonerId,
    gebeurtenis,
    actie,
    gebruiker,
    gebruikerNaam,
    rol,
    namens,
    doel,
    verzoekId,
    leesId: null,
    plaats,
  }
}

const verschoven = (tijdstip: string, ms: number) => new Date(Date.parse(tijdstip) + ms).toISOString()

/**
 * Where the entry a cursor names sorts; a cursor that names none of this resident's entries is
 * refused, so that a cursor made up from another row's id tells nothing of that row.
 */
async function plaatsVan(
  db: DataSource,
  gemeenteCode: string,
  inwonerId: string,
  id: string,
): Promise<Plaats> {
  const gedeeld = /^d(\d+)-(\d+)$/.exec(id)
  if (gedeeld) {
    // The request given a share of the read that the resident's own entry `rij` logged.
    const [rij] = await db.query(
      `SELECT d.tijdstip FROM toegangslog_deelname d JOIN toegangslog t ON t.leesId = d.leesId
       WHERE d.id = ? AND t.id = ? AND t.gemeenteCode = ? AND t.inwonerId = ?`,
      [Number(gedeeld[1]), Number(gedeeld[2]), gemeenteCode, inwonerId],
    )
    if (rij)
      return { tijdstip: rij.tijdstip, gedeeld: 1, rij: Number(gedeeld[2]), deelname: Number(gedeeld[1]) }
  } else if (/^\d+$/.test(id)) {
    const [rij] = await db.query(
      'SELECT tijdstip FROM toegangslog WHERE id = ? AND gemeenteCode = ? AND inwonerId = ?',
      [Number(id), gemeenteCode, inwonerId],
    )
    if (rij) return { tijdstip: rij.tijdstip, gedeeld: 0, rij: Number(id), deelname: 0 }
  }
  throw ongeldigeCursor()
}
