import { Brackets, type DataSource } from 'typeorm'
import { badInput } from '../../../shared/errors'
import { paginate, type ConnectionShape, type PageArgs } from '../../../shared/graphql/connection'
import { Aanbieder, MAX_WACHTTIJD_WEKEN } from '../aanbieder/aanbieder.entity'
import { ContractGemeente } from '../contract/contract-gemeente.entity'
import { Contract, ContractStatus } from '../contract/contract.entity'
import { Contractperceel } from '../contract/contractperceel.entity'
import { Locatie } from '../locatie/locatie.entity'
import { AanbiederSpecialisatie } from '../specialisatie/aanbieder-specialisatie.entity'
import { AanbiederWerkgebied } from '../werkgebied/werkgebied.entity'
import { KeuzeSortering, type KeuzeArgs } from './keuze.input'

export const LEGE_PAGINA: ConnectionShape<Aanbieder> = {
  edges: [],
  pageInfo: { hasNextPage: false, endCursor: null },
  totalCount: 0,
}

/**
 * The eligible providers: an active contract valid on the day, with a lot for the need at the
 * level, covering the gemeente, from a provider that serves it. Every filter is an EXISTS
 * subquery, so the database filters and counts.
 */
export function keuzeQuery(db: DataSource, args: KeuzeArgs & { peildatum: string }) {
  const query = db.getRepository(Aanbieder).createQueryBuilder('aanbieder')
  query.andWhere(
    (qb) =>
      'EXISTS ' +
      qb
        .subQuery()
        .select('1')
        .from(Contract, 'contract')
        .innerJoin(Contractperceel, 'perceel', 'perceel.contractId = contract.id')
        .innerJoin(ContractGemeente, 'contractgemeente', 'contractgemeente.contractId = contract.id')
        .where('contract.agbCode = aanbieder.agbCode')
        .andWhere('contract.status = :actief')
        // Regional contracts only: a gemeente's own offers its choice in its own subgraph.
        .andWhere('contract.eigenGemeenteCode IS NULL')
        .andWhere('contract.ingangsdatum <= :peildatum')
        .andWhere('(contract.einddatum IS NULL OR contract.einddatum >= :peildatum)')
        .andWhere('perceel.ondersteuningsbehoefteCode = :ondersteuningsbehoefte')
        .andWhere('perceel.niveau = :niveau')
        .andWhere('contractgemeente.gemeenteCode = :gemeente')
        .getQuery(),
    {
      actief: ContractStatus.ACTIEF,
      peildatum: args.peildatum,
      ondersteuningsbehoefte: args.ondersteuningsbehoefte,
      niveau: args.niveau,
      gemeente: args.gemeente,
    },
  )
  query.andWhere(
    (qb) =>
      'EXISTS ' +
      qb
        .subQuery()
        .select('1')
        .from(AanbiederWerkgebied, 'werkgebied')
        .where('werkgebied.agbCode = aanbieder.agbCode')
        .andWhere('werkgebied.gemeenteCode = :gemeente')
        .getQuery(),
    { gemeente: args.gemeente },
  )
  if (args.specialisatie) {
    query.andWhere(
      (qb) =>
        'EXISTS ' +
        qb
          .subQuery()
          .select('1')
          .from(AanbiederSpecialisatie, 'specialisatie')
          .where('specialisatie.agbCode = aanbieder.agbCode')
          .andWhere('specialisatie.specialisatieCode = :specialisatie')
          .getQuery(),
      { specialisatie: args.specialisatie },
    )
  }
  if (args.postcodegebied) {
    // Digits only (checked by the caller), so the pattern needs no escaping.
    query.andWhere(
      (qb) =>
        'EXISTS ' +
        qb
          .subQuery()
          .select('1')
          .from(Locatie, 'locatie')
          .where('locatie.agbCode = aanbieder.agbCode')
          .andWhere('locatie.postcode LIKE :postcodegebied')
          .getQuery(),
      { postcodegebied: `${args.postcodegebied}%` },
    )
  }
  return query
}

// Unknown waiting times sort as this many weeks: after every waiting time a provider may report.
const ONBEKEND = MAX_WACHTTIJD_WEKEN + 1
const WACHTTIJD = `COALESCE(aanbieder.wachttijdWeken, ${ONBEKEND})`

type WachttijdCursor = [number, string, string]

const encode = (cursor: WachttijdCursor) => Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url')

function decode(cursor: string): WachttijdCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      Number.isInteger(parsed[0]) &&
      typeof parsed[1] === 'string' &&
      typeof parsed[2] === 'string'
    ) {
      return parsed as WachttijdCursor
    }
  } catch {
    // fall through: a cursor is opaque, so anything malformed is just invalid
  }
  throw badInput('Ongeldige cursor: gebruik de endCursor van de vorige pagina, met dezelfde sortering.', 'na')
}

/**
 * Keyset pagination over (waiting time with unknown last, name, AGB code). The shared
 * `paginate` keys on one column plus id, and nulls sort first in SQLite and MySQL alike, so
 * this order needs its own three-part key.
 */
async function pagineerOpWachttijd(
  query: ReturnType<typeof keuzeQuery>,
  page: PageArgs,
): Promise<ConnectionShape<Aanbieder>> {
  const counted = query.clone()
  const pagina = query.clone()
  if (page.na) {
    const [weken, naam, id] = decode(page.na)
    pagina.andWhere(
      new Brackets((qb) =>
        qb
          .where(`${WACHTTIJD} > :cWeken`, { cWeken: weken })
          .orWhere(
            new Brackets((gelijk) =>
              gelijk
                .where(`${WACHTTIJD} = :cWeken`)
                .andWhere(
                  new Brackets((naNaam) =>
                    naNaam
                      .where('aanbieder.naam > :cNaam', { cNaam: naam })
                      .orWhere('(aanbieder.naam = :cNaam AND aanbieder.id > :cId)', { cId: id }),
                  ),
                ),
            ),
          ),
      ),
    )
  }
  const rows = await pagina
    .orderBy(WACHTTIJD, 'ASC')
    .addOrderBy('aanbieder.naam', 'ASC')
    .addOrderBy('aanbieder.id', 'ASC')
    .take(page.eerste + 1)
    .getMany()
  const hasNextPage = rows.length > page.eerste
  const edges = rows.slice(0, page.eerste).map((node) => ({
    cursor: encode([node.wachttijdWeken ?? ONBEKEND, node.naam, node.id]),
    node,
  }))
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: () => counted.getCount(),
  }
}

export function pagineerKeuze(
  query: ReturnType<typeof keuzeQuery>,
  sorteer: KeuzeSortering,
  page: PageArgs,
): Promise<ConnectionShape<Aanbieder>> {
  if (sorteer === KeuzeSortering.WACHTTIJD) return pagineerOpWachttijd(query, page)
  return paginate(query, page, { column: 'naam' })
}
