import 'reflect-metadata'
import { composeServices } from '@apollo/composition'
import { parse, printSchema } from 'graphql'
import { servedSdl } from '../shared/federation/schema-hash'
import { buildAanbiedersSchema } from '../subgraphs/aanbieders/server'
import { buildCatalogusSchema } from '../subgraphs/catalogus/server'
import { buildGemeenteSchema } from '../subgraphs/gemeente/server'

/** Where the composed files live; the gateway loads them at start. */
export const SCHEMA_DIR = 'gateway/schema'

// The URLs written into the supergraph are the docker-compose service names; the gateway's
// configuration overrides them, so they only document the default topology.
const SUBGRAPHS = [
  { name: 'catalogus', url: 'http://catalogus:4001/', build: buildCatalogusSchema },
  { name: 'aanbieders', url: 'http://aanbieders:4002/', build: buildAanbiedersSchema },
  { name: 'gemeente', url: 'http://gemeente-0153:4100/', build: buildGemeenteSchema },
] as const

export interface Composed {
  subgraphs: Record<string, string>
  supergraphSdl: string
  /** What clients see (no join directives, no @inaccessible fields): the web pages' codegen reads it. */
  apiSdl: string
}

/** Builds every subgraph from code and composes them; throws with every composition error. */
export async function composeFromCode(): Promise<Composed> {
  const subgraphs: Record<string, string> = {}
  for (const s of SUBGRAPHS) subgraphs[s.name] = await servedSdl(await s.build())
  const result = composeServices(
    SUBGRAPHS.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(subgraphs[s.name]) })),
  )
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`)
  }
  return {
    subgraphs,
    supergraphSdl: result.supergraphSdl,
    apiSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()),
  }
}
