import catalogus from '../../subgraphs/catalogus/seed/catalogus.json' with { type: 'json' }
import specialisatieLijst from '../../subgraphs/aanbieders/seed/specialisaties.json' with { type: 'json' }
import { GEMEENTE_CODES, gemeenteInfo } from '../gemeenten'
import { vandaag } from '../domain/dates'
import { Random } from './random'

/**
 * A provider of the OZJT registry as the demo seeds it. The gemeente subgraph's seed picks
 * providers for its allocations from the same list, so this shape is shared: change it in one
 * step with every importer.
 */
export interface SeedAanbieder {
  agbCode: string
  kvkNummer: string
  naam: string
  locaties: { id: string; naam: string; postcode: string; plaats: string }[]
  /** Gemeente CBS codes, from shared/gemeenten. */
  werkgebied: string[]
  /** Codes from subgraphs/aanbieders/seed/specialisaties.json. */
  specialisaties: string[]
  contracten: {
    id: string
    status: 'ACTIEF' | 'GESCHORST' | 'BEEINDIGD'
    ingangsdatum: string
    einddatum: string | null
    percelen: { ondersteuningsbehoefte: string; niveau: 'A' | 'B' | 'C' | 'D' }[]
    modules: string[]
    /** The gemeenten the contract covers: the whole service area, or part of it for an ended one. */
    gemeenten: string[]
    /** The granted application this contract came from (in `aanmeldingen`). */
    aanmeldingId: string
    /** Decisions after the grant (suspending, lifting, ending), oldest first. */
    besluiten: SeedBesluit[]
  }[]
  /** Current waiting time in weeks as the provider reported it; null when unknown. */
  wachttijdWeken: number | null
  wachttijdBijgewerktOp: string | null
  /** The provider's applications: one granted per contract, and open, rejected or withdrawn ones. */
  aanmeldingen: SeedAanmelding[]
}

export type SeedAanmeldingStatus = 'INGEDIEND' | 'IN_BEHANDELING' | 'TOEGEKEND' | 'AFGEWEZEN' | 'INGETROKKEN'
export type SeedKwaliteitsbewijsSoort = 'KWALITEITSCERTIFICAAT' | 'VOG' | 'AANSPRAKELIJKHEIDSVERZEKERING'

export interface SeedBesluit {
  actie:
    | 'INDIENEN'
    | 'IN_BEHANDELING_NEMEN'
    | 'TOEKENNEN'
    | 'AFWIJZEN'
    | 'INTREKKEN'
    | 'SCHORSEN'
    | 'HERSTELLEN'
    | 'BEEINDIGEN'
  door: string
  naam: string
  rol: 'AANBIEDER' | 'REGISTERBEHEERDER'
  /** ISO 8601 timestamp, UTC. */
  op: string
  reden: string | null
}

/** An application to the registry as the demo seeds it. */
export interface SeedAanmelding {
  id: string
  agbCode: string
  /** Given only when the provider was not yet registered when it applied. */
  kvkNummer: string | null
  naam: string | null
  locatie: { naam: string; postcode: string; plaats: string } | null
  status: SeedAanmeldingStatus
  ingediendOp: string
  percelen: { ondersteuningsbehoefte: string; niveau: Niveau }[]
  modules: string[]
  gemeenten: string[]
  kwaliteitsbewijzen: {
    id: string
    soort: SeedKwaliteitsbewijsSoort
    documentnummer: string
    geldigTot: string
    vastgelegdOp: string
  }[]
  /** Oldest first; a grant's TOEKENNEN also belongs to the contract `contractId`. */
  besluiten: SeedBesluit[]
  contractId: string | null
}

type Niveau = 'A' | 'B' | 'C' | 'D'

// Synthetic identifiers only: AGB codes 9999xxxx and KvK numbers 9000xxxx are numbered from the
// provider's position, so that the same index always names the same provider.
const AGB_PREFIX = '9999'
const KVK_PREFIX = '9000'
const MAX_AANBIEDERS = 9999

