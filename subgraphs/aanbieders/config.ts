import { z } from 'zod'
import { parseConfig, serviceConfigFrom, serviceConfigSchema } from '../../shared/config'

const schema = z.object(serviceConfigSchema({ port: 4002, sqlitePath: '.data/aanbieders.sqlite' }))

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  return serviceConfigFrom(parseConfig(schema, env))
}
