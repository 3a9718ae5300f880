/** The example queries of the README and the demo; a test runs each of them. */
export const EXAMPLE_QUERIES = (agbCode: string) => [
  {
    title: 'The region: every gemeente with the support needs it grants (no token needed)',
    token: null,
    query: /* GraphQL */ `
      query Regio {
        gemeenten {
          code
          naam
          inkoop
          ondersteuningsbehoeften {
            code
            naam
            bron
            niveaus
          }
        }
      }
    `,
  },
  {
    title:
      'A toegangsmedewerker of Enschede: active plans, with providers and modules (token: toegangsmedewerker Enschede)',
    token: 'toegangsmedewerker-0153',
    query: /* GraphQL */ `
      query ActievePlannen {
        plannen(gemeenteCode: "0153", filter: { status: ACTIEF }, eerste: 5) {
          totalCount
          edges {
            node {
              startdatum
              regisseur {
                naam
              }
              huishouden {
                naam
                leden {
                  voornamen
                  geboortedatum
                }
              }
              behoeften {
                naam
                niveau
                resultaten {
                  omschrijving
                  streefdatum
                }
              }
              toewijzingen {
                toewijzingNummer
                status
                budgetCent
                aanbieder {
                  naam
                  werkgebied {
                    code
                  }
                }
                modules {
                  naam
                }
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    `,
  },
  {
    title: 'A provider’s own allocations in every gemeente, in one query (token: aanbieder)',
    token: 'aanbieder',
    query: /* GraphQL */ `query MijnToewijzingen {
  aanbieder(agbCode: "${agbCode}") {
    naam
    toewijzingenPerGemeente(filter: { status: [TOEGEWEZEN, GESTART] }, eerste: 20) {
      gemeente { naam }
      toewijzingen {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node {
          toewijzingNummer
          ingangsdatum
          einddatum
          productcategorie
          inwoner { voornamen achternaam }
          behoefte { naam niveau resultaten { omschrijving } }
        } }
      }
    }
  }
}`,
  },
  {
    title: 'The regional analyst: figures for the region, without persons (token: regionaal analist)',
    token: 'analist',
    query: /* GraphQL */ `
      query RegioCijfers {
        regio {
          cijfers(periode: { van: "2024-01", tot: "2026-12" }) {
            gemeenten
            actievePlannen {
              ondersteuningsbehoefte
              niveau
              aantal
            }
            toewijzingen {
              agbCode
              aantal
              budgetCent
            }
            resultaten {
              ondersteuningsbehoefte
              beoordeeld
              aandeelBehaald
            }
          }
        }
      }
    `,
  },
  {
    title: 'The regional analyst: figures to steer by, and each per month (token: regionaal analist)',
    token: 'analist',
    query: /* GraphQL */ `
      query RegioSturing {
        regio {
          cijfers(periode: { van: "2025-01", tot: "2025-12" }) {
            meldingen {
              ontvangen
              zonderMaatwerk
              aandeelZonderMaatwerk
              eigenKracht
              netwerk
              algemeneVoorziening
            }
            doorlooptijden {
              ondersteuningsbehoefte
              traject
              aantal
              mediaanDagen
              p90Dagen
            }
            wachttijden {
              agbCode
              mediaanDagen
              p90Dagen
            }
            kostenPerResultaat {
              ondersteuningsbehoefte
              niveau
              kostenPerBehaaldResultaatCent
            }
            niveauwijzigingen {
              ondersteuningsbehoefte
              omhoog
              omlaag
            }
            beschikbaarheidsvoorzieningen {
              voorzieningCode
              aantal
              bedragCent
            }
            perMaand {
              maand
              meldingen {
                ontvangen
                aandeelZonderMaatwerk
              }
              doorlooptijden {
                ondersteuningsbehoefte
                traject
                mediaanDagen
              }
            }
          }
        }
      }
    `,
  },
]
