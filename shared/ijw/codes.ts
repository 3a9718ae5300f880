import { registerEnumType } from 'type-graphql'

// Code lists of the national message standard (iJw / iWmo 3.2). The GraphQL enum names are
// readable; the stored values are the standard's own codes, so that messages need no mapping.

export enum Niveau {
  A = 'A',
  B = 'B',
  C = 'C',
  D = 'D',
}
registerEnumType(Niveau, {
  name: 'Niveau',
  description: 'Level of a support need in the Twents model.',
  valuesConfig: {
    A: { description: 'Praktische ondersteuning' },
    B: { description: 'Ondersteuning bij regievoering' },
    C: { description: 'Therapeutische ondersteuning' },
    D: { description: 'Behandeling' },
  },
})

export enum Eenheid {
  MINUUT = '01',
  UUR = '04',
  ETMAAL = '14',
  DAGDEEL = '16',
  STUKS_OUTPUT = '82',
  EURO = '83',
  STUKS_INSPANNING = '84',
}
registerEnumType(Eenheid, { name: 'Eenheid', description: 'iJw/iWmo unit (Eenheid), stored as its code.' })

export enum Frequentie {
  PER_DAG = '1',
  PER_WEEK = '2',
  PER_MAAND = '4',
  TOTAAL_BINNEN_GELDIGHEIDSDUUR = '6',
}
registerEnumType(Frequentie, { name: 'Frequentie', description: 'iJw/iWmo frequency, stored as its code.' })

export enum Wet {
  JEUGDWET = 'JEUGDWET',
  WMO = 'WMO',
}
registerEnumType(Wet, { name: 'Wet' })

export enum Productcategorie {
  JW_PERSOONLIJKE_VERZORGING = '40',
  JW_DAGBEHANDELING = '41',
  JW_VERVOERDIENSTEN = '42',
  JW_VERBLIJF_INCL_BEHANDELING = '43',
  JW_VERBLIJF_EXCL_BEHANDELING = '44',
  JW_AMBULANTE_HULP = '45',
  JW_CRISIS = '46',
  JW_JEUGDRECLASSERING = '47',
  JW_JEUGDBESCHERMING = '48',
  JW_PREVENTIEF_JUSTITIEEL_KADER = '49',
  JW_MAATWERKARRANGEMENTEN = '50',
  WMO_HULP_BIJ_HET_HUISHOUDEN = '01',
  WMO_BEGELEIDING = '02',
  WMO_PERSOONLIJKE_VERZORGING = '03',
  WMO_KORTDUREND_VERBLIJF = '04',
  WMO_WOONDIENSTEN = '05',
  WMO_OVERIGE_INDIVIDUELE_ONDERSTEUNING = '06',
  WMO_DAGBESTEDING = '07',
  WMO_VERVOERDIENSTEN = '08',
  WMO_OVERIGE_GROEPSGERICHTE_ONDERSTEUNING = '09',
  WMO_OVERIGE_MAATWERKARRANGEMENTEN = '10',
  WMO_BESCHERMD_WONEN = '15',
  WMO_OPVANG = '16',
}
registerEnumType(Productcategorie, {
  name: 'Productcategorie',
  description: 'iJw (40-50) or iWmo (01-16) product category, stored as its code.',
})

export enum VerwijzerType {
  GEMEENTE = '01',
  HUISARTS = '02',
  JEUGDARTS = '03',
  GECERTIFICEERDE_INSTELLING = '04',
  MEDISCH_SPECIALIST = '05',
  ZELFVERWIJZER = '06',
  RECHTER_OF_JUSTITIE = '08',
}
registerEnumType(VerwijzerType, { name: 'VerwijzerType', description: 'iJw referrer type (there is no 07).' })
