import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql'
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm'
import { badInput } from '../errors'

// Every subgraph that pages defines the same PageInfo, so Federation must be told it is shared.
@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean

  @Field(() => String, { nullable: true })
  endCursor: string | null
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[]
  pageInfo: PageInfo
  totalCount: number
}

/**
 * A Relay-style connection type for `node`. Two classes per item type, named after it
 * (`PlanConnection`, `PlanEdge`), so that every list in the graph pages the same way.
 */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor: string

    @Field(() => node)
    node: T
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges: Edge[]

    @Field(() => PageInfo)
    pageInfo: PageInfo

    @Field(() => Int, { description: 'Number of items matching the filter, over all pages.' })
    totalCount: number
  }
  return ConnectionType
}

export const MAX_PAGE_SIZE = 100

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` })
  eerste: number

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  na?: string | null
}

const encodeCursor = (sortValue: string, id: string) =>
  Buffer.from(JSON.stringify([sortValue, id]), 'utf8').toString('base64url')

function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((v) => typeof v === 'string')) {
      return parsed as [string, string]
    }
  } catch {
    // fall through: a cursor is opaque to clients, so anything malformed is just invalid
  }
  throw badInput('Ongeldige cursor: gebruik de endCursor van de vorige pagina.', 'na')
}

/**
 * Keyset pagination over (sortColumn, id): stable under inserts, and one query for the page
 * plus one count, whatever the page number.
 */
export async function paginate<T extends ObjectLiteral & { id: string | number }>(
  query: SelectQueryBuilder<T>,
  args: PageArgs,
  sort: { column: string; value: (row: T) => string },
): Promise<ConnectionShape<T>> {
  if (!Number.isInteger(args.eerste) || args.eerste < 1 || args.eerste > MAX_PAGE_SIZE) {
    throw badInput(`eerste moet tussen 1 en ${MAX_PAGE_SIZE} liggen.`, 'eerste')
  }
  const alias = query.alias
  const totalCount = await query.clone().getCount()
  const page = query.clone()
  if (args.na) {
    const [sortValue, id] = decodeCursor(args.na)
    page.andWhere(
      new Brackets((qb) =>
        qb
          .where(`${alias}.${sort.column} > :cursorSort`, { cursorSort: sortValue })
          .orWhere(`(${alias}.${sort.column} = :cursorSort AND ${alias}.id > :cursorId)`, { cursorId: id }),
      ),
    )
  }
  const rows = await page
    .orderBy(`${alias}.${sort.column}`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .take(args.eerste + 1)
    .getMany()
  const hasNextPage = rows.length > args.eerste
  const nodes = rows.slice(0, args.eerste)
  const edges = nodes.map((node) => ({ cursor: encodeCursor(sort.value(node), String(node.id)), node }))
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount }
}
