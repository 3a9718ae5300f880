import { Field, ID, ObjectType } from 'type-graphql'
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import { Aanbieder } from '../aanbieder/aanbieder.entity'

@Entity('locatie')
@ObjectType({ description: 'A place where a provider works with residents.' })
export class Locatie {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Index()
  @Column({ type: 'varchar', length: 8 })
  agbCode: string

  @ManyToOne(() => Aanbieder, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'agbCode' })
  aanbieder?: Aanbieder

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  naam: string

  @Column({ type: 'varchar', length: 6 })
  @Field(() => String, { description: 'Dutch postcode without the space, in capitals (7511AB).' })
  postcode: string

  @Column({ type: 'varchar', length: 100 })
  @Field(() => String)
  plaats: string
}
