import { Directive, Field, ID, ObjectType } from 'type-graphql'

@ObjectType('Gemeente')
@Directive('@key(fields: "code")')
export class GemeenteRef {
  @Field(() => ID)
  code: string
}
