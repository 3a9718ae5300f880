import { z } from 'zod'
import { MAX_SEED_INWONERS } from './seed/generate'
import { parseConfig, serviceConfigFrom, serviceConfigSchema } from '../../shared/config'
import { gemeenteInfo, isGemeenteCode } from '../../shared/gemeenten'

const schema = z.object({
  ...serviceConfigSchema({ port: 4100, sqlitePath: '' }),
  GEMEENTE_CODE: z
    .string()
    .refine(isGemeenteCode, 'must be the CBS code of one of the fourteen Twentse gemeenten'),
  CATALOGUS_URL: z.url().default('http://127.0.0.1:4001/'),
  AANBIEDERS_URL: z.url().default('http://127.0.0.1:4002/'),
  REGISTER_BEZORG_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  SEED_INWONERS: z.coerce.number().int().min(1).max(MAX_SEED_INWONERS).default(150),
})

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const c = parseConfig(schema, env)
  const service = serviceConfigFrom(c)
  return {
    ...service,
    gemeente: gemeenteInfo(c.GEMEENTE_CODE),
    // Each gemeente its own database, also when embedded.
    database: {
      ...service.database,
      sqlitePath: c.SQLITE_PATH || `.data/gemeente-${c.GEMEENTE_CODE}.sqlite`,
    },
    catalogusUrl: c.CATALOGUS_URL,
    aanbiedersUrl: c.AANBIEDERS_URL,
    bezorgIntervalMs: c.REGISTER_BEZORG_INTERVAL_MS,
    seed: service.seedWhenEmpty ? { inwoners: c.SEED_INWONERS } : null,
    seedInwoners: c.SEED_INWONERS,
  }
}
