import { Field, ID, ObjectType, registerEnumType } from 'type-graphql'

export enum BrpUitkomst {
  NIEUW = 'NIEUW',
  BIJGEWERKT = 'BIJGEWERKT',
  ONGEWIJZIGD = 'ONGEWIJZIGD',
  VERHUISD = 'VERHUISD',
}
registerEnumType(BrpUitkomst, {
  name: 'BrpUitkomst',
  description: 'What registering one BRP person changed.',
  valuesConfig: {
    NIEUW: { description: 'Not known here before: registered, in the household at their address.' },
    BIJGEWERKT: { description: 'Known here: name, birth date, address or household brought up to date.' },
    ONGEWIJZIGD: { description: 'Known here with the same data: nothing written.' },
    VERHUISD: { description: 'Registered in another gemeente now: the move is recorded on the resident.' },
  },
})

@ObjectType({ description: 'The outcome for one person of a BRP registration, in the order they were sent.' })
export class BrpPersoonVerwerkt {
  @Field(() => String)
  burgerservicenummer: string

  @Field(() => ID)
  inwonerId: string

  @Field(() => ID)
  huishoudenId: string

  @Field(() => BrpUitkomst)
  uitkomst: BrpUitkomst
}
