import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { badInput } from '../../../shared/errors'
import type { Frequentie } from '../../../shared/ijw/codes'
import type { ModuleTarief } from '../inkoop/inkoop'
import { moduleBedragCent } from './budget'
import type { ToewijzingModule } from './toewijzing.entity'
import type { ToewijzingInvoer } from './toewijzing.input'
import { moduleVoorwaarden } from './toewijzing.rules'

/** A module asked for on an allocation: its volume, and its frequency if not the tariff's. */
export interface GevraagdeModule {
  moduleCode: string
  volume: number
  frequentie: Frequentie | null
}

/**
 * The modules of an allocation's input, one per code. A code given alone in `modules` counts as
 * volume 1 per the tariff's own frequency (a stay every night, a ride every day), so that
 * clients that send codes only keep working and their modules are priced too.
 */
export function gevraagdeModules(invoer: ToewijzingInvoer, veld: string): GevraagdeModule[] {
  const gevraagd = [
    ...[...new Set(invoer.modules)].map((moduleCode) => ({ moduleCode, volume: 1, frequentie: null })),
    ...invoer.moduleregels.map((m) => ({
      moduleCode: m.module,
      volume: m.volume,
      frequentie: m.frequentie ?? null,
    })),
  ]
  const dubbel = gevraagd.map((m) => m.moduleCode).filter((c, i, alle) => alle.indexOf(c) !== i)
  if (dubbel.length)
    throw badInput(
      `Module(s) ${[...new Set(dubbel)].join(', ')} staan er meer dan eens in.`,
      `${veld}.moduleregels`,
    )
  return gevraagd
}

/**
 * Prices each module at the regional tariff in force on `van`, over `van` to `tot`. An unknown
 * module is BAD_USER_INPUT on `veld`; one without a tariff then is PRECONDITION_FAILED
 * (moduleVoorwaarden), naming it: no tariff, no module.
 */
export function prijsModules(
  gevraagd: GevraagdeModule[],
  tarieven: ModuleTarief[],
  { van, tot }: { van: string; tot: string },
  veld: string,
): Omit<ToewijzingModule, 'toewijzingId'>[] {
  const onbekend = gevraagd.filter((m) => !tarieven.some((t) => t.code === m.moduleCode))
  if (onbekend.length)
    throw badInput(`Onbekende regionale module(s): ${onbekend.map((m) => m.moduleCode).join(', ')}.`, veld)
  return gevraagd.map((m) => {
    const { tarief } = tarieven.find((t) => t.code === m.moduleCode)!
    toetsVoorwaarden(moduleVoorwaarden, { moduleCode: m.moduleCode, datum: van, tarief })
    const frequentie = m.frequentie ?? tarief!.frequentie
    const geprijsd = {
      moduleCode: m.moduleCode,
      volume: m.volume,
      frequentie,
      tariefCent: tarief!.bedragCent,
    }
    return { ...geprijsd, eenheid: tarief!.eenheid, bedragCent: moduleBedragCent(geprijsd, van, tot) }
  })
}

/** The sum of the modules' amounts. */
export const modulesBedragCent = (modules: Pick<ToewijzingModule, 'bedragCent'>[]) =>
  modules.reduce((som, m) => som + (m.bedragCent ?? 0), 0)
