import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm'
import { Huishouden } from '../huishouden/huishouden.entity'
import {
  EigenContract,
  EigenContractperceel,
  EigenOndersteuningsbehoefte,
} from '../inkoop/eigen-inkoop.entity'
import { Inwoner } from '../inwoner/inwoner.entity'
import { PlanBehoefte } from '../plan/behoefte.entity'
import { Evaluatie } from '../plan/evaluatie.entity'
import { Plan } from '../plan/plan.entity'
import { Resultaat } from '../plan/resultaat.entity'
import { Toewijzing, ToewijzingModule } from '../toewijzing/toewijzing.entity'
import { Volgnummer } from '../toewijzing/volgnummer.entity'
import { Registerbericht, Waardering } from '../register/registerbericht.entity'
import { EigenTarief } from '../inkoop/eigen-tarief.entity'
import { Gespreksstap, Melding } from '../melding/melding.entity'
import { PlanVersie } from '../plan/plan-versie.entity'
import type { SeedAanbieder } from '../../../shared/seed/aanbieders'
import { herbouwCijfers } from '../cijfers/herbouw'
import { generateGemeente, type GemeenteSeedOpties } from './generate'

/** Loads generated data into an empty gemeente database in one transaction; false when it has data. */
export async function seedGemeente(
  db: DataSource,
  gemeenteCode: string,
  options: GemeenteSeedOpties,
  /** The regional providers to allocate to; the same list the registry is seeded with. */
  aanbieders?: SeedAanbieder[],
): Promise<boolean> {
  if ((await db.getRepository(Inwoner).count()) > 0) return false
  // Generated only for an empty database: a restart of a seeded instance costs nothing.
  const seed = generateGemeente(gemeenteCode, options, aanbieders)
  await db.transaction(async (tx) => {
    // Multi-row inserts, chunked: SQLite allows at most 32,766 bound parameters in a statement
    // (500 rows of the widest table use some 10,000), and MariaDB's max_allowed_packet bounds
    // the statement's size. 10,000 residents load in seconds, not minutes of one row at a time.
    const insert = async <T extends ObjectLiteral>(target: EntityTarget<T>, rows: T[]) => {
      for (let i = 0; i < rows.length; i += 500) await tx.insert(target, rows.slice(i, i + 500))
    }
    await insert(EigenOndersteuningsbehoefte, seed.eigenBehoeften)
    await insert(EigenContract, seed.eigenContracten)
    await insert(EigenContractperceel, seed.eigenPercelen)
    await insert(EigenTarief, seed.eigenTarieven as EigenTarief[])
    await insert(Huishouden, seed.huishoudens)
    await insert(Inwoner, seed.inwoners)
    await insert(Melding, seed.meldingen)
    await insert(Gespreksstap, seed.gespreksstappen)
    await insert(Plan, seed.plannen)
    await insert(PlanVersie, seed.planVersies)
    await insert(PlanBehoefte, seed.behoeften)
    await insert(Resultaat, seed.resultaten)
    await insert(Evaluatie, seed.evaluaties)
    await insert(Toewijzing, seed.toewijzingen)
    await insert(ToewijzingModule, seed.toewijzingModules)
    await insert(Volgnummer, seed.volgnummers)
    await insert(Registerbericht, seed.registerberichten)
    await insert(Waardering, seed.waarderingen)
    await herbouwCijfers(tx, gemeenteCode)
  })
  return true
}
