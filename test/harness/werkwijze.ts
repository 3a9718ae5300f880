import type { Identity } from '../../shared/auth/identity'

// The operations of the Twents workflow that several end-to-end tests walk, in one place: a
// test that needs other fields selects them in its own operation.

/** A resident signed in with DigiD: the token carries only the BSN. */
export const inwonerToken = (bsn: string): Identity => ({
  sub: `digid-${bsn}`,
  naam: 'Inwoner',
  rol: 'INWONER',
  bsn,
})

export const MELDING = /* GraphQL */ `
  mutation Melding($g: ID!, $invoer: MeldingInvoer!, $k: String!) {
    meldingRegistreren(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      id
    }
  }
`
export const STAP = /* GraphQL */ `
  mutation Stap($g: ID!, $m: ID!, $stap: GespreksstapSoort!, $k: String!) {
    gespreksstapVastleggen(
      gemeenteCode: $g
      meldingId: $m
      stap: $stap
      bevinding: "Besproken met het gezin."
      idempotentieSleutel: $k
    ) {
      status
    }
  }
`
export const PLAN = /* GraphQL */ `
  mutation Plan($g: ID!, $m: ID!, $d: LocalDate!, $k: String!) {
    planOpstellen(gemeenteCode: $g, meldingId: $m, startdatum: $d, idempotentieSleutel: $k) {
      id
      versie
    }
  }
`
export const BEHOEFTE = /* GraphQL */ `
  mutation Behoefte($g: ID!, $p: ID!, $v: Int!, $invoer: BehoefteInvoer!, $k: String!) {
    behoefteToevoegen(gemeenteCode: $g, planId: $p, versie: $v, invoer: $invoer, idempotentieSleutel: $k) {
      versie
    }
  }
`
export const VASTSTELLEN = /* GraphQL */ `
  mutation Vaststellen($g: ID!, $p: ID!, $v: Int!, $k: String!) {
    planVaststellen(gemeenteCode: $g, planId: $p, versie: $v, idempotentieSleutel: $k) {
      status
      versie
    }
  }
`
export const KEUZE_AANBIEDERS = /* GraphQL */ `
  query KeuzeAanbieders($ob: ID!, $n: Niveau!, $d: LocalDate!) {
    keuzeAanbieders(gemeente: "0153", ondersteuningsbehoefte: $ob, niveau: $n, peildatum: $d, eerste: 100) {
      edges {
        node {
          agbCode
        }
      }
    }
  }
`
export const KEUZE = /* GraphQL */ `
  query Keuze($g: ID!, $b: ID!) {
    keuzeVoorBehoefte(gemeenteCode: $g, behoefteId: $b) {
      agbCode
    }
  }
`
export const TOEWIJZEN = /* GraphQL */ `
  mutation Toewijzen($g: ID!, $invoer: ToewijzingInvoer!, $k: String!) {
    toewijzen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      id
      toewijzingNummer
    }
  }
`
/** A choice of provider for a need, from a start date (staff, or the resident). */
export const KIEZEN = /* GraphQL */ `
  mutation Kiezen($g: ID!, $b: ID!, $agb: ID!, $d: LocalDate!, $k: String!) {
    aanbiederKiezen(
      gemeenteCode: $g
      behoefteId: $b
      agbCode: $agb
      startdatum: $d
      idempotentieSleutel: $k
    ) {
      id
    }
  }
`
export const GESTART = /* GraphQL */ `
  mutation Gestart($g: ID!, $t: ID!, $d: LocalDate!, $k: String!) {
    zorgGestart(gemeenteCode: $g, toewijzingId: $t, datum: $d, idempotentieSleutel: $k) {
      status
    }
  }
`
export const BEEINDIGD = /* GraphQL */ `
  mutation Beeindigd($g: ID!, $t: ID!, $d: LocalDate!, $k: String!) {
    zorgBeeindigd(gemeenteCode: $g, toewijzingId: $t, datum: $d, idempotentieSleutel: $k) {
      status
    }
  }
`
