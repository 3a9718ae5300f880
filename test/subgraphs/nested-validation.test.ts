import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import { getMetadataStorage as classValidator } from 'class-validator'
import { getMetadataStorage as typeGraphql } from 'type-graphql'
import { buildAanbiedersSchema } from '../../subgraphs/aanbieders/server'
import { buildCatalogusSchema } from '../../subgraphs/catalogus/server'
import { buildGemeenteSchema } from '../../subgraphs/gemeente/server'

/** A field of an input or args class, as type-graphql keeps it. */
interface Veld {
  name: string
  getType(): unknown
}

describe('the limits of input objects inside input objects', () => {
  it('are checked: every field that holds an input object (or a list of them) carries @ValidateNested', async () => {
    // Building the schemas registers every input and args class.
    await Promise.all([buildGemeenteSchema(), buildAanbiedersSchema(), buildCatalogusSchema()])
    const storage = typeGraphql() as unknown as {
      inputTypes: { name: string; target: object; fields: Veld[] }[]
      argumentTypes: { name: string; target: object; fields: Veld[] }[]
    }
    const invoer = new Set<unknown>(storage.inputTypes.map((t) => t.target))
    const genest = (target: object, veld: string) =>
      classValidator()
        .getTargetValidationMetadatas(target as new () => object, '', true, false)
        .some((m) => m.propertyName === veld && m.type === 'nestedValidation')
    const velden = [...storage.inputTypes, ...storage.argumentTypes].flatMap((t) =>
      t.fields
        .filter((f) => invoer.has(f.getType()))
        .map((f) => ({ klasse: t.name, veld: f.name, target: t.target })),
    )
    // Without it, validateArguments checks only the outer object: a volume of -7 in a level change went through.
    expect(velden.length).toBeGreaterThan(5)
    expect(velden.filter((v) => !genest(v.target, v.veld)).map((v) => `${v.klasse}.${v.veld}`)).toEqual([])
  })
})
