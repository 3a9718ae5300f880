import type { Identity } from '../../shared/auth/identity'
import { leeftijdOp, vandaag } from '../../shared/domain/dates'
import { forbidden, notFound, unauthenticated } from '../../shared/errors'

/** The signed-in resident as this gemeente's records hold them. */
export interface Zelf {
  id: string
  huishoudenId: string
  geboortedatum: string
  /** Set when the BRP says they moved to another gemeente (the household stays here, they do not). */
  verhuisdOp?: string | null
}

/** Whom an object with personal data is about: a household, and one member of it or all. */
export interface Betrokkenheid {
  huishoudenId: string
  /** null: the whole household (the household itself, a plan, a request for the family). */
  inwonerId: string | null
}

/** Finds whom an object of a type with personal data is about; null when it cannot tell. */
export type Betreft = (type: string, root: object) => Promise<Betrokkenheid | null>

/** What a resident may see of an object: theirs, their household's only for adults, or not theirs. */
type Inzage = 'ZICHTBAAR' | 'ALLEEN_VOLWASSENEN' | 'ALLEEN_BEWONERS' | 'ANDER'

const ALLEEN_VOLWASSENEN =
  'Dit gaat over je hele huishouden. Dat zien alleen de volwassenen in je huishouden. Jij ziet wat over jou gaat.'
const ALLEEN_BEWONERS =
  'Dit gaat over het huishouden waar je woonde. Sinds je verhuizing zie je hier alleen wat over jou gaat.'

const weigering = (inzage: Inzage) =>
  inzage === 'ALLEEN_VOLWASSENEN' ? ALLEEN_VOLWASSENEN : inzage === 'ALLEEN_BEWONERS' ? ALLEEN_BEWONERS : null

/**
 * What the caller may see in this gemeente. Personal data is for the gemeente's own
 * toegangsmedewerkers; a provider sees its own allocations and the residents in them; the
 * analyst and the registry manager see no person at all.
 */
export class Toegang {
  private readonly inzagen = new WeakMap<object, Promise<Inzage>>()

  constructor(
    readonly identity: Identity | null,
    readonly gemeenteCode: string,
    /** The resident caller in this gemeente's own records (their token carries only the BSN). */
    private readonly zelf: Zelf | null = null,
    /** How to tell whom an object is about; needed only for a resident caller. */
    private readonly betreft?: Betreft,
  ) {}

  /** A resident caller is in this gemeente's own records. */
  get woontHier(): boolean {
    return this.identity?.rol === 'INWONER' && !!this.zelf
  }

  /** The calling resident's own record when they live here, else null. */
  get inwoner(): Zelf | null {
    return this.woontHier ? this.zelf : null
  }

  /**
   * An adult (18 or older today) sees the plan of their household; a minor sees only what is
   * about themself. The README's "Who sees what" states the same rule.
   */
  get isVolwassen(): boolean {
    return !!this.inwoner && leeftijdOp(this.inwoner.geboortedatum, vandaag()) >= 18
  }

  /**
   * Whether the resident sees their household's plan and its members' things: an adult who still
   * lives in it. One who moved away (a separation, a child leaving home) keeps seeing what is about
   * themself, as the plan stays here until the new gemeente takes over, but no longer what the
   * household they left does after.
   */
  get zietHuishouden(): boolean {
    return this.isVolwassen && !this.inwoner!.verhuisdOp
  }

  get isMedewerker(): boolean {
    return this.identity?.rol === 'TOEGANGSMEDEWERKER' && this.identity.gemeente === this.gemeenteCode
  }

  /** This gemeente's own contract manager (own procurement: contracts, lots, tariffs, enrolment). */
  get isContractbeheerder(): boolean {
    return this.identity?.rol === 'CONTRACTBEHEERDER' && this.identity.gemeente === this.gemeenteCode
  }

  /** The resident's BSN when a resident of this gemeente calls about themself, else null. */
  get inwonerBsn(): string | null {
    return this.woontHier ? (this.identity!.bsn ?? null) : null
  }

  /** The provider's AGB code when the caller is a provider, else null. */
  get aanbiederAgbCode(): string | null {
    return this.identity?.rol === 'AANBIEDER' ? (this.identity.agbCode ?? null) : null
  }

