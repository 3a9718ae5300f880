import { Field, ID, Int, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { Datum } from '../../../shared/graphql/scalars'

@Entity('aanpak')
@Index(['toewijzingId', 'resultaatId'], { unique: true })
@Index(['resultaatId'])
@ObjectType({
  description:
    'How the allocated provider works towards one result: the "how" the model leaves to the provider, ' +
    'with the allocation’s modules it uses. Read by the gemeente and the resident.',
})
export class Aanpak {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 36 })
  toewijzingId: string

  @Column({ type: 'varchar', length: 36 })
  resultaatId: string

  @Column({ type: 'varchar', length: 8 })
  aanbiederAgbCode: string

  @Column({ type: 'varchar', length: 36 })
  inwonerId: string

  @Column({ type: 'varchar', length: 2000 })
  @Field(() => String)
  beschrijving: string

  @Column({ type: 'simple-array' })
  moduleCodes: string[]

  @Column({ type: 'date' })
  @Field(() => Datum)
  vastgelegdOp: string

  @Column({ type: 'int' })
  @Field(() => Int, { description: '1 when first recorded, raised by every change.' })
  versie: number
}
