import { describe, expect, it } from 'vitest'
import { parse, type FieldNode, type OperationDefinitionNode } from 'graphql'
import {
  entityErrorPaths,
  mergeEntityParts,
  mergeRegionalParts,
  renumber,
  sortRepresentations,
  type EntityPart,
  type Path,
} from '../../gateway/routing/entity-merge'

const ENSCHEDE = '0153'
const ALMELO = '0141'
const HOF_VAN_TWENTE = '1735'

const plan = (gemeenteCode: string, id: string) => ({ __typename: 'Plan', gemeenteCode, id })
const aanbieder = (agbCode: string) => ({ __typename: 'Aanbieder', agbCode })
const pathOf = (index: number): Path => ['_entities', index, 'veld']

const unavailable = (code: string, reason: string, path: Path) => ({
  message: `Gemeente ${code} is niet bereikbaar: ${reason}. De gegevens van de andere gemeenten zijn volledig.`,
  path,
  extensions: { code: 'GEMEENTE_UNAVAILABLE', gemeente: code },
})

describe('sorting the representations of an _entities fetch', () => {
  it('groups positions per gemeente in order of first appearance, and keeps the regional ones apart', () => {
    const sorted = sortRepresentations([
      plan(ENSCHEDE, 'p1'),
      aanbieder('12345678'),
      plan(ALMELO, 'p2'),
      plan(ENSCHEDE, 'p3'),
      { __typename: 'Gemeente', code: HOF_VAN_TWENTE },
    ])

    expect([...sorted.byGemeente]).toEqual([
      [ENSCHEDE, [0, 3]],
      [ALMELO, [2]],
      [HOF_VAN_TWENTE, [4]],
    ])
    expect(sorted.regional).toEqual([1])
  })
})

describe('the error path of a missing entity', () => {
  it('points at the first field selected on its own type, or at the entity when none is', () => {
    const document = parse(/* GraphQL */ `
      query E($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Plan {
            __typename
            status
          }
          ... on Gemeente {
            ondersteuningsbehoeften {
              code
            }
          }
        }
      }
    `)
    const operation = document.definitions[0] as OperationDefinitionNode
    const entitiesField = operation.selectionSet.selections[0] as FieldNode
    const paths = entityErrorPaths(entitiesField, document, [
      plan(ENSCHEDE, 'p1'),
      { __typename: 'Gemeente', code: ALMELO },
      aanbieder('12345678'),
    ])

    expect([0, 1, 2].map(paths)).toEqual([
      ['_entities', 0, 'status'],
      ['_entities', 1, 'ondersteuningsbehoeften'],
      ['_entities', 2],
    ])
  })
})

describe('renumbering a part’s errors', () => {
  it('moves each error to the position its representation had in the whole fetch', () => {
    // reps [0153#a, 0141#b, 0153#c]: 0153 got [a, c]
    const errors = [
      { message: 'c', path: ['_entities', 1, 'naam'] },
      { message: 'a', path: ['_entities', 0] },
      { message: 'heel de fetch', path: ['_entities'] },
      { message: 'zonder pad' },
    ]

    expect(renumber(errors, [0, 2])).toEqual([
      { message: 'c', path: ['_entities', 2, 'naam'] },
      { message: 'a', path: ['_entities', 0] },
      { message: 'heel de fetch', path: ['_entities'] },
      { message: 'zonder pad' },
    ])
  })
})

describe('merging the parts answered per gemeente', () => {
  it('puts each answer back at its position and names the gemeente in its renumbered errors', () => {
    const parts: EntityPart[] = [
      {
        code: ENSCHEDE,
        indexes: [0, 2],
        response: {
          data: { _entities: [{ id: 'a' }, null] },
          errors: [{ message: 'Niet zichtbaar.', path: ['_entities', 1, 'naam'] }],
        },
      },
      { code: ALMELO, indexes: [1], response: { data: { _entities: [{ id: 'b' }] } } },
    ]

    expect(mergeEntityParts(3, parts, pathOf)).toEqual({
      entities: [{ id: 'a' }, { id: 'b' }, null],
      errors: [
        { message: 'Niet zichtbaar.', path: ['_entities', 2, 'naam'], extensions: { gemeente: ENSCHEDE } },
      ],
    })
  })

  it('nulls every entity of an unavailable gemeente with one error each, and an answer without data too', () => {
    const parts: EntityPart[] = [
      { code: ALMELO, indexes: [0, 2], unavailable: 'de dienst is niet bereikbaar' },
      { code: ENSCHEDE, indexes: [1], response: { data: null } },
    ]

    expect(mergeEntityParts(3, parts, pathOf)).toEqual({
      entities: [null, null, null],
      errors: [
        unavailable(ALMELO, 'de dienst is niet bereikbaar', ['_entities', 0, 'veld']),
        unavailable(ALMELO, 'de dienst is niet bereikbaar', ['_entities', 2, 'veld']),
      ],
    })
  })
})

describe('merging the regional answers of every instance', () => {
  const forbidden = {
    message: 'Niet zichtbaar.',
    path: ['_entities', 0, 't'],
    extensions: { code: 'FORBIDDEN' },
  }

  it('concatenates the lists in the order of the parts and says an error they share once', () => {
    const almelo = {
      data: {
        _entities: [
          { naam: 'A', t: ['x'] },
          { naam: 'B', t: [] },
        ],
      },
      errors: [forbidden],
    }
    const enschede = {
      data: {
        _entities: [
          { naam: 'A', t: ['y'] },
          { naam: 'B', t: ['z'] },
        ],
      },
      errors: [forbidden],
    }
    const parts: EntityPart[] = [
      { code: ALMELO, indexes: [1, 3], response: almelo },
      { code: ENSCHEDE, indexes: [1, 3], response: enschede },
    ]

    expect(mergeRegionalParts(4, [1, 3], parts, pathOf)).toEqual({
      entities: [null, { naam: 'A', t: ['x', 'y'] }, null, { naam: 'B', t: ['z'] }],
      errors: [
        {
          ...forbidden,
          path: ['_entities', 1, 't'],
          extensions: { code: 'FORBIDDEN', gemeenten: [ALMELO, ENSCHEDE] },
        },
      ],
    })
    // The answers themselves are left as they were.
    expect(almelo.data._entities[0]).toEqual({ naam: 'A', t: ['x'] })
    expect(almelo.errors[0]).toBe(forbidden)
  })

  it('keeps the other lists when an instance is unavailable, with an error for each entity', () => {
    const parts: EntityPart[] = [
      { code: ALMELO, indexes: [0, 1], response: { data: { _entities: [{ t: ['x'] }, null] } } },
      { code: ENSCHEDE, indexes: [0, 1], unavailable: 'geen antwoord binnen de tijdslimiet' },
      {
        code: HOF_VAN_TWENTE,
        indexes: [0, 1],
        response: { data: { _entities: [{ t: ['y'] }, { t: ['z'] }] } },
      },
    ]

    expect(mergeRegionalParts(2, [0, 1], parts, pathOf)).toEqual({
      entities: [{ t: ['x', 'y'] }, { t: ['z'] }],
      errors: [
        unavailable(ENSCHEDE, 'geen antwoord binnen de tijdslimiet', ['_entities', 0, 'veld']),
        unavailable(ENSCHEDE, 'geen antwoord binnen de tijdslimiet', ['_entities', 1, 'veld']),
      ],
    })
  })
})
