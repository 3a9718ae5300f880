import 'reflect-metadata'
import { composeServices } from '@apollo/composition'
import { graphql, parse, type GraphQLSchema } from 'graphql'
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

/**
 * The SDL exactly as a running instance serves it at `_service { sdl }`: what is composed is
 * then byte for byte what the gateway compares each gemeente instance with.
 */
async function servedSdl(schema: GraphQLSchema): Promise<string> {
  const result = await graphql({ schema, source: 'query SubgraphSdl { _service { sdl } }' })
  const sdl = (result.data?._service as { sdl?: string } | undefined)?.sdl
  if (!sdl) throw new Error(`no SDL: ${JSON.stringify(result.errors)}`)
  return sdl
}

export interface Composed {
  subgraphs: Record<string, string>
  supergraphSdl: string
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
  return { subgraphs, supergraphSdl: result.supergraphSdl }
}
