import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Supergraph } from '@apollo/federation-internals'
import { parse } from 'graphql'
import { In } from 'typeorm'
import {
  checkOperation,
  countTokens,
  DEFAULT_LIMITS,
  operationCost,
  type OperationLimits,
} from '../../shared/graphql/limits'
import type { Identity } from '../../shared/auth/identity'
import { Toewijzing } from '../../subgraphs/gemeente/toewijzing/toewijzing.entity'
import { identities, startTestStack, tokenFor, type TestStack } from '../harness/stack'

/** The schema clients see at the gateway. */
const apiSchema = Supergraph.build(readFileSync('gateway/schema/supergraph.graphql', 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema()

/** The README's example queries, as documented. */
const readmeExamples = [...readFileSync('README.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map(
  (m) => m[1],
)

const UNLIMITED: OperationLimits = {
  maxDepth: 1_000,
  maxAliases: 1_000,
  maxDirectives: 1_000,
  maxTokens: 1_000_000,
  maxCost: 1e12,
  listFactor: DEFAULT_LIMITS.listFactor,
  hideSuggestions: false,
}

/** The smallest value of one limit under which the gateway accepts the operation. */
function tightest(limit: 'maxDepth' | 'maxAliases' | 'maxDirectives', source: string) {
  for (let n = 0; ; n++) if (!checkOperation(apiSchema, parse(source), { ...UNLIMITED, [limit]: n })) return n
}

async function post(url: string, query: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  })
  const text = await response.text()
  return { status: response.status, body: JSON.parse(text) }
}

/** `plannen → huishouden → plannen ...`, nested `levels` times. */
function nestedPlannen(levels: number, eerste = 20) {
  let inner = 'id'
  for (let i = 0; i < levels; i++) inner = `huishouden { plannen { ${inner} } }`
  return `query Genest { plannen(gemeenteCode: "0153", eerste: ${eerste}) { edges { node { ${inner} } } } }`
}

/** `count` aliases of the public question from the issue; at the catalogue, of its own part. */
const aliasedGemeenten = (count: number, selection = 'code ondersteuningsbehoeften { code naam }') =>
  `query Aliassen { ${Array.from({ length: count }, (_, i) => `a${i}: gemeenten { ${selection} }`).join(' ')} }`
const ALLEEN_CATALOGUS = 'code naam inkoop'

/** 50,000 aliases in a few hundred bytes: fragments spread ten times in fragments. */
const FRAGMENT_ALIASES = /* GraphQL */ `
  query Fragmenten {
    gemeenten {
      ...F4
    }
  }
  fragment F0 on Gemeente {
    a0: code
    a1: code
    a2: code
    a3: code
    a4: code
    a5: code
    a6: code
    a7: code
    a8: code
    a9: code
  }
  fragment F1 on Gemeente {
    ...F0
    ...F0
    ...F0
    ...F0
    ...F0
    ...F0
    ...F0
    ...F0
    ...F0
    ...F0
  }
  fragment F2 on Gemeente {
    ...F1
    ...F1
    ...F1
    ...F1
    ...F1
    ...F1
    ...F1
    ...F1
    ...F1
    ...F1
  }
  fragment F3 on Gemeente {
    ...F2
    ...F2
    ...F2
    ...F2
    ...F2
    ...F2
    ...F2
    ...F2
    ...F2
    ...F2
  }
  fragment F4 on Gemeente {
    ...F3
    ...F3
    ...F3
    ...F3
    ...F3
  }
`

const TYPFOUT = /* GraphQL */ `
  query Typfout {
    gemeenten {
      cod
    }
  }
`
const ENUM_TYPFOUT = /* GraphQL */ `
  query EnumTypfout {
    plannen(gemeenteCode: "0153", filter: { status: ACTIEFF }) {
      totalCount
    }
  }
`

const refusal = (limit: string, max: number, message: string) => ({
  status: 400,
  body: { errors: [{ message, extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit, max } }] },
})
const TE_DIEP = refusal('depth', 12, 'De operatie is te diep genest: ten hoogste 12 niveaus.')
const TE_LANG = refusal('tokens', 2_000, 'De operatie is te lang: ten hoogste 2000 tokens.')
const TE_VEEL_ALIASSEN = refusal('aliases', 30, 'De operatie gebruikt te veel aliassen: ten hoogste 30.')

