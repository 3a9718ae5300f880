import { Field, ID, ObjectType } from 'type-graphql'
import { AanmeldingStatus } from '../../../shared/graphql/inschrijving'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

export { AanmeldingStatus }

@ObjectType({ description: 'The first location a new provider names in its application.' })
export class AangevraagdeLocatie {
  @Field(() => String)
  naam: string

  @Field(() => String, { description: 'Dutch postcode without the space, in capitals (7511AB).' })
  postcode: string

  @Field(() => String)
  plaats: string
}

/**
 * An application to the registry (continuous enrolment). Providers may apply at any time during
 * the contract period, on the same conditions; a granted application becomes a contract.
 */
@Entity('aanmelding')
@Index(['status', 'ingediendOp'])
@ObjectType({
  description:
    'An application of a provider to the OZJT registry (continuous enrolment): support needs with levels, modules and gemeenten.',
})
export class Aanmelding {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  // No foreign key: a new provider applies before it is in the registry.
  @Index()
  @Column({ type: 'varchar', length: 8 })
  @Field(() => ID, { description: 'AGB code of the applying provider.' })
  agbCode: string

  @Column({ type: 'varchar', length: 8, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'KvK number; given by a provider that is not yet registered.',
  })
  kvkNummer: string | null

  @Column({ type: 'varchar', length: 200, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Name; given by a provider that is not yet registered.',
  })
  naam: string | null

  @Column({ type: 'varchar', length: 200, nullable: true })
  locatieNaam: string | null

  @Column({ type: 'varchar', length: 6, nullable: true })
  locatiePostcode: string | null

  @Column({ type: 'varchar', length: 100, nullable: true })
  locatiePlaats: string | null

  @Column({ type: 'varchar', length: 16 })
  @Field(() => AanmeldingStatus)
  status: AanmeldingStatus

  @Column({ type: 'varchar', length: 30 })
  @Field(() => String, { description: 'When it was submitted: ISO 8601 timestamp, UTC.' })
  ingediendOp: string
}