  /** Staff of this gemeente, or a resident in its records (what they may see is checked per object). */
  vereisMedewerkerOfInwoner(): void {
    if (!this.inwoner) this.vereisMedewerker()
  }

  /**
   * For a resident: resolves when `root` (of `type`) is about them, or about their household and
   * they are an adult. Someone else's is refused as if it did not exist (NOT_FOUND with `id`, so
   * that no other person is revealed); the household's whole plan as a minor is FORBIDDEN.
   * Staff and anyone else pass through the type's own rule.
   */
  async vereisInzage(type: string, root: object, id: string, wat = type): Promise<void> {
    if (!this.inwoner) return this.vereisMedewerker()
    const inzage = await this.inzageIn(type, root)
    if (inzage === 'ANDER') throw notFound(wat, id)
    const reden = weigering(inzage)
    if (reden) throw forbidden(reden)
  }

  /**
   * The objects of a list that the resident may see, in order; for staff all of them. A list of
   * the household's things can hold one that is no longer the resident's to see (a member who
   * moved to another household keeps their need in this household's plan): that one is left
   * out, rather than refused, which would fail the whole list.
   */
  async zichtbaar<T extends object>(type: string, lijst: T[]): Promise<T[]> {
    if (!this.inwoner) return lijst
    const inzagen = await Promise.all(lijst.map((root) => this.inzageIn(type, root)))
    return lijst.filter((_, i) => inzagen[i] === 'ZICHTBAAR')
  }

  private inzageIn(type: string, root: object): Promise<Inzage> {
    let inzage = this.inzagen.get(root)
    if (!inzage) {
      inzage = this.bepaalInzage(type, root)
      this.inzagen.set(root, inzage)
    }
    return inzage
  }

  private async bepaalInzage(type: string, root: object): Promise<Inzage> {
    const zelf = this.inwoner!
    const over = this.betreft ? await this.betreft(type, root) : null
    if (!over || over.huishoudenId !== zelf.huishoudenId) return 'ANDER'
    if (this.zietHuishouden || over.inwonerId === zelf.id) return 'ZICHTBAAR'
    // A minor, or one who moved away: another member's things stay hidden as if absent; the
    // family's are refused with the reason.
    if (over.inwonerId !== null) return 'ANDER'
    return this.isVolwassen ? 'ALLEEN_BEWONERS' : 'ALLEEN_VOLWASSENEN'
  }

  /** Refuses: UNAUTHENTICATED without a token, FORBIDDEN with `reden` for anyone signed in. */
  weiger(reden: string): never {
    if (!this.identity) throw unauthenticated()
    throw forbidden(reden)
  }

  vereisMedewerker(): void {
    if (this.isMedewerker) return
    if (!this.identity) throw unauthenticated('Persoonsgegevens vragen om inloggen.')
    throw forbidden(
      `Alleen toegangsmedewerkers van gemeente ${this.gemeenteCode} zien deze persoonsgegevens.`,
    )
  }

  /**
   * Which allocations the caller may list: all of this gemeente's for its own staff, only its
   * own for a provider. Anyone else is refused.
   */
  toewijzingScope(): { aanbiederAgbCode?: string } {
    if (this.isMedewerker) return {}
    const agb = this.aanbiederAgbCode
    if (agb) return { aanbiederAgbCode: agb }
    if (!this.identity) throw unauthenticated('Toewijzingen vragen om inloggen.')
    throw forbidden('Alleen de gemeente en de eigen aanbieder zien toewijzingen.')
  }

  /**
   * Fail-closed access per type: every field of a type that holds personal data passes here
   * (see the global middleware), however the object was reached: a root field, a nested field
   * or an entity reference. Types not listed hold no personal data.
   */
  vereisToegangTot(type: string, root?: unknown): void | Promise<void> {
    const mag = PERSOONLIJKE_TYPEN[type]
    if (!mag || this.isMedewerker) return
    const rol = this.identity?.rol
    // A provider reaches these only through its own allocations (every entry point is scoped).
    if (rol === 'AANBIEDER' && mag.includes('AANBIEDER')) return
    // A resident, object by object: however it was reached, it must be theirs to see.
    if (this.inwoner && mag.includes('INWONER') && root && typeof root === 'object')
      return this.inzageIn(type, root).then((inzage) => {
        const reden = weigering(inzage)
        if (reden) throw forbidden(reden)
        if (inzage === 'ANDER') throw forbidden('Dit zijn geen gegevens van jou of van je huishouden.')
      })
    this.vereisMedewerker()
  }
}

