import { Directive, Field, ID, ObjectType } from 'type-graphql'

// The catalogus subgraph owns the regional modules. A contract only refers to them, so the
// registry declares the key and nothing else; the gateway fetches the rest from the owner.
// No descriptions: the owner's are the ones the composed graph should show.
@ObjectType()
@Directive('@key(fields: "code")')
export class Module {
  @Field(() => ID)
  code: string
}
