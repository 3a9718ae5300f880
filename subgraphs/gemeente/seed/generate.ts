import { plusDagen, vandaag } from '../../../shared/domain/dates'
import { GEMEENTE_CODES, gemeenteInfo } from '../../../shared/gemeenten'
import { InkoopModus } from '../../../shared/graphql/inkoop'
import { ContractStatus } from '../../../shared/graphql/inschrijving'
import { Eenheid, Frequentie, Niveau, Productcategorie, Wet } from '../../../shared/ijw/codes'
import { generateAanbieders, type SeedAanbieder } from '../../../shared/seed/aanbieders'
import { Random, testBsns } from '../../../shared/seed/random'
import catalogus from '../../catalogus/seed/catalogus.json' with { type: 'json' }
import { KeuzeDoor, type PlanBehoefte } from '../plan/behoefte.entity'
import type { Evaluatie } from '../plan/evaluatie.entity'
import { EvaluatieDoor } from '../plan/evaluatie.entity'
import type { Plan } from '../plan/plan.entity'
import { PlanStatus } from '../plan/plan.entity'
import type { Resultaat } from '../plan/resultaat.entity'
import { Uitkomst } from '../plan/resultaat.entity'
import type { Huishouden } from '../huishouden/huishouden.entity'
import type {
  EigenContract,
  EigenContractperceel,
  EigenOndersteuningsbehoefte,
} from '../inkoop/eigen-inkoop.entity'
import type { Inwoner } from '../inwoner/inwoner.entity'
import { zoeknaamVan } from '../inwoner/zoeknaam'
import type { Toewijzing, ToewijzingModule } from '../toewijzing/toewijzing.entity'
import type { EigenTarief } from '../inkoop/eigen-tarief.entity'
import { GESPREKSSTAPPEN, MeldingStatus, type Gespreksstap, type Melding } from '../melding/melding.entity'
import type { PlanVersie } from '../plan/plan-versie.entity'
import { planInhoud } from '../plan/plan-inhoud'
import { budgetCent, MAX_BUDGET_CENT, moduleBedragCent } from '../toewijzing/budget'
import type { Volgnummer } from '../toewijzing/volgnummer.entity'
import { VerwijzerType } from '../../../shared/ijw/codes'
import type { Registerbericht, Waardering } from '../register/registerbericht.entity'
import {
  contractbericht,
  type Contractbericht,
  type Uitkomstbericht,
  type Waarderingsbericht,
} from '../register/registerberichten'
import { ToewijzingStatus } from '../toewijzing/toewijzing.entity'
import eigenInkoop from './eigen-inkoop.json' with { type: 'json' }

/**
 * Synthetic, deterministic data for one gemeente: the same code and size give the same rows on
 * every machine. BSNs come from the test range only; names are common Dutch names, and no row
 * describes a real person.
 */
export interface GemeenteSeed {
  huishoudens: Huishouden[]
  inwoners: Inwoner[]
  plannen: Plan[]
  behoeften: PlanBehoefte[]
  resultaten: Resultaat[]
  evaluaties: Evaluatie[]
  toewijzingen: Toewijzing[]
  toewijzingModules: ToewijzingModule[]
  eigenBehoeften: EigenOndersteuningsbehoefte[]
  eigenContracten: EigenContract[]
  eigenPercelen: EigenContractperceel[]
  eigenTarieven: Omit<EigenTarief, 'id'>[]
  meldingen: Melding[]
  gespreksstappen: Gespreksstap[]
  planVersies: PlanVersie[]
  volgnummers: Volgnummer[]
  registerberichten: Registerbericht[]
  waarderingen: Waardering[]
}

interface CatalogusRegel {
  code: string
  naam: string
  wet: string
  omschrijving: string
  niveaus: string[]
}
interface TariefRegel {
  ondersteuningsbehoefte?: string
  niveau?: string
  geldigVan: string
  geldigTot: string | null
  bedragCent: number
  eenheid: string
  frequentie: string
}
type EigenInkoopData = Record<string, { ondersteuningsbehoeften: CatalogusRegel[]; tarieven: TariefRegel[] }>