/** For `@Toegestaan`: the gemeente's own toegangsmedewerkers only. */
export const alleenMedewerker = (ctx: { toegang: Toegang }) => ctx.toegang.vereisMedewerker()

/**
 * For `@Toegestaan`: this gemeente's own system (its link with the BRP), whose token only this
 * gemeente's issuer may sign. Another gemeente's system is refused like anyone else.
 */
export const alleenGemeentesysteem =
  (reden: string) =>
  ({ toegang }: { toegang: Toegang }) => {
    const { identity } = toegang
    if (identity?.rol !== 'GEMEENTESYSTEEM' || identity.gemeente !== toegang.gemeenteCode)
      toegang.weiger(reden)
  }

/**
 * For `@Toegestaan`: this gemeente's own contract manager, whose token only this gemeente's
 * issuer may sign (with its code in `gemeente`). Another gemeente's manager, the registry
 * manager and a toegangsmedewerker are refused like anyone else.
 */
export const alleenContractbeheerder = ({ toegang }: { toegang: Toegang }) => {
  if (!toegang.isContractbeheerder)
    toegang.weiger(`Alleen de contractbeheerder van gemeente ${toegang.gemeenteCode} beslist hierover.`)
}

/** For `@Toegestaan`: a provider only; which allocations are its own is checked on reading them. */
export const alleenAanbieder =
  (reden: string) =>
  ({ toegang }: { toegang: Toegang }) => {
    if (!toegang.aanbiederAgbCode) toegang.weiger(reden)
  }

/** For `@Toegestaan`: a resident of this gemeente only, about their own household. */
export const alleenInwoner =
  (reden: string) =>
  ({ toegang }: { toegang: Toegang }) => {
    if (!toegang.inwonerBsn) toegang.weiger(reden)
  }

/**
 * For `@Toegestaan`: the gemeente's staff, or a resident of this gemeente; whether the resident
 * may act on what they touch (their household, their age) is checked on reading it.
 */
export const medewerkerOfInwoner = ({ toegang }: { toegang: Toegang }) => {
  if (!toegang.identity) throw unauthenticated()
  if (toegang.isMedewerker || toegang.inwonerBsn) return
  toegang.vereisMedewerker()
}

/**
 * For `@Toegestaan`: the gemeente's staff, a provider or a resident of this gemeente; whether
 * they are involved in what they touch is checked on reading it. Anyone else is refused as
 * `vereisMedewerker` refuses.
 */
export const medewerkerAanbiederOfInwoner = ({ toegang }: { toegang: Toegang }) => {
  if (!toegang.identity) throw unauthenticated()
  if (toegang.isMedewerker || toegang.aanbiederAgbCode || toegang.inwonerBsn) return
  toegang.vereisMedewerker()
}

/** Whether a type holds personal data: its every field passes Toegang.vereisToegangTot. */
export const isPersoonlijkType = (type: string) => type in PERSOONLIJKE_TYPEN

/**
 * Types with personal data, and who besides the gemeente's own staff may read them. A resident
 * reads an object only when it is about them or their household (Toegang.vereisInzage), so every
 * type listed for INWONER needs a case in the `Betreft` the context gives (mij/betreft.ts).
 */
const PERSOONLIJKE_TYPEN: Record<string, readonly ('AANBIEDER' | 'INWONER')[]> = {
  Inwoner: ['AANBIEDER', 'INWONER'],
  Toewijzing: ['AANBIEDER', 'INWONER'],
  PlanBehoefte: ['AANBIEDER', 'INWONER'],
  Resultaat: ['AANBIEDER', 'INWONER'],
  Evaluatie: ['AANBIEDER', 'INWONER'],
  Huishouden: ['INWONER'],
  Plan: ['INWONER'],
  PlanVersie: ['INWONER'],
  Melding: ['INWONER'],
  Gespreksstap: ['INWONER'],
  Toegangslog: ['INWONER'],
  Aanpak: ['AANBIEDER', 'INWONER'],
  // What was declared and paid for a resident's care is for the gemeente and the provider only.
  Declaratie: ['AANBIEDER'],
  DeclaratieRegel: ['AANBIEDER'],
}