// Where a synthetic location may be: the main town of each gemeente and an approximate range of
// its postcode numbers. Only there to make demo addresses look local, not an address register.
const PLAATSEN: Record<string, { plaats: string; postcodes: [number, number] }> = {
  '0141': { plaats: 'Almelo', postcodes: [7600, 7609] },
  '0147': { plaats: 'Borne', postcodes: [7621, 7623] },
  '0153': { plaats: 'Enschede', postcodes: [7511, 7548] },
  '0158': { plaats: 'Haaksbergen', postcodes: [7481, 7483] },
  '0163': { plaats: 'Nijverdal', postcodes: [7441, 7443] },
  '0164': { plaats: 'Hengelo', postcodes: [7550, 7559] },
  '0168': { plaats: 'Losser', postcodes: [7581, 7582] },
  '0173': { plaats: 'Oldenzaal', postcodes: [7571, 7577] },
  '0183': { plaats: 'Tubbergen', postcodes: [7651, 7651] },
  '0189': { plaats: 'Wierden', postcodes: [7641, 7642] },
  '1700': { plaats: 'Vriezenveen', postcodes: [7671, 7672] },
  '1735': { plaats: 'Goor', postcodes: [7471, 7472] },
  '1742': { plaats: 'Rijssen', postcodes: [7461, 7463] },
  '1774': { plaats: 'Denekamp', postcodes: [7591, 7591] },
}

// Neighbouring gemeenten that a provider without a region-wide practice tends to serve together.
const CLUSTERS: readonly (readonly string[])[] = [
  ['0173', '0168', '1774', '0183'],
  ['0153', '0164', '0147', '0158'],
  ['0141', '0189', '1700', '0163'],
  ['1735', '1742', '0164', '0158'],
]

const PREFIXEN = [
  'Zorgbureau',
  'Jeugdhulp',
  'Stichting',
  'Praktijk',
  'Begeleidingsdienst',
  'Gezinshuis',
  'Zorgcollectief',
  'Behandelcentrum',
  'Thuisbegeleiding',
  'Dagbesteding',
]
const WOORDEN = [
  'De Esch',
  'De Linde',
  'Het Hofje',
  'De Beuk',
  'De Vlier',
  'Het Ven',
  'De Heide',
  'De Kamp',
  'De Maat',
  'De Brink',
  'Het Erf',
  'De Hazelaar',
  'Het Broek',
  'De Veldkamp',
  'De Wilg',
  'Het Spieker',
  'De Holt',
  'De Vonder',
  'Het Lindeke',
  'De Meidoorn',
]

// No S: the combinations SA, SD and SS are not issued, and letters are all that vary here.
const POSTCODE_LETTERS = 'ABCEGHJKLMNPRTVWXZ'

const SPECIALISATIE_CODES = specialisatieLijst.specialisaties.map((s) => s.code)
const BEHOEFTEN = catalogus.ondersteuningsbehoeften.map((o) => ({
  code: o.code,
  niveaus: o.niveaus as Niveau[],
}))
const MODULE_CODES = catalogus.modules.map((m) => m.code)

/**
 * The demo's registry is dated back from the day it is generated (`peildatum`, today in the
 * Netherlands by default), as the gemeente data are: its history runs up to that day, and its
 * years keep their distance to it (the contracts of 2026's demo started in 2019-2025). The
 * random draws do not depend on the day, so one day gives the same data. On 2026-10-01 it is
 * the registry the demo had before it was dated this way.
 */
interface Tijd {
  peildatum: string
  /** A year of 2026's demo, moved to the demo's own year. */
  jaar: (jaarIn2026: number) => number
}
const tijdVoor = (peildatum: string): Tijd => {
  const verschuiving = Number(peildatum.slice(0, 4)) - 2026
  return { peildatum, jaar: (j) => j + verschuiving }
}
/** The start of the model in the demo's own time. */
const regioStart = (t: Tijd) => `${t.jaar(2019)}-01-01`

/**
 * The demo's providers: synthetic and clearly fictional, the same list on every run. Service
 * areas spread over the region, most providers hold one active regional contract, a few are
 * suspended or ended, and some re-enrolled after an ended contract.
 */