describe('operation limits with the defaults', () => {
  let stack: TestStack
  let token: string
  beforeAll(async () => {
    stack = await startTestStack('limits', { gemeenten: ['0153', '0141'], inwoners: 10, rateLimit: false })
    token = await tokenFor(identities.medewerker('0153'))
  })
  afterAll(() => stack?.stop())

  /** Statements run by every database of the stack since the last call. */
  const statements = () => {
    const services = [stack.catalogus, stack.aanbieders, stack.gemeente('0153'), stack.gemeente('0141')]
    const total = services.reduce((sum, s) => sum + s.sql.count, 0)
    services.forEach((s) => s.sql.reset())
    return total
  }

  it('lets every README example through, each well within every limit', () => {
    expect(readmeExamples).toHaveLength(6)
    for (const source of readmeExamples) {
      const document = parse(source)
      expect(checkOperation(apiSchema, document, DEFAULT_LIMITS), source).toBeNull()
      expect(operationCost(apiSchema, document, DEFAULT_LIMITS)).toBeLessThan(DEFAULT_LIMITS.maxCost / 10)
      expect(countTokens(source)).toBeLessThan(DEFAULT_LIMITS.maxTokens / 10)
    }
  })

  it('refuses plannen → huishouden → plannen nested 16 deep before execution, at the gateway and at the instance', async () => {
    statements()
    expect(await post(stack.gatewayUrl, nestedPlannen(16), token)).toEqual(TE_DIEP)
    expect(await post(stack.gemeente('0153').url, nestedPlannen(16), token)).toEqual(TE_DIEP)
    expect(statements()).toBe(0)
  })

  it('refuses a shallower nesting whose lists multiply, by its cost, before execution', async () => {
    const operation = nestedPlannen(3, 100)
    expect(operationCost(apiSchema, parse(operation), DEFAULT_LIMITS)).toBe(122_400)
    const teDuur = refusal(
      'cost',
      100_000,
      "De operatie vraagt te veel gegevens op: geschatte kosten ten hoogste 100000. Vraag kleinere pagina's op (eerste) of minder geneste lijsten.",
    )
    statements()
    expect(await post(stack.gatewayUrl, operation, token)).toEqual(teDuur)
    expect(await post(stack.gemeente('0153').url, operation, token)).toEqual(teDuur)
    expect(statements()).toBe(0)
    // The same nesting with a small page is within the cost, and answers.
    const { status, body } = await post(stack.gatewayUrl, nestedPlannen(3, 2), token)
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined })
  })

  it('refuses 500 aliases of the catalogue without a token, at the gateway and at the catalogue', async () => {
    statements()
    // 7,000 tokens: the gateway refuses them unparsed; an instance, which allows four times the
    // tokens for the gateway's longer fetches, parses them and refuses the aliases.
    expect(await post(stack.gatewayUrl, aliasedGemeenten(500))).toEqual(TE_LANG)
    expect(await post(stack.catalogus.url, aliasedGemeenten(500, ALLEEN_CATALOGUS))).toEqual(TE_VEEL_ALIASSEN)
    // 31 aliases are few tokens, and refused for what they are.
    expect(await post(stack.gatewayUrl, aliasedGemeenten(31))).toEqual(TE_VEEL_ALIASSEN)
    expect(statements()).toBe(0)
  })

  it('refuses 50,000 aliases written out, before parsing, at the gateway and at the catalogue', async () => {
    const source = aliasedGemeenten(50_000)
    expect(source.length).toBeGreaterThan(2_000_000)
    statements()
    for (const url of [stack.gatewayUrl, stack.catalogus.url]) {
      const { status, body } = await post(url, source)
      // Over the body limit (the HTTP layer) or else over the token limit: never parsed, never run.
      expect([status, body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)]).toEqual(
        status === 413 ? [413, ['PAYLOAD_TOO_LARGE']] : [400, ['OPERATION_LIMIT_EXCEEDED']],
      )
    }
    expect(statements()).toBe(0)
  })

  it('refuses 50,000 aliases made of fragments spread in fragments, at the gateway and at the catalogue', async () => {
    statements()
    expect(await post(stack.gatewayUrl, FRAGMENT_ALIASES)).toEqual(TE_VEEL_ALIASSEN)
    expect(await post(stack.catalogus.url, FRAGMENT_ALIASES)).toEqual(TE_VEEL_ALIASSEN)
    expect(statements()).toBe(0)
  })

  it('refuses an operation over the token limit before parsing, and one with too many directives', async () => {
    const lang = `query Lang { gemeenten { ${'code '.repeat(2_500)} } }`
    expect(await post(stack.gatewayUrl, lang)).toEqual(TE_LANG)
    const directives = `query Directives { gemeenten { ${'code @include(if: true) '.repeat(51)} } }`
    expect(await post(stack.gatewayUrl, directives)).toEqual(
      refusal('directives', 50, 'De operatie gebruikt te veel directives: ten hoogste 50.'),
    )
    expect(statements()).toBe(0)
  })

  it('suggests field names in development', async () => {
    expect((await post(stack.gatewayUrl, TYPFOUT)).body.errors[0].message).toBe(
      'Cannot query field "cod" on type "Gemeente". Did you mean "code"?',
    )
  })

  it('answers a variable nested deeper than the stack as any request, not with an internal error', async () => {
    // 40 KB, written out: JSON.stringify would not get that deep either.
    const deep = '{"x":' + '['.repeat(20_000) + '1' + ']'.repeat(20_000) + '}'
    const send = (query: string) =>
      fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"query":${JSON.stringify(query)},"variables":${deep}}`,
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { data?: unknown; errors?: unknown[] },
      }))
    // Undeclared: not read.
    const undeclared = await send('query G { gemeenten { code } }')
    expect(undeclared.status).toBe(200)
    expect(undeclared.body.errors).toBeUndefined()
    // Declared: refused as bad input.
    const declared = await send('query G($x: Wet) { ondersteuningsbehoeften(wet: $x) { code } }')
    expect(declared.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } })
  })

  it('answers normally after all of this', async () => {
    const { status, body } = await post(stack.gatewayUrl, 'query Namen { gemeenten { code naam } }')
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined })
    expect(body.data.gemeenten).toHaveLength(14)
  })
})

/** The token each README example is documented with. */
const README_CALLERS: Record<string, Identity | null> = {
  Regio: null,
  ActievePlannen: identities.medewerker('0153'),
  MijnToewijzingen: null, // the provider of an allocation in the stack, below
  RegioCijfers: identities.analist(),
  RegioSturing: identities.analist(),
  MijnPlan: null, // a resident with an allocation in the stack, below
}

describe.each(readmeExamples.map((source) => [source.match(/query (\w+)/)![1], source] as const))(
  'operation limits set exactly to what the README example %s needs, at the gateway and every instance',
  (name, source) => {
    const exact: OperationLimits = {
      ...DEFAULT_LIMITS,
      maxDepth: tightest('maxDepth', source),
      maxAliases: tightest('maxAliases', source),
      maxDirectives: tightest('maxDirectives', source),
      maxTokens: countTokens(source),
      maxCost: operationCost(apiSchema, parse(source), DEFAULT_LIMITS),
    }
    let stack: TestStack
    beforeAll(async () => {
      stack = await startTestStack(`limits_${name}`, {
        gemeenten: ['0153', '0141'],
        inwoners: 30,
        limits: exact,
        rateLimit: false,
      })
    })
    afterAll(() => stack?.stop())

    it('is refused by the gateway under a lower depth, cost or token limit', () => {
      const document = parse(source)
      for (const lower of ['maxDepth', 'maxCost'] as const)
        expect(
          checkOperation(apiSchema, document, { ...exact, [lower]: exact[lower] - 1 }),
          lower,
        ).not.toBeNull()
      expect(countTokens(source, exact.maxTokens - 1)).toBeGreaterThan(exact.maxTokens - 1)
    })

    it('is answered: no instance refuses a fetch that the gateway planned for it', async () => {
      let caller = README_CALLERS[name]
      let operation = source
      if (name === 'MijnToewijzingen') {
        const [toewijzing] = await stack
          .gemeente('0153')
          .db.getRepository(Toewijzing)
          .find({
            where: { status: In(['TOEGEWEZEN', 'GESTART']) },
            take: 1,
          })
        caller = identities.aanbieder(toewijzing.aanbiederAgbCode)
        operation = source.replace('99990009', toewijzing.aanbiederAgbCode)
      }
      if (name === 'MijnPlan') {
        const [{ bsn }] = await stack
          .gemeente('0153')
          .db.query(
            'SELECT i.bsn AS bsn FROM inwoner i JOIN toewijzing t ON t.inwonerId = i.id ORDER BY i.bsn LIMIT 1',
          )
        caller = { sub: `digid-${bsn}`, naam: 'Inwoner', rol: 'INWONER', bsn }
      }
      const { status, body } = await stack.query(operation, { as: caller })
      // Gemeenten outside this two-gemeente stack are reported missing; nothing else may fail.
      const errors = (body.errors ?? []).filter((e) => e.extensions?.code !== 'GEMEENTE_UNAVAILABLE')
      expect({ status, errors }).toEqual({ status: 200, errors: [] })
      expect(JSON.stringify(body.data).length).toBeGreaterThan(100)
    })
  },
)

describe('field suggestions in production', () => {
  let stack: TestStack
  beforeAll(async () => {
    stack = await startTestStack('limits_prod', {
      gemeenten: ['0153'],
      inwoners: 5,
      rateLimit: false,
      limits: { ...DEFAULT_LIMITS, hideSuggestions: true },
    })
  })
  afterAll(() => stack?.stop())

  it('are left out of every error, at the gateway and at the instance', async () => {
    for (const url of [stack.gatewayUrl, stack.catalogus.url]) {
      expect(await post(url, TYPFOUT)).toEqual({
        status: 400,
        body: {
          errors: [
            {
              message: 'Cannot query field "cod" on type "Gemeente".',
              locations: [{ line: 4, column: 7 }],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      })
    }
    const token = await tokenFor(identities.medewerker('0153'))
    for (const url of [stack.gatewayUrl, stack.gemeente('0153').url]) {
      const { body } = await post(url, ENUM_TYPFOUT, token)
      expect(body.errors.map((e: { message: string }) => e.message)).toEqual([
        'Value "ACTIEFF" does not exist in "PlanStatus" enum.',
      ])
    }
  })
})
