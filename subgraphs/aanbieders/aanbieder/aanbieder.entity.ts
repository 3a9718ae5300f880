import { Directive, Field, ID, Int, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'

/** The longest waiting time a provider can report; the choice query sorts unknown ones after it. */
export const MAX_WACHTTIJD_WEKEN = 520

@Entity('aanbieder')
@ObjectType({ description: 'A provider in the OZJT registry, known by its AGB code.' })
@Directive('@key(fields: "agbCode")')
export class Aanbieder {
  // The property is `id` because the shared keyset pagination breaks ties on `id`; the column
  // and the GraphQL field are both agbCode, so only TypeScript sees this name.
  @PrimaryColumn({ name: 'agbCode', type: 'varchar', length: 8 })
  @Field(() => ID, { name: 'agbCode', description: 'AGB code (Vektis register), eight digits.' })
  id: string

  @Column({ type: 'varchar', length: 8 })
  @Field(() => String, { description: 'KvK number, eight digits.' })
  kvkNummer: string

  @Index()
  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  naam: string

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description:
      'Current waiting time in weeks before new care can start, as the provider reports it; null when unknown.',
  })
  wachttijdWeken: number | null

  @Column({ type: 'date', nullable: true })
  @Field(() => Datum, { nullable: true, description: 'The day the provider last reported its waiting time.' })
  wachttijdBijgewerktOp: string | null
}
