// Writes gateway/schema/: the composed supergraph and each subgraph's SDL, from the code.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gemeenteSchemaProblems } from '../gateway/routing/schema-rules'
import { composeFromCode, SCHEMA_DIR } from './supergraph'

const { subgraphs, supergraphSdl, apiSdl } = await composeFromCode()
const problems = gemeenteSchemaProblems(subgraphs.gemeente)
if (problems.length) {
  console.error(`The gemeente subgraph breaks the routing rules:\n  - ${problems.join('\n  - ')}`)
  process.exit(1)
}
mkdirSync(SCHEMA_DIR, { recursive: true })
for (const [name, sdl] of Object.entries(subgraphs)) writeFileSync(join(SCHEMA_DIR, `${name}.graphql`), sdl)
writeFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), supergraphSdl)
writeFileSync(join(SCHEMA_DIR, 'api.graphql'), apiSdl)
console.log(
  `wrote ${SCHEMA_DIR}/supergraph.graphql, api.graphql and ${Object.keys(subgraphs).length} subgraph schemas`,
)
