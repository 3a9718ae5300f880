import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gemeenteSchemaProblems } from '../gateway/routing/schema-rules'
import { composeFromCode, SCHEMA_DIR } from '../scripts/supergraph'

describe('the composed supergraph', () => {
  it('composes without errors and matches the committed files (run npm run compose after a schema change)', async () => {
    const { subgraphs, supergraphSdl, apiSdl } = await composeFromCode()
    for (const [name, sdl] of Object.entries(subgraphs)) {
      expect(sdl, `${SCHEMA_DIR}/${name}.graphql is stale: run npm run compose`).toBe(
        readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8'),
      )
    }
    expect(supergraphSdl, `${SCHEMA_DIR}/supergraph.graphql is stale: run npm run compose`).toBe(
      readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8'),
    )
    expect(apiSdl, `${SCHEMA_DIR}/api.graphql is stale: run npm run compose`).toBe(
      readFileSync(join(SCHEMA_DIR, 'api.graphql'), 'utf8'),
    )
  })

  it('keeps the gemeente subgraph routable: every root field takes gemeenteCode, regional additions are lists', async () => {
    const { subgraphs } = await composeFromCode()
    expect(gemeenteSchemaProblems(subgraphs.gemeente)).toEqual([])
  })

  it('puts the gemeente in the key of every entity the gemeente subgraph owns', async () => {
    const { subgraphs } = await composeFromCode()
    const keyed = [...subgraphs.gemeente.matchAll(/type (\w+)\s+@key\(fields: "([^"]+)"\)/g)].map(
      ([, type, key]) => [type, key],
    )
    const owned = keyed.filter(
      ([type]) =>
        ![
          'Gemeente',
          'Aanbieder',
          'Module',
          'Ondersteuningsbehoefte',
          'Beschikbaarheidsvoorziening',
          'Regio',
        ].includes(type),
    )
    expect(owned.map(([type]) => type).sort()).toEqual([
      'Huishouden',
      'Inwoner',
      'Melding',
      'Plan',
      'Toewijzing',
    ])
    for (const [, key] of owned) expect(key).toBe('gemeenteCode id')
  })
})