/**
 * The demo is dated back from the day it is generated (`peildatum`, today in the Netherlands by
 * default): ended care ended before that day, open care runs past it, whenever the demo is run.
 * The random draws do not depend on the day, so one day gives the same data and another day the
 * same data shifted in time.
 */
/** The largest seed: about Hengelo's population, enough to show what grows with the data. */
export const MAX_SEED_INWONERS = 10_000

export interface GemeenteSeedOpties {
  inwoners: number
  peildatum?: string
}

const ACHTERNAMEN = [
  'Jansen',
  'de Vries',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'Dekker',
  'Brouwer',
  'Dijkstra',
  'Oude Nijhuis',
  'Kampman',
  'Nijenhuis',
  'Wolters',
  'Lansink',
  'Morsink',
  'ter Horst',
  'Assink',
  'Haverkate',
  'Kuipers',
  'Scholten',
  'Hofstede',
  'Brink',
]
const VOORNAMEN_VOLWASSEN = [
  'Anna',
  'Maria',
  'Linda',
  'Sandra',
  'Mark',
  'Jeroen',
  'Bas',
  'Wendy',
  'Erik',
  'Ilse',
  'Tim',
  'Sanne',
  'Ahmed',
  'Fatma',
]
const VOORNAMEN_KIND = [
  'Noah',
  'Emma',
  'Liam',
  'Julia',
  'Sem',
  'Tess',
  'Luuk',
  'Mila',
  'Daan',
  'Zoë',
  'Finn',
  'Sara',
  'Yara',
  'Milan',
]
const POSTCODE_VAN: Record<string, [number, number]> = {
  '0141': [7601, 7609],
  '0147': [7621, 7623],
  '0153': [7511, 7548],
  '0158': [7481, 7483],
  '0163': [7441, 7448],
  '0164': [7550, 7559],
  '0168': [7581, 7588],
  '0173': [7570, 7577],
  '0183': [7650, 7664],
  '0189': [7640, 7645],
  '1700': [7680, 7687],
  '1735': [7470, 7478],
  '1742': [7460, 7463],
  '1774': [7590, 7597],
}
const RESULTAAT_SJABLONEN: Record<string, string[]> = {
  JEUGDWET: [
    '{naam} gaat weer vier dagen per week naar school.',
    '{naam} heeft twee vaste vrienden en spreekt wekelijks met hen af.',
    'De ouders van {naam} hebben een dagritme dat zij zelf volhouden.',
    '{naam} kan boosheid benoemen voordat het escaleert, thuis en op school.',
  ],
  WMO: [
    '{naam} doet de eigen boodschappen weer zelfstandig.',
    '{naam} heeft een dagbesteding van drie dagdelen per week.',
    '{naam} houdt de administratie bij met hulp van het eigen netwerk.',
    'Het huis van {naam} is schoon en leefbaar zonder wekelijkse hulp.',
  ],
}

/** A provider's synthetic quality (0.3 to 0.9), the same in every gemeente: it drives outcomes and ratings. */
const kwaliteitVan = (agbCode: string) => 0.3 + new Random(`kwaliteit-${agbCode}`).next() * 0.6

const addMonths = (date: string, months: number) => {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() + months)
  return d.toISOString().slice(0, 10)
}
const minDate = (a: string, b: string) => (a < b ? a : b)
/**
 * A spread of 0 to n-1 days taken from an id, not from the random stream: the dates the figures
 * measure vary without shifting every value generated after them.
 */
const spreiding = (id: string, n: number) => parseInt(id.replace(/-/g, '').slice(-6), 16) % n
const maxDate = (a: string, b: string) => (a > b ? a : b)

