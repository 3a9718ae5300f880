import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import { graphql, type GraphQLSchema } from 'graphql'
import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql'
import { buildFederatedSchema } from '../../shared/federation/subgraph-schema'

interface Context {
  signal?: AbortSignal
  abort: () => void
  ran: string[]
}

@ObjectType()
@Directive('@key(fields: "id")')
class Knoop {
  @Field(() => ID)
  id: string
}

@Resolver(() => Knoop)
class KnoopResolver {
  @Query(() => Knoop)
  wortel(@Ctx() ctx: Context): Knoop {
    ctx.ran.push('wortel')
    return { id: '1' }
  }

  /** Takes a moment, as a loader would; the second step is where the caller gives up. */
  @FieldResolver(() => Knoop, { nullable: true })
  async volgende(@Root() knoop: Knoop, @Ctx() ctx: Context): Promise<Knoop> {
    ctx.ran.push(`volgende van ${knoop.id}`)
    await new Promise((resolve) => setTimeout(resolve, 1))
    if (knoop.id === '2') ctx.abort()
    return { id: String(Number(knoop.id) + 1) }
  }
}

let schema: GraphQLSchema
const schemaOnce = async () =>
  (schema ??= await buildFederatedSchema(
    { resolvers: [KnoopResolver] },
    {
      Knoop: {
        __resolveReference: (ref: { id: string }, ctx: Context) => {
          ctx.ran.push(`referentie ${ref.id}`)
          return { id: ref.id }
        },
      },
    },
  ))

async function run(source: string, options: { withSignal?: boolean; abortedBefore?: boolean } = {}) {
  const controller = new AbortController()
  if (options.abortedBefore) controller.abort()
  const contextValue: Context = {
    signal: options.withSignal === false ? undefined : controller.signal,
    abort: () => controller.abort(),
    ran: [],
  }
  const result = await graphql({ schema: await schemaOnce(), source, contextValue })
  return {
    result: JSON.parse(JSON.stringify(result)) as Record<string, unknown>,
    ran: contextValue.ran,
  }
}

const KETEN = /* GraphQL */ `
  query Keten {
    wortel {
      id
      volgende {
        id
        volgende {
          id
          volgende {
            id
          }
        }
      }
    }
  }
`

const deadline = (path: (string | number)[]) => ({
  message: 'Dit deel van het antwoord is niet berekend: de tijdslimiet van het verzoek is verstreken.',
  locations: expect.any(Array),
  path,
  extensions: { code: 'DEADLINE_EXCEEDED' },
})

describe('a subgraph whose caller has gone or whose deadline passed', () => {
  it('runs no resolver after the signal aborts, and says where it stopped', async () => {
    const { result, ran } = await run(KETEN)

    expect(ran).toEqual(['wortel', 'volgende van 1', 'volgende van 2'])
    expect(result).toEqual({
      data: { wortel: { id: '1', volgende: { id: '2', volgende: null } } },
      // The non-null `id` fails first and nulls its object: its sibling is not even tried.
      errors: [deadline(['wortel', 'volgende', 'volgende', 'id'])],
    })
  })

  it('runs not even the root field when the signal aborted before execution', async () => {
    const { result, ran } = await run(KETEN, { abortedBefore: true })

    expect(ran).toEqual([])
    expect(result).toEqual({ data: null, errors: [deadline(['wortel'])] })
  })

  it('resolves no entity reference for an aborted request, with one error for the whole fetch', async () => {
    const source = /* GraphQL */ `
      query Entiteiten($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Knoop {
            id
          }
        }
      }
    `
    const contextValue = { signal: AbortSignal.abort(), ran: [] as string[] }
    const result = await graphql({
      schema: await schemaOnce(),
      source,
      contextValue,
      variableValues: { representations: [{ __typename: 'Knoop', id: '5' }] },
    })

    expect(contextValue.ran).toEqual([])
    expect(JSON.parse(JSON.stringify(result))).toEqual({
      data: null,
      errors: [deadline(['_entities'])],
    })
  })

  it('resolves everything as before for a context without a signal', async () => {
    const { result, ran } = await run(KETEN, { withSignal: false })

    expect(ran).toEqual(['wortel', 'volgende van 1', 'volgende van 2', 'volgende van 3'])
    expect(result).toEqual({
      data: { wortel: { id: '1', volgende: { id: '2', volgende: { id: '3', volgende: { id: '4' } } } } },
    })
  })
})
