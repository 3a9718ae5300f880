import type { DataSource, EntityTarget, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm'
import { generateAanbieders, type SeedAanbieder } from '../../../shared/seed/aanbieders'
import type { Niveau } from '../../../shared/ijw/codes'
import { Aanbieder } from '../aanbieder/aanbieder.entity'
import { ContractModule } from '../contract/contract-module.entity'
import { Contract, type ContractStatus } from '../contract/contract.entity'
import { Contractperceel } from '../contract/contractperceel.entity'
import { Locatie } from '../locatie/locatie.entity'
import { AanbiederSpecialisatie } from '../specialisatie/aanbieder-specialisatie.entity'
import { Specialisatie } from '../specialisatie/specialisatie.entity'
import { AanbiederWerkgebied } from '../werkgebied/werkgebied.entity'
import specialisatieLijst from './specialisaties.json' with { type: 'json' }

/** The shape of specialisaties.json, the controlled list a region replaces with its own. */
export interface SpecialisatieData {
  specialisaties: { code: string; naam: string }[]
}

export const SPECIALISATIES: SpecialisatieData = specialisatieLijst

/**
 * Loads the controlled list of specialisations and the providers into an empty database in one
 * transaction; does nothing when it has data.
 */
export async function seedAanbieders(
  db: DataSource,
  aanbieders: SeedAanbieder[] = generateAanbieders(),
): Promise<boolean> {
  const [specialisaties, bestaand] = await Promise.all([
    db.getRepository(Specialisatie).count(),
    db.getRepository(Aanbieder).count(),
  ])
  if (specialisaties > 0 || bestaand > 0) return false
  const contracten = aanbieders.flatMap((a) => a.contracten.map((c) => ({ ...c, agbCode: a.agbCode })))
  await db.transaction(async (tx) => {
    await tx.insert(Specialisatie, SPECIALISATIES.specialisaties)
    // Empty lists are skipped: an INSERT without rows is not valid SQL.
    const insert = async <T extends ObjectLiteral>(
      target: EntityTarget<T>,
      rows: QueryDeepPartialEntity<T>[],
    ) => {
      if (rows.length > 0) await tx.insert(target, rows)
    }
    await insert(
      Aanbieder,
      aanbieders.map((a) => ({ id: a.agbCode, kvkNummer: a.kvkNummer, naam: a.naam })),
    )
    await insert(
      Locatie,
      aanbieders.flatMap((a) => a.locaties.map((l) => ({ ...l, agbCode: a.agbCode }))),
    )
    await insert(
      AanbiederWerkgebied,
      aanbieders.flatMap((a) => a.werkgebied.map((gemeenteCode) => ({ agbCode: a.agbCode, gemeenteCode }))),
    )
    await insert(
      AanbiederSpecialisatie,
      aanbieders.flatMap((a) =>
        a.specialisaties.map((specialisatieCode) => ({ agbCode: a.agbCode, specialisatieCode })),
      ),
    )
    await insert(
      Contract,
      contracten.map((c) => ({
        id: c.id,
        agbCode: c.agbCode,
        status: c.status as ContractStatus,
        ingangsdatum: c.ingangsdatum,
        einddatum: c.einddatum,
      })),
    )
    await insert(
      Contractperceel,
      contracten.flatMap((c) =>
        c.percelen.map((p) => ({
          contractId: c.id,
          ondersteuningsbehoefteCode: p.ondersteuningsbehoefte,
          niveau: p.niveau as Niveau,
        })),
      ),
    )
    await insert(
      ContractModule,
      contracten.flatMap((c) => c.modules.map((moduleCode) => ({ contractId: c.id, moduleCode }))),
    )
  })
  return true
}
