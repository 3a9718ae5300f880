import { Directive, Field, ID, ObjectType } from 'type-graphql'

// The catalogus subgraph owns the support needs. A contract lot only refers to one, so the
// registry declares the key and nothing else; the gateway fetches the rest from the owner.
// No descriptions: the owner's are the ones the composed graph should show.
@ObjectType()
@Directive('@key(fields: "code")')
export class Ondersteuningsbehoefte {
  @Field(() => ID)
  code: string
}