export function catalogusVoor(gemeenteCode: string): {
  regels: CatalogusRegel[]
  tarieven: TariefRegel[]
  bron: InkoopModus
} {
  if (gemeenteInfo(gemeenteCode).inkoop === 'EIGEN') {
    const eigen = (eigenInkoop as unknown as EigenInkoopData)[gemeenteCode]
    return { regels: eigen.ondersteuningsbehoeften, tarieven: eigen.tarieven, bron: InkoopModus.EIGEN }
  }
  return {
    regels: catalogus.ondersteuningsbehoeften,
    tarieven: catalogus.tarieven,
    bron: InkoopModus.REGIONAAL,
  }
}

function productcategorie(wet: string, code: string, niveau: string): Productcategorie {
  if (wet === Wet.JEUGDWET)
    return niveau === 'D' ? Productcategorie.JW_DAGBEHANDELING : Productcategorie.JW_AMBULANTE_HULP
  return /OB-06$/.test(code) ? Productcategorie.WMO_HULP_BIJ_HET_HUISHOUDEN : Productcategorie.WMO_BEGELEIDING
}

export function generateGemeente(
  gemeenteCode: string,
  options: GemeenteSeedOpties,
  aanbieders: SeedAanbieder[] = generateAanbieders(undefined, options.peildatum),
): GemeenteSeed {
  const rnd = new Random(`gemeente-${gemeenteCode}`)
  const peildatum = options.peildatum ?? vandaag()
  const peiljaar = Number(peildatum.slice(0, 4))
  const peilmaand = `${peildatum.slice(0, 7)}-01`
  // Ended care ended at the latest yesterday: what ends today is still running today.
  const gisteren = plusDagen(peildatum, -1)
  const info = gemeenteInfo(gemeenteCode)
  const { regels, tarieven, bron } = catalogusVoor(gemeenteCode)
  const seed: GemeenteSeed = {
    huishoudens: [],
    inwoners: [],
    plannen: [],
    behoeften: [],
    resultaten: [],
    evaluaties: [],
    toewijzingen: [],
    toewijzingModules: [],
    eigenBehoeften: [],
    eigenContracten: [],
    eigenPercelen: [],
    eigenTarieven: [],
    meldingen: [],
    gespreksstappen: [],
    planVersies: [],
    volgnummers: [],
    registerberichten: [],
    waarderingen: [],
  }
  const bericht = (
    soort: Registerbericht['soort'],
    inhoud: Uitkomstbericht | Waarderingsbericht | Contractbericht,
    op: string,
  ): Registerbericht => ({
    id: inhoud.id,
    soort,
    inhoud: JSON.stringify(inhoud),
    aangemaaktOp: `${op}T12:00:00.000Z`,
    bezorgdOp: null,
    geweigerdOp: null,
    pogingen: 0,
    laatsteFout: null,
  })
  const dienend = aanbieders.filter((a) => a.werkgebied.includes(gemeenteCode))

  // Who may be allocated what here: the OZJT contracts, or the gemeente's own.
  const gecontracteerd = new Map<string, string[]>()
  const contracteer = (agb: string, code: string, niveau: string) => {
    const key = `${code}|${niveau}`
    gecontracteerd.set(key, [...(gecontracteerd.get(key) ?? []), agb])
  }
  if (bron === InkoopModus.EIGEN) {
    seed.eigenTarieven = tarieven.map((t) => ({
      gemeenteCode,
      ondersteuningsbehoefteCode: t.ondersteuningsbehoefte!,
      niveau: t.niveau as Niveau,
      geldigVan: t.geldigVan,
      geldigTot: t.geldigTot,
      bedragCent: t.bedragCent,
      eenheid: t.eenheid as Eenheid,
      frequentie: t.frequentie as Frequentie,
    }))
    seed.eigenBehoeften = regels.map((r) => ({
      code: r.code,
      gemeenteCode,
      naam: r.naam,
      omschrijving: r.omschrijving,
      wet: r.wet as Wet,
      niveaus: r.niveaus as Niveau[],
    }))
    for (const aanbieder of dienend) {
      const contract: EigenContract = {
        id: rnd.uuid(),
        gemeenteCode,
        aanbiederAgbCode: aanbieder.agbCode,
        status: rnd.chance(0.9) ? ContractStatus.ACTIEF : ContractStatus.GESCHORST,
        // Six to eight years before the demo's day, before any seeded plan starts.
        ingangsdatum: addMonths(peilmaand, -rnd.pick([96, 84, 72])),
        einddatum: null,
        aanmeldingId: null,
        versie: 1,
      }
      seed.eigenContracten.push(contract)
      for (const regel of rnd.sample(regels, rnd.int(1, 3))) {
        for (const niveau of rnd.sample(regel.niveaus, rnd.int(1, regel.niveaus.length))) {
          seed.eigenPercelen.push({
            contractId: contract.id,
            ondersteuningsbehoefteCode: regel.code,
            niveau: niveau as Niveau,
          })
          if (contract.status === 'ACTIEF') contracteer(aanbieder.agbCode, regel.code, niveau)
        }
      }
      // The registry learns of the contract the way it learns of every later change: the outbox.
      seed.registerberichten.push(
        bericht(
          'CONTRACT',
          // Its own sequence, so that the draws below stay what they were.
          contractbericht(contract, seed.eigenPercelen, new Random(`contract-${contract.id}`).uuid()),
          contract.ingangsdatum,
        ),
      )
    }
  } else {
    for (const aanbieder of dienend) {
      for (const contract of aanbieder.contracten.filter((c) => c.status === 'ACTIEF')) {
        for (const perceel of contract.percelen)
          contracteer(aanbieder.agbCode, perceel.ondersteuningsbehoefte, perceel.niveau)
      }
    }
  }

  const block = GEMEENTE_CODES.indexOf(gemeenteCode)
  const bsns = testBsns(block, options.inwoners)
  const [pcVan, pcTot] = POSTCODE_VAN[gemeenteCode]
  let volgnummer = 0

  const BEVINDINGEN: Record<string, string[]> = {
    EIGEN_KRACHT: [
      'Wil zelf aan de slag, maar loopt vast in de planning.',
      'Heeft goede ideeën, mist overzicht.',
    ],
    NETWERK: [
      'Oma helpt twee middagen per week.',
      'Buren en vrienden zijn betrokken, maar kunnen dit niet alleen.',
    ],
    ALGEMENE_VOORZIENINGEN: [
      'Maatschappelijk werk helpt met de administratie.',
      'Het buurthuis biedt een inloop; dat is niet genoeg.',
    ],
  }
  const meldingVoor = (
    huishouden: Huishouden,
    datum: string,
    status: MeldingStatus,
    stappen: number,
    jeugd: boolean,
  ): Melding => {
    const verwijzer = jeugd
      ? rnd.pick([
          VerwijzerType.GEMEENTE,
          VerwijzerType.HUISARTS,
          VerwijzerType.JEUGDARTS,
          VerwijzerType.GEMEENTE,
          VerwijzerType.RECHTER_OF_JUSTITIE,
        ])
      : rnd.pick([VerwijzerType.GEMEENTE, VerwijzerType.HUISARTS, VerwijzerType.ZELFVERWIJZER])
    const melding: Melding = {
      id: rnd.uuid(),
      gemeenteCode,
      huishoudenId: huishouden.id,
      inwonerId: null,
      verwijzerType: verwijzer,
      verwijzerNaam:
        verwijzer === VerwijzerType.GEMEENTE || verwijzer === VerwijzerType.ZELFVERWIJZER
          ? null
          : `Verwijzer ${rnd.int(1, 40)} (fictief)`,
      omschrijving: rnd.pick([
        'Het gezin vraagt hulp bij opvoeden en dagritme.',
        'Zelfstandig wonen lukt niet meer zonder ondersteuning.',
        'Zorgen over school en thuis.',
      ]),
      datum,
      status,
    }
    seed.meldingen.push(melding)
    GESPREKSSTAPPEN.slice(0, stappen).forEach((stap, i) =>
      seed.gespreksstappen.push({
        id: rnd.uuid(),
        gemeenteCode,
        meldingId: melding.id,
        stap,
        bevinding: rnd.pick(BEVINDINGEN[stap]),
        datum: minDate(datum, peildatum),
        vastgelegdDoor: `Regisseur ${i + 1} (${info.naam})`,
      }),
    )
    return melding
  }

  while (seed.inwoners.length < options.inwoners) {
    const achternaam = rnd.pick(ACHTERNAMEN)
    const huishouden: Huishouden = {
      id: rnd.uuid(),
      gemeenteCode,
      naam: `Huishouden ${achternaam}`,
      postcode: `${rnd.int(pcVan, pcTot)}${rnd.pick(['A', 'B', 'C', 'E', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'T', 'V', 'W', 'X', 'Z'])}${rnd.pick(['A', 'B', 'C', 'E', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'T', 'V', 'W', 'X', 'Z'])}`,
      huisnummer: String(rnd.int(1, 180)),
    }
    seed.huishoudens.push(huishouden)
    const volwassenen = Math.min(rnd.int(1, 2), options.inwoners - seed.inwoners.length)
    const kinderen = Math.min(
      rnd.chance(0.7) ? rnd.int(1, 3) : 0,
      options.inwoners - seed.inwoners.length - volwassenen,
    )
    const leden: Inwoner[] = []
    for (let i = 0; i < volwassenen + kinderen; i++) {
      const kind = i >= volwassenen
      // Children young enough for the Jeugdwet, adults old enough to be parents, whatever the year.
      const jaar = peiljaar - (kind ? rnd.int(4, 17) : rnd.int(31, 76))
      const voornamen = rnd.pick(kind ? VOORNAMEN_KIND : VOORNAMEN_VOLWASSEN)
      leden.push({
        id: rnd.uuid(),
        gemeenteCode,
        bsn: bsns[seed.inwoners.length + i] ?? null,
        huishoudenId: huishouden.id,
        achternaam,
        voornamen,
        zoeknaam: zoeknaamVan(achternaam, voornamen),
        geboortedatum: `${jaar}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
      })
    }
    seed.inwoners.push(...leden)

    if (!rnd.chance(0.6)) {
      // Some requests are still in conversation, or were solved without paid support.
      if (rnd.chance(0.3)) {
        const status = rnd.pick([
          MeldingStatus.ONTVANGEN,
          MeldingStatus.IN_GESPREK,
          MeldingStatus.AFGESLOTEN_ZONDER_PLAN,
        ])
        const stappen =
          status === MeldingStatus.ONTVANGEN ? 0 : status === MeldingStatus.IN_GESPREK ? rnd.int(1, 2) : 3
        meldingVoor(huishouden, plusDagen(peildatum, -rnd.int(7, 270)), status, stappen, kinderen > 0)
      }
      continue
    }
    // Some households had a plan before: that one is closed, the current one may be in any state.
    const eerder = rnd.chance(0.8) ? PlanStatus.AFGESLOTEN : PlanStatus.INGETROKKEN
    const planStatussen = rnd.chance(0.25)
      ? [eerder, rnd.pick([PlanStatus.CONCEPT, PlanStatus.ACTIEF])]
      : [rnd.pick([PlanStatus.CONCEPT, PlanStatus.ACTIEF, PlanStatus.ACTIEF, PlanStatus.AFGESLOTEN])]
    let start = addMonths(peilmaand, -rnd.int(22, 70))
    for (const status of planStatussen) {
      const looptijd = rnd.int(6, 12)
      // An open plan began recently enough that its care (looptijd + 6 months) runs past today.
      if (status === PlanStatus.ACTIEF || status === PlanStatus.CONCEPT)
        start = maxDate(start, addMonths(peilmaand, -rnd.int(1, looptijd + 5)))
      const eind =
        status === PlanStatus.AFGESLOTEN
          ? minDate(addMonths(start, looptijd), gisteren)
          : status === PlanStatus.INGETROKKEN
            ? addMonths(start, 1)
            : null
      const regisseur = rnd.int(1, 4)
      const melding = meldingVoor(
        huishouden,
        addMonths(start, -1),
        MeldingStatus.PLAN_OPGESTELD,
        3,
        kinderen > 0,
      )
      const plan: Plan = {
        id: rnd.uuid(),
        gemeenteCode,
        huishoudenId: huishouden.id,
        meldingId: melding.id,
        openSleutel:
          status === PlanStatus.AFGESLOTEN || status === PlanStatus.INGETROKKEN ? null : huishouden.id,
        status,
        versie: 1,
        startdatum: start,
        einddatum: eind,
        regisseurId: `${gemeenteCode}-medewerker-${regisseur}`,
        regisseurNaam: `Regisseur ${regisseur} (${info.naam})`,
      }
      if (status === PlanStatus.ACTIEF || status === PlanStatus.AFGESLOTEN)
        plan.vastgesteldOp = plusDagen(start, -spreiding(plan.id, 21))
      seed.plannen.push(plan)
      // Jeugdwet support is for the children, Wmo support for the adults.
      const passend = regels.filter((r) => kinderen > 0 || r.wet !== Wet.JEUGDWET)
      // Kept per plan and per need as they are made: searching the whole seed for them would
      // make a 10,000-resident gemeente take minutes to generate.
      const planBehoeften: PlanBehoefte[] = []
      const planResultaten: Resultaat[] = []
      for (const regel of rnd.sample(passend, rnd.int(1, 3))) {
        const kandidaten = regel.wet === Wet.JEUGDWET ? leden.slice(volwassenen) : leden.slice(0, volwassenen)
        const inwoner = rnd.pick(kandidaten)
        const niveau = rnd.pick(regel.niveaus) as Niveau
        const behoefte: PlanBehoefte = {
          id: rnd.uuid(),
          gemeenteCode,
          planId: plan.id,
          inwonerId: inwoner.id,
          code: regel.code,
          naam: regel.naam,
          bron,
          niveau,
          gekozenAanbiederAgbCode: null,
          gekozenDoor: null,
        }
        seed.behoeften.push(behoefte)
        planBehoeften.push(behoefte)
        const behoefteResultaten: Resultaat[] = []
        const sjablonen = RESULTAAT_SJABLONEN[regel.wet]
        for (const sjabloon of rnd.sample(sjablonen, rnd.int(1, 2))) {
          const resultaat: Resultaat = {
            id: rnd.uuid(),
            gemeenteCode,
            behoefteId: behoefte.id,
            omschrijving: sjabloon.replace('{naam}', inwoner.voornamen),
            streefdatum: addMonths(start, looptijd),
            uitkomst:
              status === PlanStatus.AFGESLOTEN
                ? rnd.pick([
                    Uitkomst.BEHAALD,
                    Uitkomst.BEHAALD,
                    Uitkomst.DEELS_BEHAALD,
                    Uitkomst.NIET_BEHAALD,
                  ])
                : null,
          }
          seed.resultaten.push(resultaat)
          planResultaten.push(resultaat)
          behoefteResultaten.push(resultaat)
          if (status === PlanStatus.CONCEPT || status === PlanStatus.INGETROKKEN) continue
          for (let e = 0; e < rnd.int(1, 3); e++) {
            seed.evaluaties.push({
              id: rnd.uuid(),
              gemeenteCode,
              resultaatId: resultaat.id,
              door: rnd.pick([EvaluatieDoor.GEMEENTE, EvaluatieDoor.AANBIEDER, EvaluatieDoor.INWONER]),
              datum: minDate(addMonths(start, 2 * (e + 1)), peildatum),
              voortgang: Math.min(100, 20 * (e + 1) + rnd.int(0, 20)),
              toelichting: rnd.pick([
                'Gaat volgens plan.',
                'Meer tijd nodig dan verwacht.',
                'Netwerk helpt mee.',
                'Bijgestuurd in overleg.',
              ]),
            })
          }
        }
        if (status === PlanStatus.CONCEPT || status === PlanStatus.INGETROKKEN) continue
        const agbs = gecontracteerd.get(`${regel.code}|${niveau}`)
        if (!agbs?.length) continue
        const ingang = start
        const einde = eind ?? addMonths(start, looptijd + 6)
        const tarief = tarieven.find(
          (t) =>
            t.ondersteuningsbehoefte === regel.code &&
            t.niveau === niveau &&
            t.geldigVan <= ingang &&
            (t.geldigTot === null || ingang <= t.geldigTot),
        )
        if (!tarief) continue
        const volume = tarief.eenheid === Eenheid.UUR ? rnd.int(2, 4) : 1
        const gekozen = rnd.pick(agbs)
        behoefte.gekozenAanbiederAgbCode = gekozen
        behoefte.gekozenDoor = KeuzeDoor.INWONER
        // Allocated some days after adoption, started up to four weeks into the allocation.
        const zorgdata = (status: ToewijzingStatus, van: string) => {
          const id = `${behoefte.id}${van}`
          const toegewezenOp = maxDate(plan.vastgesteldOp ?? van, plusDagen(van, -spreiding(id, 15)))
          const gestart = status === ToewijzingStatus.GESTART || status === ToewijzingStatus.BEEINDIGD
          const gestartOp = gestart ? minDate(plusDagen(van, spreiding(behoefte.id, 29)), gisteren) : null
          return { toegewezenOp, gestartOp }
        }
        const maakToewijzing = (
          status: ToewijzingStatus,
          van: string,
          tot: string,
          vervangt: string | null = null,
        ): Toewijzing => ({
          id: rnd.uuid(),
          gemeenteCode,
          toewijzingNummer: ++volgnummer,
          planId: plan.id,
          behoefteId: behoefte.id,
          inwonerId: inwoner.id,
          aanbiederAgbCode: gekozen,
          status,
          productcategorie: productcategorie(regel.wet, regel.code, niveau),
          productcode: null,
          ingangsdatum: van,
          einddatum: tot,
          volume,
          eenheid: tarief.eenheid as Eenheid,
          frequentie: tarief.frequentie as Frequentie,
          tariefCent: tarief.bedragCent,
          gedeclareerdCent: 0,
          toegekendCent: 0,
          budgetCent: Math.min(
            MAX_BUDGET_CENT,
            budgetCent(
              { bedragCent: tarief.bedragCent, frequentie: tarief.frequentie as Frequentie },
              volume,
              van,
              tot,
            ),
          ),
          referentieAanbieder: null,
          commentaar: null,
          redenWijziging: status === ToewijzingStatus.INGETROKKEN ? '13' : null,
          vervangtToewijzingId: vervangt,
          ...zorgdata(status, van),
        })
        // Now and then an allocation was wrong: withdrawn (end = start) and replaced, never edited.
        const ingetrokken = rnd.chance(0.06)
          ? maakToewijzing(ToewijzingStatus.INGETROKKEN, ingang, ingang)
          : null
        if (ingetrokken) seed.toewijzingen.push(ingetrokken)
        const toewijzing = maakToewijzing(
          status === PlanStatus.AFGESLOTEN
            ? ToewijzingStatus.BEEINDIGD
            : rnd.pick([ToewijzingStatus.TOEGEWEZEN, ToewijzingStatus.GESTART, ToewijzingStatus.GESTART]),
          ingang,
          einde,
          ingetrokken?.id ?? null,
        )
        seed.toewijzingen.push(toewijzing)
        if (toewijzing.status === ToewijzingStatus.BEEINDIGD) {
          // Closed: the outcomes follow the provider's (synthetic) quality, and go to the registry
          // through the outbox, undelivered, so that the demo fills the registry the real way.
          const kwaliteit = kwaliteitVan(gekozen)
          const eigen = behoefteResultaten
          for (const r of eigen)
            r.uitkomst =
              rnd.next() < kwaliteit
                ? Uitkomst.BEHAALD
                : rnd.chance(0.5)
                  ? Uitkomst.DEELS_BEHAALD
                  : Uitkomst.NIET_BEHAALD
          const tel = (u: Uitkomst) => eigen.filter((r) => r.uitkomst === u).length
          seed.registerberichten.push(
            bericht(
              'UITKOMST',
              {
                id: rnd.uuid(),
                gemeenteCode,
                agbCode: gekozen,
                ondersteuningsbehoefte: regel.code,
                naam: regel.naam,
                niveau,
                afgeslotenOp: toewijzing.einddatum,
                behaald: tel(Uitkomst.BEHAALD),
                deelsBehaald: tel(Uitkomst.DEELS_BEHAALD),
                nietBehaald: tel(Uitkomst.NIET_BEHAALD),
              },
              toewijzing.einddatum,
            ),
          )
          if (rnd.chance(0.5)) {
            const id = rnd.uuid()
            const score = Math.max(1, Math.min(5, Math.round(1 + kwaliteit * 4 + (rnd.next() - 0.5) * 1.5)))
            seed.waarderingen.push({ toewijzingId: toewijzing.id, berichtId: id })
            seed.registerberichten.push(
              bericht(
                'WAARDERING',
                {
                  id,
                  gemeenteCode,
                  agbCode: gekozen,
                  score,
                  toelichting: rnd.pick([
                    null,
                    'Fijne begeleiding.',
                    'Duidelijke afspraken.',
                    'Wisselende begeleiders.',
                  ]),
                  datum: toewijzing.einddatum,
                },
                toewijzing.einddatum,
              ),
            )
          }
        }
        if (rnd.chance(0.2)) {
          const module =
            niveau === Niveau.D ? rnd.pick(['VB-MOD-01', 'VB-MOD-02']) : rnd.pick(['VB-MOD-04', 'VB-MOD-05'])
          // Priced as `toewijzen` prices a module given by code alone: 1 unit per its tariff's frequency.
          const mt = catalogus.tarieven.find(
            (t) =>
              t.module === module && t.geldigVan <= ingang && (t.geldigTot === null || ingang <= t.geldigTot),
          )!
          const moduleregel = {
            moduleCode: module,
            volume: 1,
            frequentie: mt.frequentie as Frequentie,
            tariefCent: mt.bedragCent,
          }
          const bedrag = moduleBedragCent(moduleregel, toewijzing.ingangsdatum, toewijzing.einddatum)
          seed.toewijzingModules.push({
            toewijzingId: toewijzing.id,
            ...moduleregel,
            eenheid: mt.eenheid as Eenheid,
            bedragCent: bedrag,
          })
          toewijzing.budgetCent = Math.min(MAX_BUDGET_CENT, toewijzing.budgetCent + bedrag)
        }
      }
      seed.planVersies.push({
        planId: plan.id,
        versie: 1,
        gemeenteCode,
        reden: 'Plan opgesteld',
        door: plan.regisseurNaam,
        op: `${start}T09:00:00.000Z`,
        inhoud: planInhoud(plan, planBehoeften, planResultaten),
      })
      start = eind ? addMonths(eind, 1) : start
      if (start > peildatum) break
    }
  }
  seed.volgnummers = [{ naam: 'toewijzingNummer', waarde: volgnummer }]
  return seed
}
