import { createHash } from 'node:crypto'
import { graphql, parse, print, type DefinitionNode, type DocumentNode, type GraphQLSchema } from 'graphql'

/**
 * The response header in which every subgraph instance names the schema it serves: the gateway
 * compares it with the composed one on every answer, so that an instance that starts serving
 * another schema is excluded from its first answer on, not at the next periodic check.
 */
export const SCHEMA_HASH_HEADER = 'x-schema-hash'

/** How a definition is told apart from the others: its kind and name. */
export const definitionKey = (d: DefinitionNode) => `${d.kind}:${'name' in d && d.name ? d.name.value : ''}`

/** Order-independent form of an SDL: definitions sorted, formatting normalised. */
export function normaliseSdl(sdl: string): DocumentNode {
  const document = parse(sdl)
  return {
    ...document,
    definitions: [...document.definitions].sort((a, b) => definitionKey(a).localeCompare(definitionKey(b))),
  }
}

/**
 * The hash of an SDL in its normalised form: two SDLs that differ only in the order of their
 * definitions or in formatting have the same hash, as they have no differences for the
 * gateway's SDL check (gateway/registry.ts).
 */
export function schemaHash(sdl: string): string {
  return createHash('sha256')
    .update(print(normaliseSdl(sdl)))
    .digest('base64url')
}

/** The SDL a subgraph schema serves at `_service { sdl }`, which is what the gateway composed. */
export async function servedSdl(schema: GraphQLSchema): Promise<string> {
  const result = await graphql({ schema, source: 'query SubgraphSdl { _service { sdl } }' })
  const sdl = (result.data?._service as { sdl?: string } | undefined)?.sdl
  if (!sdl) throw new Error(`no SDL: ${JSON.stringify(result.errors)}`)
  return sdl
}
