import { Directive, Field, ID, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

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
}
