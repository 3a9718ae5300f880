import { z } from 'zod'
import { parseConfig, serviceConfigFrom, serviceConfigSchema } from '../../shared/config'
import { MAX_BODY_BYTES } from '../../shared/http/serve'

const schema = z.object({
  ...serviceConfigSchema({ port: 4001, sqlitePath: '.data/catalogus.sqlite' }),
  // The region's figures arrive as the gemeenten' raw counts (see MAX_BODY_BYTES).
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(MAX_BODY_BYTES.catalogus),
})

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  return serviceConfigFrom(parseConfig(schema, env))
}
