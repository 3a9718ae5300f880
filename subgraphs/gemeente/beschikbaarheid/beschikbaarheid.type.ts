import { Field, Int, ObjectType } from 'type-graphql'
import { Between, In, type EntityManager } from 'typeorm'
import { BeschikbaarheidsvoorzieningRef } from '../stubs/stubs'
import { BeschikbaarheidBudget, BeschikbaarheidGebruik } from './beschikbaarheid.entity'

@ObjectType({
  description: 'One beschikbaarheidsvoorziening in this gemeente in one year: its budget and what was used.',
})
export class Beschikbaarheid {
  @Field(() => BeschikbaarheidsvoorzieningRef)
  voorziening: BeschikbaarheidsvoorzieningRef

  @Field(() => Int)
  jaar: number

  @Field(() => BeschikbaarheidBudget, { nullable: true, description: 'Null while no budget is set.' })
  budget: BeschikbaarheidBudget | null

  @Field(() => Int, { description: 'Eurocents used in the year.' })
  gebruiktCent: number

  @Field(() => Int, { description: 'Units used in the year, where counted.' })
  eenheden: number

  @Field(() => Int, {
    nullable: true,
    description: 'Budget minus use; negative when the use went past the budget. Null without a budget.',
  })
  resterendCent: number | null

  @Field(() => [BeschikbaarheidGebruik], { description: 'The recorded use, oldest first.' })
  gebruik: BeschikbaarheidGebruik[]
}

/**
 * Budget and use per voorziening for one year (two queries), for the voorzieningen with a budget
 * or use then, or for `codes` only.
 */
export async function beschikbaarheidIn(
  em: EntityManager,
  gemeenteCode: string,
  jaar: number,
  codes?: string[],
): Promise<Beschikbaarheid[]> {
  const voorziening = codes ? { voorzieningCode: In(codes) } : {}
  const budgetten = await em.findBy(BeschikbaarheidBudget, { gemeenteCode, jaar, ...voorziening })
  const gebruik = await em.find(BeschikbaarheidGebruik, {
    where: { gemeenteCode, datum: Between(`${jaar}-01-01`, `${jaar}-12-31`), ...voorziening },
    order: { datum: 'ASC', id: 'ASC' },
  })
  const alle = codes ?? [...budgetten, ...gebruik].map((x) => x.voorzieningCode)
  return [...new Set(alle)].sort().map((code) => {
    const budget = budgetten.find((b) => b.voorzieningCode === code) ?? null
    const eigen = gebruik.filter((g) => g.voorzieningCode === code)
    const gebruiktCent = eigen.reduce((s, g) => s + g.bedragCent, 0)
    return {
      voorziening: { code },
      jaar,
      budget,
      gebruiktCent,
      eenheden: eigen.reduce((s, g) => s + (g.eenheden ?? 0), 0),
      resterendCent: budget ? budget.budgetCent - gebruiktCent : null,
      gebruik: eigen,
    }
  })
}
