import { Field, ID, Int, ObjectType } from 'type-graphql'
import { Column, Entity, Index, PrimaryColumn } from 'typeorm'
import { ContractStatus } from '../../../shared/graphql/inschrijving'
import { Datum } from '../../../shared/graphql/scalars'
import { Niveau, type Wet } from '../../../shared/ijw/codes'

// Only Almelo and Hof van Twente fill these tables: they buy the support for the support
// needs themselves. The other twelve use the regional catalogue and the OZJT contracts.

@Entity('eigen_ondersteuningsbehoefte')
export class EigenOndersteuningsbehoefte {
  @PrimaryColumn({ type: 'varchar', length: 30 })
  code: string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 200 })
  naam: string

  @Column({ type: 'varchar', length: 1000 })
  omschrijving: string

  @Column({ type: 'varchar', length: 10 })
  wet: Wet

  @Column({ type: 'simple-array' })
  niveaus: Niveau[]
}

@Entity('eigen_contract')
@Index(['aanbiederAgbCode'])
@ObjectType({
  description:
    'A contract a gemeente with its own procurement (Almelo, Hof van Twente) made itself with a provider of the OZJT registry: its lots are that gemeente’s own support needs at levels.',
})
export class EigenContract {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @Field(() => ID)
  id: string

  @Column({ type: 'varchar', length: 4 })
  @Field(() => ID, { description: 'The gemeente that made the contract and manages it.' })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 8 })
  @Field(() => ID, { name: 'agbCode', description: 'AGB code of the provider.' })
  aanbiederAgbCode: string

  @Column({ type: 'varchar', length: 20 })
  @Field(() => ContractStatus)
  status: ContractStatus

  @Column({ type: 'date' })
  @Field(() => Datum)
  ingangsdatum: string

  @Column({ type: 'date', nullable: true })
  @Field(() => Datum, { nullable: true, description: 'Last day of the contract; null while open-ended.' })
  einddatum: string | null

  // The application whose grant created this contract; null for contracts from the initial data.
  @Column({ type: 'varchar', length: 36, nullable: true })
  aanmeldingId: string | null

  /** Raised with every change: the registry keeps the copy with the highest version it received. */
  @Column({ type: 'int', default: 1 })
  @Field(() => Int, { description: 'Raised with every change of the contract.' })
  versie: number
}

@Entity('eigen_contractperceel')
@Index(['ondersteuningsbehoefteCode', 'niveau'])
@ObjectType({
  description: 'A lot of an own contract: one of the gemeente’s own support needs at one level.',
})
export class EigenContractperceel {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  contractId: string

  @PrimaryColumn({ type: 'varchar', length: 30 })
  @Field(() => ID, {
    name: 'ondersteuningsbehoefte',
    description: 'Code of the gemeente’s own support need.',
  })
  ondersteuningsbehoefteCode: string

  @PrimaryColumn({ type: 'varchar', length: 1 })
  @Field(() => Niveau)
  niveau: Niveau
}
