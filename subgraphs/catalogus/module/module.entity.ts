import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, PrimaryColumn } from 'typeorm'

export enum ModuleSoort {
  VERBLIJF = 'VERBLIJF',
  VERVOER = 'VERVOER',
  KORTDUREND_VERBLIJF = 'KORTDUREND_VERBLIJF',
}
registerEnumType(ModuleSoort, { name: 'ModuleSoort' })

@Entity('module')
@ObjectType({
  description: 'A module bought regionally by all fourteen gemeenten, such as a stay or transport.',
})
@Directive('@key(fields: "code")')
export class Module {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  @Field(() => ID)
  code: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  naam: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => ModuleSoort)
  soort: ModuleSoort
}
