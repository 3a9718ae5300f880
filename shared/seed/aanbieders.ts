import catalogus from '../../subgraphs/catalogus/seed/catalogus.json' with { type: 'json' }
import specialisatieLijst from '../../subgraphs/aanbieders/seed/specialisaties.json' with { type: 'json' }
import { GEMEENTE_CODES, gemeenteInfo } from '../gemeenten'
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
  }[]
}

type Niveau = SeedAanbieder['contracten'][number]['percelen'][number]['niveau']

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
const REGIO_START = '2019-01-01'

/**
 * The demo's providers: synthetic and clearly fictional, the same list on every run. Service
 * areas spread over the region, most providers hold one active regional contract, a few are
 * suspended or ended, and some re-enrolled after an ended contract.
 */
export function generateAanbieders(count = 40): SeedAanbieder[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_AANBIEDERS) {
    throw new Error(`generateAanbieders: count must be an integer from 0 to ${MAX_AANBIEDERS}`)
  }
  const rng = new Random('ozjt-aanbieders')
  const namen = rng.sample(
    PREFIXEN.flatMap((prefix) => WOORDEN.map((woord) => ({ prefix, woord }))),
    PREFIXEN.length * WOORDEN.length,
  )
  return Array.from({ length: count }, (_, i) => {
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
      contracten: kiesContracten(rng),
    }
  })
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

function kiesContracten(rng: Random): SeedAanbieder['contracten'] {
  const r = rng.next()
  if (r < 0.72) return [contract(rng, 'ACTIEF', inschrijfdatum(rng), null)]
  if (r < 0.82) {
    // Ended, then enrolled again: the registry keeps the old contract as history.
    const eindjaar = rng.int(2020, 2023)
    return [
      contract(rng, 'BEEINDIGD', REGIO_START, `${eindjaar}-12-31`),
      contract(rng, 'ACTIEF', `${eindjaar + 1}-01-01`, null),
    ]
  }
  if (r < 0.91) return [contract(rng, 'GESCHORST', inschrijfdatum(rng), null)]
  const ingangsdatum = inschrijfdatum(rng)
  const eindjaar = rng.int(Number(ingangsdatum.slice(0, 4)), 2024)
  return [contract(rng, 'BEEINDIGD', ingangsdatum, `${eindjaar}-12-31`)]
}

/** The start of the model, or a later date of continuous enrolment (always the first of a month). */
function inschrijfdatum(rng: Random): string {
  if (rng.chance(0.6)) return REGIO_START
  const jaar = rng.int(2019, 2025)
  const maand = jaar === 2019 ? rng.int(2, 12) : rng.int(1, 12)
  return `${jaar}-${String(maand).padStart(2, '0')}-01`
}

function contract(
  rng: Random,
  status: SeedAanbieder['contracten'][number]['status'],
  ingangsdatum: string,
  einddatum: string | null,
): SeedAanbieder['contracten'][number] {
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
