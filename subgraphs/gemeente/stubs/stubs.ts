import { Directive, Field, ID, ObjectType } from 'type-graphql'

// Entities owned by other subgraphs, as this subgraph refers to them: their key and nothing
// else. The gateway fetches the rest from the owner.

@ObjectType('Aanbieder')
@Directive('@key(fields: "agbCode")')
export class AanbiederRef {
  @Field(() => ID)
  agbCode: string
}

@ObjectType('Module')
@Directive('@key(fields: "code")')
export class ModuleRef {
  @Field(() => ID)
  code: string
}

@ObjectType('Ondersteuningsbehoefte')
@Directive('@key(fields: "code")')
export class OndersteuningsbehoefteRef {
  @Field(() => ID)
  code: string
}

@ObjectType('Beschikbaarheidsvoorziening')
@Directive('@key(fields: "code")')
export class BeschikbaarheidsvoorzieningRef {
  @Field(() => ID)
  code: string
}
