import { z } from 'zod'
import { authConfigFrom, authConfigSchema } from '../../shared/auth/identity'
import { databaseUrl, parseConfig, port, sqlitePath } from '../../shared/config'
import { gemeenteInfo, isGemeenteCode } from '../../shared/gemeenten'

const schema = z.object({
  GEMEENTE_CODE: z.string().refine(isGemeenteCode, 'must be the CBS code of one of the fourteen Twentse gemeenten'),
  PORT: port(4100),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: databaseUrl,
  SQLITE_PATH: sqlitePath('').optional(),
  CATALOGUS_URL: z.url().default('http://127.0.0.1:4001/'),
  SEED: z.enum(['true', 'false']).default('true'),
  SEED_INWONERS: z.coerce.number().int().min(1).max(600).default(150),
  ...authConfigSchema,
})

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const c = parseConfig(schema, env)
  return {
    gemeente: gemeenteInfo(c.GEMEENTE_CODE),
    port: c.PORT,
    host: c.HOST,
    database: { url: c.DATABASE_URL, sqlitePath: c.SQLITE_PATH || `.data/gemeente-${c.GEMEENTE_CODE}.sqlite` },
    catalogusUrl: c.CATALOGUS_URL,
    seed: c.SEED === 'true' ? { inwoners: c.SEED_INWONERS } : null,
    auth: authConfigFrom(c),
  }
}
