import { z } from 'zod'
import { DEFAULT_LIMITS, type OperationLimits } from './graphql/limits'
import { MAX_BODY_BYTES } from './http/serve'
import { authConfigSchema, type AuthSettings } from './auth/identity'

/**
 * Parses `process.env` (or a given record) once, at start-up, and fails with every problem
 * listed at once: a service that starts with half a configuration fails later and worse.
 */
export function parseConfig<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
): z.infer<T> {
  const result = schema.safeParse(env)
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n')
    throw new Error(`Invalid configuration:\n${problems}`)
  }
  return result.data
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback)

/**
 * A MySQL or MariaDB URL (`mysql://user:pass@host:3306/db`, `mariadb://...`) or nothing, which
 * means the embedded SQLite database.
 */
export const databaseUrl = z
  .string()
  .regex(
    /^(mysql|mariadb):\/\/.+\/[A-Za-z0-9_]+$/,
    'expected mysql://user:password@host:port/database (or mariadb://)',
  )
  .optional()

/** Where the embedded database lives when no DATABASE_URL is given; ':memory:' for tests. */
export const sqlitePath = (fallback: string) => z.string().min(1).default(fallback)

const atLeastOne = (fallback: number) => z.coerce.number().int().min(1).default(fallback)

/**
 * Operation limits (shared/graphql/limits), under the same names at the gateway and at every
 * instance: with the same values, an instance accepts every fetch the gateway plans for an
 * operation it accepted.
 */
export const limitsConfigSchema = {
  LIMIT_MAX_DEPTH: atLeastOne(DEFAULT_LIMITS.maxDepth),
  LIMIT_MAX_ALIASES: atLeastOne(DEFAULT_LIMITS.maxAliases),
  LIMIT_MAX_DIRECTIVES: atLeastOne(DEFAULT_LIMITS.maxDirectives),
  LIMIT_MAX_TOKENS: atLeastOne(DEFAULT_LIMITS.maxTokens),
  LIMIT_MAX_COST: atLeastOne(DEFAULT_LIMITS.maxCost),
  LIMIT_LIST_FACTOR: atLeastOne(DEFAULT_LIMITS.listFactor),
  NODE_ENV: z.string().optional(),
}

export function limitsConfigFrom(c: z.infer<z.ZodObject<typeof limitsConfigSchema>>): OperationLimits {
  return {
    maxDepth: c.LIMIT_MAX_DEPTH,
    maxAliases: c.LIMIT_MAX_ALIASES,
    maxDirectives: c.LIMIT_MAX_DIRECTIVES,
    maxTokens: c.LIMIT_MAX_TOKENS,
    maxCost: c.LIMIT_MAX_COST,
    listFactor: c.LIMIT_LIST_FACTOR,
    // "Did you mean ..." tells a stranger the schema's names; a developer wants it.
    hideSuggestions: c.NODE_ENV === 'production',
  }
}

/**
 * What one request may cost an instance before GraphQL sees it: its body, and how long it may
 * run. The deadline stays below the gateway's FETCH_TIMEOUT_MS (5 s by default), so that an
 * instance stops working on an answer the gateway has already given up on.
 */
export const httpConfigSchema = {
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(MAX_BODY_BYTES.instance),
  EXECUTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(4500),
}

/** The settings every subgraph service has: where it listens, its database, seeding, tokens. */
export function serviceConfigSchema(defaults: { port: number; sqlitePath: string }) {
  return {
    PORT: port(defaults.port),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: databaseUrl,
    // How long to keep trying to reach the database at start: it may come up after the service.
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).default(60_000),
    // Sixteen services on one server must stay under its max_connections (151 by default).
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).default(10),
    SQLITE_PATH: sqlitePath(defaults.sqlitePath),
    SEED: z.enum(['true', 'false']).optional(),
    ...authConfigSchema,
    ...limitsConfigSchema,
    ...httpConfigSchema,
  }
}

type ServiceEnv = z.infer<z.ZodObject<ReturnType<typeof serviceConfigSchema>>>

export function serviceConfigFrom(c: ServiceEnv) {
  return {
    port: c.PORT,
    host: c.HOST,
    database: {
      url: c.DATABASE_URL,
      sqlitePath: c.SQLITE_PATH,
      statementTimeoutMs: c.EXECUTION_TIMEOUT_MS,
      connectTimeoutMs: c.DATABASE_CONNECT_TIMEOUT_MS,
      poolSize: c.DATABASE_POOL_SIZE,
    },
    // Synthetic residents never reach a production database unless someone asks for them.
    seedWhenEmpty: c.SEED ? c.SEED === 'true' : c.NODE_ENV !== 'production',
    limits: limitsConfigFrom(c),
    http: { maxBodyBytes: c.MAX_BODY_BYTES, executionTimeoutMs: c.EXECUTION_TIMEOUT_MS },
    /** Token settings; `loadAuth(settings, issuer)` turns them into keys at start-up. */
    auth: c as AuthSettings,
  }
}
