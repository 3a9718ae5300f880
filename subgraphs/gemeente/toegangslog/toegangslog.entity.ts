import { Field, ID, ObjectType, registerEnumType } from 'type-graphql'
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'

export enum Gebeurtenis {
  RAADPLEGEN = 'RAADPLEGEN',
  WIJZIGEN = 'WIJZIGEN',
}
registerEnumType(Gebeurtenis, { name: 'Gebeurtenis' })

/**
 * NEN 7513: per access to a resident's data, the event, when, which resident, which user, on
 * whose behalf and for what purpose. Kept in the gemeente's own database; rows are only added.
 */
@Entity('toegangslog')
@Index(['inwonerId', 'tijdstip'])
@Index(['leesId'])
@ObjectType({ description: 'One access to a resident’s data (NEN 7513).' })
export class Toegangslog {
  /** The row's number; for a request that was given a shared read, `d<deelname>-<row>` (see logPagina). */
  @PrimaryGeneratedColumn({ type: 'int' })
  @Field(() => ID)
  id: number | string

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 36 })
  inwonerId: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => String, { description: 'ISO 8601 timestamp, UTC.' })
  tijdstip: string

  @Column({ type: 'varchar', length: 20 })
  @Field(() => Gebeurtenis)
  gebeurtenis: Gebeurtenis

  @Column({ type: 'varchar', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'The mutation, for a change.' })
  actie: string | null

  @Column({ type: 'varchar', length: 100 })
  @Field(() => String, { description: 'The user: the subject of their token.' })
  gebruiker: string

  @Column({ type: 'varchar', length: 200 })
  @Field(() => String)
  gebruikerNaam: string

  @Column({ type: 'varchar', length: 30 })
  @Field(() => String)
  rol: string

  @Column({ type: 'varchar', length: 100 })
  @Field(() => String, {
    description: 'On whose behalf: the gemeente, the provider (AGB code) or the resident.',
  })
  namens: string

  @Column({ type: 'varchar', length: 100 })
  @Field(() => String, { description: 'The purpose the caller stated (or its role’s statutory default).' })
  doel: string

  /**
   * The request (x-request-id) that read or changed. A request the gateway gave another's read
   * (R31) is a ToegangslogDeelname naming that read. Null in entries older than this column.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  verzoekId: string | null

  /**
   * The read these entries belong to, when the gateway may give its answer to identical requests
   * (R31): each request that was given it is a ToegangslogDeelname naming it.
   */
  @Column({ type: 'varchar', length: 36, nullable: true })
  leesId: string | null
}

/**
 * A request that was given the answer of another's read (R31): the same caller, purpose and
 * residents as that read's entries (Toegangslog.leesId), at its own time and under its own request
 * id. One row per request instead of a copy of every entry: a dashboard's identical requests
 * cost the log a row each. `toegangslog_volledig` (a view) and the resident's log show each as
 * entries of its own.
 */
@Entity('toegangslog_deelname')
@Index(['leesId'])
export class ToegangslogDeelname {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number

  @Column({ type: 'varchar', length: 4 })
  gemeenteCode: string

  @Column({ type: 'varchar', length: 36 })
  leesId: string

  @Column({ type: 'varchar', length: 64 })
  verzoekId: string

  @Column({ type: 'varchar', length: 30 })
  tijdstip: string
}
