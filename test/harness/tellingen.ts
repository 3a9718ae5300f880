import { inKolommen, TellingSoort, type TellingKolommen } from '../../shared/graphql/cijfers'

/** A gemeente's counts in columns with one count: `aantal` requests received in January 2019. */
export const meldingenInKolommen = (gemeenteCode: string, aantal: number): TellingKolommen =>
  inKolommen(gemeenteCode, [
    {
      gemeenteCode,
      soort: TellingSoort.MELDINGEN,
      sleutel: 'ONTVANGEN',
      maand: '2019-01',
      aantal,
      bedragCent: 0,
    },
  ])
