import { ArgsType, Field, InputType, registerEnumType } from 'type-graphql'
import { Datum } from './scalars'
import { Tekst } from './validation'

// Continuous enrolment works the same for the OZJT registry and for a gemeente that buys support
// itself (Almelo, Hof van Twente): one set of states and proofs, so a provider sees one way of
// working. Both subgraphs register these enums, identically, under the same names.

export enum AanmeldingStatus {
  INGEDIEND = 'INGEDIEND',
  IN_BEHANDELING = 'IN_BEHANDELING',
  TOEGEKEND = 'TOEGEKEND',
  AFGEWEZEN = 'AFGEWEZEN',
  INGETROKKEN = 'INGETROKKEN',
}
registerEnumType(AanmeldingStatus, {
  name: 'AanmeldingStatus',
  valuesConfig: {
    INGEDIEND: { description: 'Submitted by the provider; the registry manager has not started the review.' },
    IN_BEHANDELING: { description: 'Under review: the registry manager records the quality proofs.' },
    TOEGEKEND: { description: 'Granted: the application became a contract.' },
    AFGEWEZEN: { description: 'Rejected, with a reason.' },
    INGETROKKEN: { description: 'Withdrawn by the provider before the review started.' },
  },
})

export enum KwaliteitsbewijsSoort {
  KWALITEITSCERTIFICAAT = 'KWALITEITSCERTIFICAAT',
  VOG = 'VOG',
  AANSPRAKELIJKHEIDSVERZEKERING = 'AANSPRAKELIJKHEIDSVERZEKERING',
}
registerEnumType(KwaliteitsbewijsSoort, {
  name: 'KwaliteitsbewijsSoort',
  description: 'A kind of proof that the registry requires before it grants an application.',
  valuesConfig: {
    KWALITEITSCERTIFICAAT: { description: 'A certificate of the quality management system of the provider.' },
    VOG: { description: 'Verklaring omtrent het gedrag: a certificate of conduct.' },
    AANSPRAKELIJKHEIDSVERZEKERING: { description: 'Proof of professional and business liability insurance.' },
  },
})

/** Every kind is required for a grant, each valid on the decision date. */
export const VEREISTE_KWALITEITSBEWIJZEN: readonly KwaliteitsbewijsSoort[] =
  Object.values(KwaliteitsbewijsSoort)

export enum ContractStatus {
  ACTIEF = 'ACTIEF',
  GESCHORST = 'GESCHORST',
  BEEINDIGD = 'BEEINDIGD',
}
registerEnumType(ContractStatus, {
  name: 'ContractStatus',
  valuesConfig: {
    ACTIEF: { description: 'The provider may receive allocations under this contract.' },
    GESCHORST: { description: 'Suspended: no new allocations until the suspension is lifted.' },
    BEEINDIGD: { description: 'Ended; kept as history.' },
  },
})

export enum BesluitActie {
  INDIENEN = 'INDIENEN',
  IN_BEHANDELING_NEMEN = 'IN_BEHANDELING_NEMEN',
  TOEKENNEN = 'TOEKENNEN',
  AFWIJZEN = 'AFWIJZEN',
  INTREKKEN = 'INTREKKEN',
  SCHORSEN = 'SCHORSEN',
  HERSTELLEN = 'HERSTELLEN',
  BEEINDIGEN = 'BEEINDIGEN',
}
registerEnumType(BesluitActie, {
  name: 'BesluitActie',
  valuesConfig: {
    INDIENEN: { description: 'The provider submitted the application.' },
    IN_BEHANDELING_NEMEN: { description: 'The registry manager started the review.' },
    TOEKENNEN: { description: 'The application was granted and became a contract.' },
    AFWIJZEN: { description: 'The application was rejected.' },
    INTREKKEN: { description: 'The provider withdrew the application.' },
    SCHORSEN: { description: 'The contract was suspended.' },
    HERSTELLEN: { description: 'The suspension of the contract was lifted.' },
    BEEINDIGEN: { description: 'The contract was ended.' },
  },
})

@InputType({ description: 'A quality proof the one reviewing an application has checked.' })
export class KwaliteitsbewijsInvoer {
  @Field(() => KwaliteitsbewijsSoort)
  soort: KwaliteitsbewijsSoort

  @Field(() => String)
  @Tekst(100, 1)
  documentnummer: string

  @Field(() => Datum, { description: 'Last day the proof is valid.' })
  geldigTot: string
}

/** The reason a decision is given with; kept in the decision's history (Besluit.reden). */
@ArgsType()
export class RedenArgs {
  @Field(() => String)
  @Tekst(2000, 3)
  reden: string
}

/** A reason the one deciding may leave out. */
@ArgsType()
export class ToelichtingArgs {
  @Field(() => String, { nullable: true })
  @Tekst(2000, 3)
  reden?: string | null
}
