import { z } from 'zod'
import type { StackDatabase } from './stack'

/**
 * Where `npm start` keeps its databases: embedded SQLite files in DEMO_DATA_DIR, or, with
 * DEMO_DATABASE_URL, one database per service on a MySQL or MariaDB server, named
 * `<DEMO_DATABASE_PREFIX>_<service>` and kept across restarts.
 */
export const demoDatabaseSchema = {
  DEMO_DATA_DIR: z.string().default('.data/demo'),
  DEMO_DATABASE_URL: z
    .string()
    .regex(
      /^(mysql|mariadb):\/\/[^/]+\/?$/,
      'expected mysql://user:password@host:port (or mariadb://), without a database: every service gets its own',
    )
    .optional(),
  // The whole name goes into a backquoted identifier, so only plain characters, and short enough
  // that `<prefix>_aanbieders` stays within MySQL's 64.
  DEMO_DATABASE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, starting with a letter, at most 40')
    .default('twents'),
}

export function demoDatabase(config: z.infer<z.ZodObject<typeof demoDatabaseSchema>>): StackDatabase {
  if (!config.DEMO_DATABASE_URL) return { kind: 'sqlite', dir: config.DEMO_DATA_DIR }
  return {
    kind: 'mysql',
    serverUrl: config.DEMO_DATABASE_URL.replace(/\/$/, ''),
    prefix: config.DEMO_DATABASE_PREFIX,
    fresh: false,
  }
}