export function generateAanbieders(count = 40, peildatum: string = vandaag()): SeedAanbieder[] {
  const tijd = tijdVoor(peildatum)
  if (!Number.isInteger(count) || count < 0 || count > MAX_AANBIEDERS) {
    throw new Error(`generateAanbieders: count must be an integer from 0 to ${MAX_AANBIEDERS}`)
  }
  const rng = new Random('ozjt-aanbieders')
  const namen = rng.sample(
    PREFIXEN.flatMap((prefix) => WOORDEN.map((woord) => ({ prefix, woord }))),
    PREFIXEN.length * WOORDEN.length,
  )
  const basis = Array.from({ length: count }, (_, i) => {
    const { prefix, woord } = namen[i % namen.length]
    const volgnummer = i >= namen.length ? ` ${Math.floor(i / namen.length) + 1}` : ''
    const werkgebied = kiesWerkgebied(rng)
    return {
      agbCode: AGB_PREFIX + String(i + 1).padStart(4, '0'),
      kvkNummer: KVK_PREFIX + String(i + 1).padStart(4, '0'),
      naam: `${prefix} ${woord}${volgnummer} (fictief)`,
      locaties: rng
        .sample(werkgebied, kiesAantal(rng, [0.6, 0.3, 0.1]))
        .map((gemeente) => locatie(rng, woord, gemeente)),
      werkgebied,
      specialisaties: rng.sample(SPECIALISATIE_CODES, kiesAantal(rng, [0.25, 0.35, 0.25, 0.15]) - 1).sort(),
      contracten: kiesContracten(rng, tijd),
    }
  })
  // Enrolment history and waiting times draw from their own sequence, so that the providers
  // above stay exactly what the gemeente seed and earlier demos knew.
  const historie = new Random('ozjt-aanmeldingen')
  let extra = 0
  return basis.map((a) => {
    const wachttijdWeken = historie.chance(0.15) ? null : kiesWachttijd(historie)
    const aanmeldingen: SeedAanmelding[] = []
    const contracten = a.contracten.map((c, i) => {
      const gemeenten =
        c.status === 'BEEINDIGD'
          ? historie.sample(a.werkgebied, historie.int(1, a.werkgebied.length)).sort()
          : a.werkgebied
      const nieuw = i === 0 ? { kvkNummer: a.kvkNummer, naam: a.naam, locatie: a.locaties[0] } : null
      const aanmelding = toegekendeAanmelding(historie, a, c, gemeenten, nieuw)
      aanmeldingen.push(aanmelding)
      return { ...c, gemeenten, aanmeldingId: aanmelding.id, besluiten: contractbesluiten(historie, c, tijd) }
    })
    // Every fourth provider or so has an application that is still open or did not succeed,
    // in turn in each of those states, asking for more needs or gemeenten.
    if (historie.chance(0.4)) {
      const status = OVERIGE_STATUSSEN[extra++ % OVERIGE_STATUSSEN.length]
      aanmeldingen.push(overigeAanmelding(historie, { agbCode: a.agbCode, naam: a.naam }, status, null, tijd))
    }
    return {
      ...a,
      contracten,
      wachttijdWeken,
      wachttijdBijgewerktOp: wachttijdWeken === null ? null : dagenVoor(peildatum, historie.int(0, 90)),
      aanmeldingen,
    }
  })
}

/**
 * Applications from providers that are not (yet) in the registry, in every state but granted:
 * the registry manager's work queue in the demo. Some under review have every proof valid,
 * so that the demo can grant them. Synthetic AGB codes 9997xxxx and KvK numbers 9001xxxx.
 */
export function generateNieuweAanmeldingen(count = 8, peildatum: string = vandaag()): SeedAanmelding[] {
  const tijd = tijdVoor(peildatum)
  const rng = new Random('ozjt-nieuwe-aanmelders')
  return Array.from({ length: count }, (_, i) => {
    const nummer = String(i + 1).padStart(4, '0')
    const woord = WOORDEN[(i * 7) % WOORDEN.length]
    const naam = `${PREFIXEN[(i * 3) % PREFIXEN.length]} Nieuw ${woord} (fictief)`
    const gemeente = rng.pick(GEMEENTE_CODES)
    const nieuw = { kvkNummer: `9001${nummer}`, naam, locatie: locatie(rng, woord, gemeente) }
    const status = OVERIGE_STATUSSEN[i % OVERIGE_STATUSSEN.length]
    return overigeAanmelding(rng, { agbCode: `9997${nummer}`, naam }, status, nieuw, tijd)
  })
}

const OVERIGE_STATUSSEN = [
  'INGEDIEND',
  'IN_BEHANDELING',
  'AFGEWEZEN',
  'INGETROKKEN',
  'IN_BEHANDELING',
] as const
const KWALITEITSBEWIJZEN: readonly SeedKwaliteitsbewijsSoort[] = [
  'KWALITEITSCERTIFICAAT',
  'VOG',
  'AANSPRAKELIJKHEIDSVERZEKERING',
]
const DOCUMENTPREFIX: Record<SeedKwaliteitsbewijsSoort, string> = {
  KWALITEITSCERTIFICAAT: 'KC',
  VOG: 'VOG',
  AANSPRAKELIJKHEIDSVERZEKERING: 'AV',
}
const BEHEERDERS = [1, 2, 3].map((n) => ({
  door: `ozjt-beheerder-${n}`,
  naam: `Registerbeheerder ${n} (fictief)`,
  rol: 'REGISTERBEHEERDER' as const,
}))

