import type { Identity } from '../../shared/auth/identity'
import { forbidden, unauthenticated } from '../../shared/errors'

/**
 * What the caller may see in this gemeente. Personal data is for the gemeente's own
 * toegangsmedewerkers; a provider sees its own allocations and the residents in them; the
 * analyst and the registry manager see no person at all.
 */
export class Toegang {
  constructor(
    readonly identity: Identity | null,
    readonly gemeenteCode: string,
    /** A resident caller is in this gemeente's own records (their token carries only the BSN). */
    private readonly woontHier = false,
  ) {}

  get isMedewerker(): boolean {
    return this.identity?.rol === 'TOEGANGSMEDEWERKER' && this.identity.gemeente === this.gemeenteCode
  }

  /** The resident's BSN when a resident of this gemeente calls about themself, else null. */
  get inwonerBsn(): string | null {
    return this.identity?.rol === 'INWONER' && this.woontHier ? (this.identity.bsn ?? null) : null
  }

  /** The provider's AGB code when the caller is a provider, else null. */
  get aanbiederAgbCode(): string | null {
    return this.identity?.rol === 'AANBIEDER' ? (this.identity.agbCode ?? null) : null
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
  vereisToegangTot(type: string): void {
    const mag = PERSOONLIJKE_TYPEN[type]
    if (!mag || this.isMedewerker) return
    const rol = this.identity?.rol
    // A provider reaches these only through its own allocations (every entry point is scoped).
    if (rol === 'AANBIEDER' && mag.includes('AANBIEDER')) return
    if (rol === 'INWONER' && this.woontHier && mag.includes('INWONER')) return
    this.vereisMedewerker()
  }
}

/** For `@Toegestaan`: the gemeente's own toegangsmedewerkers only. */
export const alleenMedewerker = (ctx: { toegang: Toegang }) => ctx.toegang.vereisMedewerker()

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

/** Types with personal data, and who besides the gemeente's own staff may read them. */
const PERSOONLIJKE_TYPEN: Record<string, readonly ('AANBIEDER' | 'INWONER')[]> = {
  Inwoner: ['AANBIEDER'],
  Toewijzing: ['AANBIEDER'],
  PlanBehoefte: ['AANBIEDER'],
  Resultaat: ['AANBIEDER'],
  Evaluatie: ['AANBIEDER', 'INWONER'],
  Huishouden: [],
  Plan: [],
  PlanVersie: [],
  Melding: [],
  Gespreksstap: [],
  Toegangslog: ['INWONER'],
}
