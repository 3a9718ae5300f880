import { ArrayMaxSize, Max, MaxLength, Min } from 'class-validator'
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql'
import { type ObjectLiteral, type SelectQueryBuilder } from 'typeorm'
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
  /**
   * The number over all pages, or how to count it, called only when a client asks for it: a
   * count reads every matching row, where a page reads only its own (see paginate).
   */
  totalCount: number | (() => Promise<number>)
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

    // Simple: GraphQL's own resolver, which calls a function it finds (a count not yet made).
    @Field(() => Int, { simple: true, description: 'Number of items matching the filter, over all pages.' })
    totalCount: number | (() => Promise<number>)
  }
  return ConnectionType
}

export const MAX_PAGE_SIZE = 100

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` })
  @Min(1, { message: `tussen 1 en ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `tussen 1 en ${MAX_PAGE_SIZE}` })
  eerste: number

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @MaxLength(500, { message: 'gebruik de endCursor van de vorige pagina' })
  na?: string | null
}

/** How many scopes (gemeenten) a list that spans instances can continue at once. */
export const MAX_SCOPED_CURSORS = 14

/**
 * Pages of a list that spans instances: `eerste` rows per instance, continued per instance with
 * the `endCursor`s of the previous answer (see scopedCursor).
 */
@ArgsType()
export class ScopedPageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Per gemeente; at most ${MAX_PAGE_SIZE}.` })
  @Min(1, { message: `tussen 1 en ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `tussen 1 en ${MAX_PAGE_SIZE}` })
  eerste: number

  @Field(() => [String], {
    nullable: true,
    description:
      'The endCursor of each gemeente to continue (those with hasNextPage); without it, every ' +
      'gemeente’s first page. A gemeente without a cursor here is left out.',
  })
  @ArrayMaxSize(MAX_SCOPED_CURSORS, { message: `ten hoogste ${MAX_SCOPED_CURSORS} cursors` })
  @MaxLength(500, { each: true, message: 'gebruik de endCursor van de vorige pagina' })
  na?: string[] | null
}

// A cursor names only the row it follows: the sort key (a surname, a date) stays in the database
// and is looked up there, so that decoding a cursor reveals nothing about anyone.
export const encodeCursor = (id: string) => Buffer.from(JSON.stringify([id]), 'utf8').toString('base64url')

export function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(parsed) && parsed.length === 1 && typeof parsed[0] === 'string' && parsed[0]) {
      return parsed[0]
    }
  } catch {
    // fall through: a cursor is opaque to clients, so anything malformed is just invalid
  }
  throw ongeldigeCursor()
}

export const ongeldigeCursor = (field = 'na') =>
  badInput('Ongeldige cursor: gebruik de endCursor van de vorige pagina.', field)

/**
 * Cursors of a list that spans instances, one page per scope (a gemeente): each cursor carries
 * its scope beside the page cursor it wraps, so that every instance picks its own from the list
 * the client sends back. `scopedCursor.wrap('0153', c)` is `["0153", c]`, base64url-encoded.
 */
export const scopedCursor = {
  wrap(scope: string, cursor: string): string {
    return Buffer.from(JSON.stringify([scope, cursor]), 'utf8').toString('base64url')
  },
  /** The page cursor of `scope` among `cursors`; null when none is for it. */
  pick(scope: string, cursors: readonly string[], field = 'na'): string | null {
    let mine: string | null = null
    for (const wrapped of cursors) {
      let parsed: unknown
      try {
        parsed = JSON.parse(Buffer.from(wrapped, 'base64url').toString('utf8'))
      } catch {
        throw ongeldigeCursor(field)
      }
      if (
        !Array.isArray(parsed) ||
        parsed.length !== 2 ||
        typeof parsed[0] !== 'string' ||
        typeof parsed[1] !== 'string'
      )
        throw ongeldigeCursor(field)
      if (parsed[0] === scope) {
        if (mine !== null) throw badInput('Geef per gemeente één cursor.', field)
        mine = parsed[1]
      }
    }
    return mine
  },
  /** The connection with every cursor wrapped in `scope`. */
  scope<T>(scope: string, connection: ConnectionShape<T>): ConnectionShape<T> {
    const { endCursor } = connection.pageInfo
    return {
      ...connection,
      edges: connection.edges.map((e) => ({ ...e, cursor: scopedCursor.wrap(scope, e.cursor) })),
      pageInfo: { ...connection.pageInfo, endCursor: endCursor && scopedCursor.wrap(scope, endCursor) },
    }
  },
}

/**
 * Keyset pagination over (sortColumn, id): stable under inserts, and one query for the page,
 * whatever the page number, plus one count when the client asks totalCount. The cursor holds
 * the id of the page's last row; its sort key is read in the same statement: `(achternaam, id)
 * > (SELECT achternaam, id FROM inwoner WHERE id = :cursorId)`, a row-value comparison that
 * SQLite, MySQL and MariaDB all evaluate. A page is a LIMITed range of rows only where an
 * index holds the query's equalities, then sortColumn and id (say (gemeenteCode, startdatum,
 * id) for plans); without one, every matching row is sorted for every page. The page size is
 * checked on PageArgs.
 */
export async function paginate<T extends ObjectLiteral & { id: string | number }>(
  query: SelectQueryBuilder<T>,
  args: PageArgs,
  sort: { column: string },
): Promise<ConnectionShape<T>> {
  const cursorId = args.na ? decodeCursor(args.na) : null
  const alias = query.alias
  const metadata = query.expressionMap.mainAlias!.metadata
  const column = query.escape(metadata.findColumnWithPropertyName(sort.column)!.databaseName)
  const idColumn = query.escape(metadata.primaryColumns[0].databaseName)
  const table = query.escape(metadata.tableName)
  const counted = query.clone()
  const page = query.clone()
  if (cursorId !== null) {
    page.andWhere(
      `(${alias}.${sort.column}, ${alias}.id) > (SELECT vorige.${column}, vorige.${idColumn} FROM ${table} vorige WHERE vorige.${idColumn} = :cursorId)`,
      { cursorId },
    )
  }
  const rows = await page
    .orderBy(`${alias}.${sort.column}`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .take(args.eerste + 1)
    .getMany()
  // A row the cursor does not name compares as NULL and yields an empty page; tell the caller
  // instead (looked up only then, so a normal page costs no extra statement).
  if (cursorId !== null && rows.length === 0) {
    const bestaat = await query.connection
      .createQueryBuilder()
      .select('1', 'een')
      .from(metadata.target, 'vorige')
      .where(`vorige.${metadata.primaryColumns[0].propertyName} = :cursorId`, { cursorId })
      .getRawOne()
    if (!bestaat) throw ongeldigeCursor()
  }
  const hasNextPage = rows.length > args.eerste
  const nodes = rows.slice(0, args.eerste)
  const edges = nodes.map((node) => ({ cursor: encodeCursor(String(node.id)), node }))
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: () => counted.getCount(),
  }
}
