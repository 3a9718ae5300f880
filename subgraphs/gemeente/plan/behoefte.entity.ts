import { Field, ID, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { InkoopModus } from '../../../shared/graphql/inkoop'
import { Niveau } from '../../../shared/ijw/codes'

/** Who recorded the choice of provider: the resident themself, or staff on their behalf. */
export enum KeuzeDoor {
  INWONER = 'INWONER',
  TOEGANGSMEDEWERKER = 'TOEGANGSMEDEWERKER',
}
registerEnumType(KeuzeDoor, { name: 'KeuzeDoor' })

@Entity('plan_behoefte')
@Index(['planId'])
@ObjectType({ description: 'A support need in a plan, at one level, for one member of the household.' })
export class PlanBehoefte {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 36 })
  planId: string

  @Column({ type: 'varchar', length: 36 })
  inwonerId: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => ID, { description: 'Code in the catalogue this gemeente uses (regional or its own).' })
  code: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String, { description: 'The name as it was when the need was written into the plan.' })
  naam: string

  @Column({ type: 'varchar', length: 10 })
  @Field(() => InkoopModus, {
    description: 'Whether the need comes from the regional catalogue or the gemeente’s own.',
  })
  bron: InkoopModus

  @Column({ type: 'varchar', length: 1 })
  @Field(() => Niveau)
  niveau: Niveau

  /** The provider the resident chose for this need (freedom of choice), before allocation. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  gekozenAanbiederAgbCode: string | null

  @Column({ type: 'varchar', length: 20, nullable: true })
  @Field(() => KeuzeDoor, {
    nullable: true,
    description: 'Who recorded the choice of provider: the resident or a toegangsmedewerker.',
  })
  gekozenDoor: KeuzeDoor | null
}
