import { z } from 'zod'
import { parseConfig, serviceConfigFrom, serviceConfigSchema } from '../../shared/config'

const schema = z.object({
  ...serviceConfigSchema({ port: 4001, sqlitePath: '.data/catalogus.sqlite' }),
})

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  return serviceConfigFrom(parseConfig(schema, env))
}