type BasisContract = ReturnType<typeof contract>
type Nieuw = {
  kvkNummer: string
  naam: string
  locatie: { naam: string; postcode: string; plaats: string }
} | null

/** Waiting times spread from none to several months, most of them a few weeks. */
function kiesWachttijd(rng: Random): number {
  const r = rng.next()
  if (r < 0.25) return rng.int(0, 2)
  if (r < 0.7) return rng.int(3, 8)
  if (r < 0.9) return rng.int(9, 16)
  return rng.int(17, 30)
}

function dag(datum: string, dagen: number): string {
  const d = new Date(`${datum}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + dagen)
  return d.toISOString().slice(0, 10)
}
const dagenVoor = (datum: string, dagen: number) => dag(datum, -dagen)
const tijdstip = (rng: Random, datum: string) =>
  `${datum}T${String(rng.int(7, 15)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00.000Z`
const dagTussen = (rng: Random, van: string, tot: string) => {
  const dagen = Math.round((Date.parse(tot) - Date.parse(van)) / 86_400_000)
  return dag(van, rng.int(0, Math.max(0, dagen)))
}

const alsAanbieder = (a: { agbCode: string; naam: string }) => ({
  door: `aanbieder-${a.agbCode}`,
  naam: a.naam,
  rol: 'AANBIEDER' as const,
})

function bewijs(rng: Random, soort: SeedKwaliteitsbewijsSoort, vastgelegd: string, geldigTot: string) {
  return {
    id: rng.uuid(),
    soort,
    documentnummer: `${DOCUMENTPREFIX[soort]}-${vastgelegd.slice(0, 4)}-${rng.int(10000, 99999)}`,
    geldigTot,
    vastgelegdOp: tijdstip(rng, vastgelegd),
  }
}

/** The application a contract came from: submitted, reviewed with every proof valid, granted. */
function toegekendeAanmelding(
  rng: Random,
  a: { agbCode: string; naam: string },
  c: BasisContract,
  gemeenten: string[],
  nieuw: Nieuw,
): SeedAanmelding {
  const besluitdatum = dagenVoor(c.ingangsdatum, rng.int(7, 28))
  const inBehandeling = dagenVoor(besluitdatum, rng.int(7, 21))
  const ingediend = dagenVoor(inBehandeling, rng.int(2, 14))
  const beheerder = rng.pick(BEHEERDERS)
  return {
    id: rng.uuid(),
    agbCode: a.agbCode,
    kvkNummer: nieuw?.kvkNummer ?? null,
    naam: nieuw?.naam ?? null,
    locatie: nieuw
      ? { naam: nieuw.locatie.naam, postcode: nieuw.locatie.postcode, plaats: nieuw.locatie.plaats }
      : null,
    status: 'TOEGEKEND',
    ingediendOp: tijdstip(rng, ingediend),
    percelen: c.percelen,
    modules: c.modules,
    gemeenten,
    // Valid on the decision date; the older ones have expired since, as proofs do.
    kwaliteitsbewijzen: KWALITEITSBEWIJZEN.map((soort) =>
      bewijs(
        rng,
        soort,
        dagTussen(rng, inBehandeling, besluitdatum),
        dag(besluitdatum, rng.int(90, 5 * 365)),
      ),
    ),
    besluiten: [
      { ...alsAanbieder(a), actie: 'INDIENEN', op: tijdstip(rng, ingediend), reden: null },
      { ...beheerder, actie: 'IN_BEHANDELING_NEMEN', op: tijdstip(rng, inBehandeling), reden: null },
      { ...beheerder, actie: 'TOEKENNEN', op: tijdstip(rng, besluitdatum), reden: null },
    ],
    contractId: c.id,
  }
}

/** What happened to a contract after its grant, in keeping with its status. */
function contractbesluiten(rng: Random, c: BasisContract, { peildatum }: Tijd): SeedBesluit[] {
  const beheerder = rng.pick(BEHEERDERS)
  const laatste = c.einddatum ?? peildatum
  const schorsing = (van: string, tot: string) => {
    const op = dagTussen(rng, van, tot)
    return {
      ...beheerder,
      actie: 'SCHORSEN' as const,
      op: tijdstip(rng, op),
      reden: rng.pick([
        'Kwaliteitscertificaat verlopen; geschorst tot een geldig certificaat is overgelegd.',
        'Signalen over de kwaliteit van zorg; onderzoek loopt.',
        'Verplichte verantwoording over het vorige jaar niet ontvangen.',
      ]),
      datum: op,
    }
  }
  if (c.status === 'GESCHORST') {
    const { datum: _datum, ...besluit } = schorsing(c.ingangsdatum, peildatum)
    return [besluit]
  }
  if (c.status === 'ACTIEF') {
    if (!rng.chance(0.15)) return []
    const { datum, ...geschorst } = schorsing(c.ingangsdatum, dagenVoor(peildatum, 60))
    const hersteld = dag(datum, rng.int(14, 56))
    return [
      geschorst,
      {
        ...beheerder,
        actie: 'HERSTELLEN',
        op: tijdstip(rng, hersteld),
        reden: 'Geldig bewijs ontvangen; schorsing opgeheven.',
      },
    ]
  }
  const einde = dagTussen(rng, c.ingangsdatum, laatste)
  return [
    {
      ...beheerder,
      actie: 'BEEINDIGEN',
      op: tijdstip(rng, einde),
      reden: rng.pick([
        'Op verzoek van de aanbieder: stopt met deze vorm van ondersteuning.',
        'Aanbieder levert al langere tijd geen ondersteuning meer in de regio.',
        'Niet voldaan aan de kwaliteitseisen na schorsing.',
      ]),
    },
  ]
}

/** An application that is open, was rejected or was withdrawn, with its proofs and decisions. */
function overigeAanmelding(
  rng: Random,
  a: { agbCode: string; naam: string },
  status: (typeof OVERIGE_STATUSSEN)[number],
  nieuw: Nieuw,
  { peildatum }: Tijd,
): SeedAanmelding {
  const basis = contract(rng, 'ACTIEF', peildatum, null)
  const beheerder = rng.pick(BEHEERDERS)
  const ingediend = dagenVoor(peildatum, status === 'INGEDIEND' ? rng.int(1, 20) : rng.int(30, 150))
  const inBehandeling = dag(ingediend, rng.int(2, 14))
  const besluiten: SeedBesluit[] = [
    { ...alsAanbieder(a), actie: 'INDIENEN', op: tijdstip(rng, ingediend), reden: null },
  ]
  let kwaliteitsbewijzen: SeedAanmelding['kwaliteitsbewijzen'] = []
  if (status === 'INGETROKKEN') {
    besluiten.push({
      ...alsAanbieder(a),
      actie: 'INTREKKEN',
      op: tijdstip(rng, dag(ingediend, rng.int(1, 10))),
      reden: 'Wij dienen later een aanmelding in voor meer ondersteuningsbehoeften.',
    })
  }
  if (status === 'IN_BEHANDELING' || status === 'AFGEWEZEN') {
    besluiten.push({
      ...beheerder,
      actie: 'IN_BEHANDELING_NEMEN',
      op: tijdstip(rng, inBehandeling),
      reden: null,
    })
    // Under review: sometimes complete, sometimes a proof still missing or expired.
    const verlopen: SeedKwaliteitsbewijsSoort | null =
      status === 'AFGEWEZEN' ? 'VOG' : rng.chance(0.4) ? rng.pick(KWALITEITSBEWIJZEN) : null
    const soorten =
      status === 'IN_BEHANDELING' && rng.chance(0.3) ? KWALITEITSBEWIJZEN.slice(0, 2) : KWALITEITSBEWIJZEN
    kwaliteitsbewijzen = soorten.map((soort) =>
      bewijs(
        rng,
        soort,
        dag(inBehandeling, rng.int(0, 7)),
        soort === verlopen
          ? dagenVoor(inBehandeling, rng.int(10, 200))
          : dag(peildatum, rng.int(180, 3 * 365)),
      ),
    )
    if (status === 'AFGEWEZEN') {
      besluiten.push({
        ...beheerder,
        actie: 'AFWIJZEN',
        op: tijdstip(rng, dag(inBehandeling, rng.int(8, 20))),
        reden:
          'De verklaring omtrent het gedrag is verlopen en er is binnen de termijn geen nieuwe overgelegd.',
      })
    }
  }
  return {
    id: rng.uuid(),
    agbCode: a.agbCode,
    kvkNummer: nieuw?.kvkNummer ?? null,
    naam: nieuw?.naam ?? null,
    locatie: nieuw?.locatie
      ? { naam: nieuw.locatie.naam, postcode: nieuw.locatie.postcode, plaats: nieuw.locatie.plaats }
      : null,
    status,
    ingediendOp: besluiten[0].op,
    percelen: basis.percelen,
    modules: basis.modules,
    gemeenten: rng.sample(GEMEENTE_CODES, rng.int(1, 4)).sort(),
    kwaliteitsbewijzen,
    besluiten,
    contractId: null,
  }
}

/** 1 + the index drawn with the given weights. */
function kiesAantal(rng: Random, gewichten: number[]): number {
  let r = rng.next()
  for (const [i, gewicht] of gewichten.entries()) {
    if (r < gewicht) return i + 1
    r -= gewicht
  }
  return gewichten.length
}

function kiesWerkgebied(rng: Random): string[] {
  const r = rng.next()
  if (r < 0.2) return [...GEMEENTE_CODES].sort()
  if (r < 0.8) {
    const codes = [...rng.pick(CLUSTERS)]
    // Some reach one gemeente beyond their cluster.
    if (rng.chance(0.3)) codes.push(rng.pick(GEMEENTE_CODES))
    return [...new Set(codes)].sort()
  }
  return [...new Set(rng.sample(CLUSTERS, 2).flat())].sort()
}

function locatie(rng: Random, woord: string, gemeente: string): SeedAanbieder['locaties'][number] {
  // A gemeente added to gemeenten.json without an entry above still gets an address in Twente.
  const { plaats, postcodes } = PLAATSEN[gemeente] ?? {
    plaats: gemeenteInfo(gemeente).naam,
    postcodes: [7400, 7699],
  }
  const letters = rng.pick([...POSTCODE_LETTERS]) + rng.pick([...POSTCODE_LETTERS])
  const id = rng.uuid()
  const postcode = `${rng.int(postcodes[0], postcodes[1])}${letters}`
  return { id, naam: `${woord} ${plaats}`, postcode, plaats }
}

function kiesContracten(rng: Random, tijd: Tijd) {
  const r = rng.next()
  if (r < 0.72) return [contract(rng, 'ACTIEF', inschrijfdatum(rng, tijd), null)]
  if (r < 0.82) {
    // Ended, then enrolled again: the registry keeps the old contract as history.
    const eindjaar = rng.int(tijd.jaar(2020), tijd.jaar(2023))
    return [
      contract(rng, 'BEEINDIGD', regioStart(tijd), `${eindjaar}-12-31`),
      contract(rng, 'ACTIEF', `${eindjaar + 1}-01-01`, null),
    ]
  }
  if (r < 0.91) return [contract(rng, 'GESCHORST', inschrijfdatum(rng, tijd), null)]
  const ingangsdatum = inschrijfdatum(rng, tijd)
  const eindjaar = rng.int(Number(ingangsdatum.slice(0, 4)), tijd.jaar(2024))
  return [contract(rng, 'BEEINDIGD', ingangsdatum, `${eindjaar}-12-31`)]
}

/** The start of the model, or a later date of continuous enrolment (always the first of a month). */
function inschrijfdatum(rng: Random, tijd: Tijd): string {
  if (rng.chance(0.6)) return regioStart(tijd)
  const jaar = rng.int(tijd.jaar(2019), tijd.jaar(2025))
  const maand = jaar === tijd.jaar(2019) ? rng.int(2, 12) : rng.int(1, 12)
  return `${jaar}-${String(maand).padStart(2, '0')}-01`
}

function contract(
  rng: Random,
  status: SeedAanbieder['contracten'][number]['status'],
  ingangsdatum: string,
  einddatum: string | null,
) {
  const id = rng.uuid()
  const behoeften = rng.sample(BEHOEFTEN, rng.int(1, 4)).sort((a, b) => a.code.localeCompare(b.code))
  const percelen = behoeften.flatMap((b) =>
    rng
      .sample(b.niveaus, rng.int(1, b.niveaus.length))
      .sort()
      .map((niveau) => ({ ondersteuningsbehoefte: b.code, niveau })),
  )
  const modules = rng.chance(0.35) ? rng.sample(MODULE_CODES, rng.int(1, 2)).sort() : []
  return { id, status, ingangsdatum, einddatum, percelen, modules }
}
