import { z } from 'zod'
import { authConfigFrom, authConfigSchema } from '../../shared/auth/identity'
import { databaseUrl, parseConfig, port, sqlitePath } from '../../shared/config'

const schema = z.object({
  PORT: port(4002),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: databaseUrl,
  SQLITE_PATH: sqlitePath('.data/aanbieders.sqlite'),
  SEED: z.enum(['true', 'false']).default('true'),
  ...authConfigSchema,
})

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const c = parseConfig(schema, env)
  return {
    port: c.PORT,
    host: c.HOST,
    database: { url: c.DATABASE_URL, sqlitePath: c.SQLITE_PATH },
    seedWhenEmpty: c.SEED === 'true',
    auth: authConfigFrom(c),
  }
}
