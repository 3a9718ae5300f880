import { Field, ID, ObjectType } from 'type-graphql'
import { Column, Entity, PrimaryColumn } from 'typeorm'

@Entity('specialisatie')
@ObjectType({
  description: "A specialisation from the registry's controlled list, such as autism or trauma.",
})
export class Specialisatie {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  @Field(() => ID)
  code: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  naam: string
}
