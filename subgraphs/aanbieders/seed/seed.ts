import type { DataSource, EntityTarget, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm'
import {
  generateAanbieders,
  generateNieuweAanmeldingen,
  type SeedAanbieder,
  type SeedAanmelding,
  type SeedBesluit,
} from '../../../shared/seed/aanbieders'
import type { Niveau } from '../../../shared/ijw/codes'
import { Aanbieder } from '../aanbieder/aanbieder.entity'
import { AanmeldingGemeente } from '../aanmelding/aanmelding-gemeente.entity'
import { AanmeldingModule } from '../aanmelding/aanmelding-module.entity'
import { AanmeldingPerceel } from '../aanmelding/aanmelding-perceel.entity'
import { Aanmelding, type AanmeldingStatus } from '../aanmelding/aanmelding.entity'
import { Kwaliteitsbewijs, type KwaliteitsbewijsSoort } from '../aanmelding/kwaliteitsbewijs.entity'
import { Besluit, type BesluitActie } from '../besluit/besluit.entity'
import { ContractGemeente } from '../contract/contract-gemeente.entity'
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

// Well under the bound-parameter limits of SQLite and MySQL for the widest table here.
const RIJEN_PER_INSERT = 500

/**
 * Loads the controlled list of specialisations, the providers with their contracts, and every
 * application with its proofs and decisions into an empty database in one transaction; does
 * nothing when it has data.
 */
export async function seedAanbieders(
  db: DataSource,
  aanbieders: SeedAanbieder[] = generateAanbieders(),
  nieuweAanmeldingen: SeedAanmelding[] = generateNieuweAanmeldingen(),
): Promise<boolean> {
  const [specialisaties, bestaand] = await Promise.all([
    db.getRepository(Specialisatie).count(),
    db.getRepository(Aanbieder).count(),
  ])
  if (specialisaties > 0 || bestaand > 0) return false
  const contracten = aanbieders.flatMap((a) => a.contracten.map((c) => ({ ...c, agbCode: a.agbCode })))
  const aanmeldingen = [...aanbieders.flatMap((a) => a.aanmeldingen), ...nieuweAanmeldingen]
  const besluit = (b: SeedBesluit, ids: { aanmeldingId?: string; contractId?: string }) => ({
    aanmeldingId: ids.aanmeldingId ?? null,
    contractId: ids.contractId ?? null,
    actie: b.actie as BesluitActie,
    door: b.door,
    naam: b.naam,
    rol: b.rol,
    op: b.op,
    reden: b.reden,
  })
  // In time order, so that the ids count up with the history as they do when it is made live.
  const besluiten = [
    ...aanmeldingen.flatMap((a) =>
      a.besluiten.map((b) =>
        besluit(b, {
          aanmeldingId: a.id,
          contractId: b.actie === 'TOEKENNEN' ? (a.contractId ?? undefined) : undefined,
        }),
      ),
    ),
    ...contracten.flatMap((c) => c.besluiten.map((b) => besluit(b, { contractId: c.id }))),
  ].sort((x, y) => (x.op < y.op ? -1 : x.op > y.op ? 1 : 0))

  await db.transaction(async (tx) => {
    await tx.insert(Specialisatie, SPECIALISATIES.specialisaties)
    // Empty lists are skipped: an INSERT without rows is not valid SQL.
    const insert = async <T extends ObjectLiteral>(
      target: EntityTarget<T>,
      rows: QueryDeepPartialEntity<T>[],
    ) => {
      for (let i = 0; i < rows.length; i += RIJEN_PER_INSERT)
        await tx.insert(target, rows.slice(i, i + RIJEN_PER_INSERT))
    }
    await insert(
      Aanbieder,
      aanbieders.map((a) => ({
        id: a.agbCode,
        kvkNummer: a.kvkNummer,
        naam: a.naam,
        wachttijdWeken: a.wachttijdWeken,
        wachttijdBijgewerktOp: a.wachttijdBijgewerktOp,
      })),
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
      Aanmelding,
      aanmeldingen.map((a) => ({
        id: a.id,
        agbCode: a.agbCode,
        kvkNummer: a.kvkNummer,
        naam: a.naam,
        locatieNaam: a.locatie?.naam ?? null,
        locatiePostcode: a.locatie?.postcode ?? null,
        locatiePlaats: a.locatie?.plaats ?? null,
        status: a.status as AanmeldingStatus,
        ingediendOp: a.ingediendOp,
      })),
    )
    await insert(
      AanmeldingPerceel,
      aanmeldingen.flatMap((a) =>
        a.percelen.map((p) => ({
          aanmeldingId: a.id,
          ondersteuningsbehoefteCode: p.ondersteuningsbehoefte,
          niveau: p.niveau as Niveau,
        })),
      ),
    )
    await insert(
      AanmeldingModule,
      aanmeldingen.flatMap((a) => a.modules.map((moduleCode) => ({ aanmeldingId: a.id, moduleCode }))),
    )
    await insert(
      AanmeldingGemeente,
      aanmeldingen.flatMap((a) => a.gemeenten.map((gemeenteCode) => ({ aanmeldingId: a.id, gemeenteCode }))),
    )
    await insert(
      Kwaliteitsbewijs,
      aanmeldingen.flatMap((a) =>
        a.kwaliteitsbewijzen.map((k) => ({
          ...k,
          aanmeldingId: a.id,
          soort: k.soort as KwaliteitsbewijsSoort,
        })),
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
        aanmeldingId: c.aanmeldingId,
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
    await insert(
      ContractGemeente,
      contracten.flatMap((c) => c.gemeenten.map((gemeenteCode) => ({ contractId: c.id, gemeenteCode }))),
    )
    await insert(Besluit, besluiten)
  })
  return true
}
