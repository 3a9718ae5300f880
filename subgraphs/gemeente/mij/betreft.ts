import type { GemeenteContext } from '../context'
import type { Betreft, Betrokkenheid } from '../toegang'

type Loaders = Pick<GemeenteContext['loaders'], 'inwoner' | 'plan' | 'behoefte' | 'melding' | 'resultaat'>

/**
 * Whom each type with personal data is about, for the resident's check (Toegang.vereisInzage).
 * A type without a case here is about no one the resident may see: refused, fail-closed.
 * Every step goes through a per-request loader, so a list of objects costs a query per step,
 * not per object.
 */
export function betreftVia(loaders: Loaders): Betreft {
  const persoon = async (inwonerId: string | null | undefined): Promise<Betrokkenheid | null> => {
    const inwoner = inwonerId ? await loaders.inwoner.load(inwonerId) : null
    return inwoner && { huishoudenId: inwoner.huishoudenId, inwonerId: inwoner.id }
  }
  const plan = async (planId: string): Promise<Betrokkenheid | null> => {
    const p = await loaders.plan.load(planId)
    return p && { huishoudenId: p.huishoudenId, inwonerId: null }
  }
  const behoefte = async (behoefteId: string) => persoon((await loaders.behoefte.load(behoefteId))?.inwonerId)
  const melding = (m: { huishoudenId: string; inwonerId: string | null }): Betrokkenheid => ({
    huishoudenId: m.huishoudenId,
    inwonerId: m.inwonerId,
  })
  const r = (root: object) => root as Record<string, string | null>

  return async (type, root) => {
    switch (type) {
      case 'Inwoner':
        return { huishoudenId: r(root).huishoudenId!, inwonerId: r(root).id! }
      case 'Huishouden':
        return { huishoudenId: r(root).id!, inwonerId: null }
      case 'Plan':
        return { huishoudenId: r(root).huishoudenId!, inwonerId: null }
      case 'PlanVersie':
        return plan(r(root).planId!)
      case 'PlanBehoefte':
      case 'Toewijzing':
      case 'Toegangslog':
      case 'Aanpak':
        return persoon(r(root).inwonerId)
      case 'Resultaat':
        return behoefte(r(root).behoefteId!)
      case 'Evaluatie': {
        const res = await loaders.resultaat.load(r(root).resultaatId!)
        return res && behoefte(res.behoefteId)
      }
      case 'Melding':
        return melding(root as { huishoudenId: string; inwonerId: string | null })
      case 'Gespreksstap': {
        const m = await loaders.melding.load(r(root).meldingId!)
        return m && melding(m)
      }
      default:
        return null
    }
  }
}
