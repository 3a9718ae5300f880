import { Directive, Field, ID, ObjectType } from 'type-graphql'

// The catalogus subgraph owns Gemeente. The registry only refers to it (a provider's service
// area), so it declares the key and nothing else; the gateway fetches the rest from the owner.
// No descriptions: the owner's are the ones the composed graph should show.
@ObjectType()
@Directive('@key(fields: "code")')
export class Gemeente {
  @Field(() => ID)
  code: string
}
