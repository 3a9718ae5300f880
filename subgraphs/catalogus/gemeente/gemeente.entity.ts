import { Directive, Field, ID, ObjectType } from 'type-graphql'
import { Column, Entity, PrimaryColumn } from 'typeorm'
import { InkoopModus } from '../../../shared/graphql/inkoop'

@Entity('gemeente')
@ObjectType({ description: 'One of the fourteen Twentse gemeenten, keyed by its CBS code.' })
@Directive('@key(fields: "code")')
export class Gemeente {
  @PrimaryColumn({ type: 'varchar', length: 4 })
  @Field(() => ID, { description: 'CBS gemeente code, four digits.' })
  code: string

  @Column({ type: 'varchar', length: 100 })
  @Field(() => String)
  naam: string

  @Column({ type: 'varchar', length: 10 })
  @Field(() => InkoopModus, { description: 'Who buys the support for the support needs of this gemeente.' })
  inkoop: InkoopModus
}
