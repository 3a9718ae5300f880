import { Directive, Field, ID, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'

@Entity('inwoner')
@Index(['gemeenteCode', 'bsn'], { unique: true })
@Index(['gemeenteCode', 'achternaam'])
@Index(['huishoudenId'])
@ObjectType({ description: 'A resident of the gemeente. Personal data: shown only to whoever may see it.' })
@Directive('@key(fields: "gemeenteCode id")')
export class Inwoner {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  @Field(() => ID)
  gemeenteCode: string

  @Column({ type: 'varchar', length: 9 })
  @Field(() => String, { description: 'Burgerservicenummer; checked with the elfproef.' })
  bsn: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  voornamen: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  achternaam: string

  @Column({ type: 'date' })
  @Field(() => Datum)
  geboortedatum: string

  @Column({ type: 'varchar', length: 36 })
  huishoudenId: string
}
