import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql'
import type { EntityManager } from 'typeorm'
import { changeStatus, metSchrijfslot } from '../../../shared/db/mutation'
import { aanmeldingStatus, contractStatus } from '../../../shared/domain/inschrijving'
import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { badInput, notFound } from '../../../shared/errors'
import {
  AanmeldingStatus,
  BesluitActie,
  ContractStatus,
  KwaliteitsbewijsInvoer,
  RedenArgs,
  ToelichtingArgs,
} from '../../../shared/graphql/inschrijving'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { Datum } from '../../../shared/graphql/scalars'
import type { GemeenteContext } from '../context'
import { newId, vandaag } from '../mutatie'
import { berichtOpslaan, contractbericht } from '../register/registerberichten'
import { AanbiederRef } from '../stubs/stubs'
import { alleenAanbieder, alleenContractbeheerder, type Toegang } from '../toegang'
import {
  EigenAanmelding,
  EigenAanmeldingPerceel,
  EigenBesluit,
  EigenKwaliteitsbewijs,
} from './eigen-aanmelding.entity'
import { EigenContract, EigenContractperceel, EigenOndersteuningsbehoefte } from './eigen-inkoop.entity'
import {
  EigenAanmeldingInvoer,
  EigenOndersteuningsbehoefteInvoer,
  EigenTariefInvoer,
} from './eigen-inkoop.input'
import {
  controleerPercelen,
  perceelCode,
  controleerTarief,
  eigenAanmeldingVoorwaarden,
  eigenToekenningVoorwaarden,
  vereisEigenInkoop,
} from './eigen-inkoop.rules'
import { EigenTarief } from './eigen-tarief.entity'

type Ctx = GemeenteContext

/** Adds a decision to the history, in the transaction of the change it records, in the caller's name. */
async function legBesluitVast(
  tx: EntityManager,
  ctx: Ctx,
  besluit: { actie: BesluitActie; aanmeldingId?: string; contractId?: string; reden?: string | null },
): Promise<void> {
  const identity = ctx.toegang.identity!
  await tx.insert(EigenBesluit, {
    aanmeldingId: besluit.aanmeldingId ?? null,
    contractId: besluit.contractId ?? null,
    actie: besluit.actie,
    door: identity.sub,
    naam: identity.naam,
    rol: identity.rol,
    op: new Date().toISOString(),
    reden: besluit.reden?.trim() ?? null,
  })
}

/**
 * Puts the contract as it now is in the outbox, in the same transaction as its change: the
 * registry lists it with the provider's regional contracts (Aanbieder.contracten, owner this
 * gemeente) once the outbox delivered it.
 */
async function contractMelden(tx: EntityManager, contractId: string): Promise<EigenContract> {
  const contract = (await tx.findOneBy(EigenContract, { id: contractId }))!
  const percelen = await tx.find(EigenContractperceel, {
    where: { contractId },
    order: { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC' },
  })
  await berichtOpslaan(tx, 'CONTRACT', contractbericht(contract, percelen))
  return contract
}

async function leesAanmelding(tx: EntityManager, ctx: Ctx, id: string): Promise<EigenAanmelding> {
  const aanmelding = await tx.findOneBy(EigenAanmelding, { gemeenteCode: ctx.gemeente.code, id })
  if (!aanmelding) throw notFound('EigenAanmelding', id)
  return aanmelding
}

async function leesContract(tx: EntityManager, ctx: Ctx, id: string): Promise<EigenContract> {
  const contract = await tx.findOneBy(EigenContract, { gemeenteCode: ctx.gemeente.code, id })
  if (!contract) throw notFound('EigenContract', id)
  return contract
}

const herlees = async (tx: EntityManager, id: string) =>
  (await tx.findOneBy(EigenAanmelding, { id })) as EigenAanmelding

/** The contract manager sees every application; a provider its own; anyone else is refused. */
function vereisPartij(toegang: Toegang, agbCode: string): void {
  if (toegang.isContractbeheerder) return
  if (toegang.aanbiederAgbCode === agbCode) return
  toegang.weiger('Alleen de aanbieder zelf en de contractbeheerder van de gemeente zien dit.')
}

/** The provider's own AGB code, in a mutation `alleenAanbieder` admitted. */
function vereisEigenAgbCode(toegang: Toegang, agbCode: string): void {
  if (toegang.aanbiederAgbCode !== agbCode)
    toegang.weiger('Een aanbieder handelt alleen voor de eigen AGB-code.')
}

@Resolver(() => EigenAanmelding)
export class EigenAanmeldingResolver {
  @Query(() => [EigenAanmelding], {
    nullable: true,
    description:
      'Applications for this gemeente’s own lots, oldest first: all of them for its contract manager, its own for a provider. Empty in a gemeente that buys regionally.',
  })
  async eigenAanmeldingen(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('status', () => AanmeldingStatus, { nullable: true }) status: AanmeldingStatus | null,
    @Ctx() ctx: Ctx,
  ): Promise<EigenAanmelding[]> {
    const { toegang } = ctx
    const agbCode = toegang.isContractbeheerder ? undefined : toegang.aanbiederAgbCode
    if (agbCode === null)
      toegang.weiger('Alleen de aanbieder zelf en de contractbeheerder zien aanmeldingen.')
    return ctx.db.getRepository(EigenAanmelding).find({
      where: { gemeenteCode, ...(agbCode ? { agbCode } : {}), ...(status ? { status } : {}) },
      order: { ingediendOp: 'ASC', id: 'ASC' },
    })
  }

  @Mutation(() => EigenAanmelding, {
    nullable: true,
    description:
      'A provider applies, for its own AGB code, for lots of this gemeente’s own procurement (its own support needs at levels). The provider must be known in the OZJT registry by its AGB code; it needs no regional contract.',
  })
  @Toegestaan(alleenAanbieder('Alleen een aanbieder, aangemeld als zichzelf, meldt zich aan.'))
  eigenAanmeldingIndienen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('invoer', () => EigenAanmeldingInvoer) invoer: EigenAanmeldingInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenAanmelding> {
    vereisEigenAgbCode(ctx.toegang, invoer.agbCode)
    vereisEigenInkoop(ctx.gemeente)
    return ctx.runMutation(info, {
      key: sleutel,
      input: invoer,
      prepare: () => ctx.inkoop.aanbiederBekend(invoer.agbCode),
      execute: async (tx, inRegister) => {
        toetsVoorwaarden(eigenAanmeldingVoorwaarden, { agbCode: invoer.agbCode, inRegister })
        const behoeften = await tx.findBy(EigenOndersteuningsbehoefte, { gemeenteCode: ctx.gemeente.code })
        const percelen = controleerPercelen(invoer.percelen, behoeften)
        const aanmelding: EigenAanmelding = {
          id: newId(),
          gemeenteCode: ctx.gemeente.code,
          agbCode: invoer.agbCode,
          status: AanmeldingStatus.INGEDIEND,
          ingediendOp: new Date().toISOString(),
        }
        await tx.insert(EigenAanmelding, aanmelding)
        await tx.insert(
          EigenAanmeldingPerceel,
          percelen.map((p) => ({ ...p, aanmeldingId: aanmelding.id })),
        )
        await legBesluitVast(tx, ctx, { actie: BesluitActie.INDIENEN, aanmeldingId: aanmelding.id })
        return aanmelding
      },
    })
  }

  @Mutation(() => EigenAanmelding, {
    nullable: true,
    description: 'The provider withdraws its own application before the review starts.',
  })
  @Toegestaan(alleenAanbieder('Alleen de aanbieder zelf trekt een aanmelding in.'))
  eigenAanmeldingIntrekken(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Args(() => ToelichtingArgs) { reden = null }: ToelichtingArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenAanmelding> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, reden },
      execute: async (tx) => {
        const aanmelding = await leesAanmelding(tx, ctx, id)
        // Another provider's application answers as absent: it reveals nothing.
        if (aanmelding.agbCode !== ctx.toegang.aanbiederAgbCode) throw notFound('EigenAanmelding', id)
        await changeStatus(tx, EigenAanmelding, aanmelding, aanmeldingStatus, 'intrekken')
        await legBesluitVast(tx, ctx, { actie: BesluitActie.INTREKKEN, aanmeldingId: id, reden })
        return herlees(tx, id)
      },
    })
  }

  @Mutation(() => EigenAanmelding, {
    nullable: true,
    description: 'The gemeente’s contract manager starts the review of a submitted application.',
  })
  @Toegestaan(alleenContractbeheerder)
  eigenAanmeldingInBehandelingNemen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenAanmelding> {
    vereisEigenInkoop(ctx.gemeente)
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id },
      execute: async (tx) => {
        const aanmelding = await leesAanmelding(tx, ctx, id)
        await changeStatus(tx, EigenAanmelding, aanmelding, aanmeldingStatus, 'inBehandelingNemen')
        await legBesluitVast(tx, ctx, { actie: BesluitActie.IN_BEHANDELING_NEMEN, aanmeldingId: id })
        return herlees(tx, id)
      },
    })
  }

  @Mutation(() => EigenAanmelding, {
    nullable: true,
    description:
      'The contract manager records a quality proof it checked, during the review. A renewed proof is recorded next to the old one.',
  })
  @Toegestaan(alleenContractbeheerder)
  eigenKwaliteitsbewijsVastleggen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('aanmeldingId', () => ID) aanmeldingId: string,
    @Arg('invoer', () => KwaliteitsbewijsInvoer) invoer: KwaliteitsbewijsInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenAanmelding> {
    vereisEigenInkoop(ctx.gemeente)
    return ctx.runMutation(info, {
      key: sleutel,
      input: { aanmeldingId, invoer },
      execute: async (tx) => {
        const aanmelding = await leesAanmelding(tx, ctx, aanmeldingId)
        aanmeldingStatus.next(aanmelding.status, 'kwaliteitsbewijsVastleggen')
        await tx.insert(EigenKwaliteitsbewijs, {
          id: newId(),
          aanmeldingId,
          soort: invoer.soort,
          documentnummer: invoer.documentnummer.trim(),
          geldigTot: invoer.geldigTot,
          vastgelegdOp: new Date().toISOString(),
        })
        return aanmelding
      },
    })
  }

  @Mutation(() => EigenAanmelding, {
    nullable: true,
    description:
      'The contract manager grants an application under review: every required quality proof recorded and valid today, and the provider known in the OZJT registry. In the same step an own contract starts (today, or on the later date given) with the lots applied for; the choice lists offer it at once, and the registry lists it with the provider’s contracts once this gemeente’s outbox delivered it.',
  })
  @Toegestaan(alleenContractbeheerder)
  eigenAanmeldingToekennen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Arg('ingangsdatum', () => Datum, {
      nullable: true,
      description: 'The first day of the contract: today when left out, else a later day.',
    })
    ingangsdatum: string | null,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenAanmelding> {
    vereisEigenInkoop(ctx.gemeente)
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, ingangsdatum },
      // The registry is asked outside the transaction; an application that does not exist is
      // refused inside it, as NOT_FOUND.
      prepare: async () => {
        const aanmelding = await ctx.loaders.eigenAanmelding.load(id)
        return aanmelding ? ctx.inkoop.aanbiederBekend(aanmelding.agbCode) : false
      },
      execute: (tx, inRegister) => kenToe(tx, ctx, id, ingangsdatum, inRegister),
    })
  }

  @Mutation(() => EigenAanmelding, {
    nullable: true,
    description: 'The contract manager rejects an application under review, with a reason.',
  })
  @Toegestaan(alleenContractbeheerder)
  eigenAanmeldingAfwijzen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenAanmelding> {
    vereisEigenInkoop(ctx.gemeente)
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, reden },
      execute: async (tx) => {
        const aanmelding = await leesAanmelding(tx, ctx, id)
        await changeStatus(tx, EigenAanmelding, aanmelding, aanmeldingStatus, 'afwijzen')
        await legBesluitVast(tx, ctx, { actie: BesluitActie.AFWIJZEN, aanmeldingId: id, reden })
        return herlees(tx, id)
      },
    })
  }

  @FieldResolver(() => AanbiederRef, { description: 'The provider, from the OZJT registry.' })
  aanbieder(@Root() aanmelding: EigenAanmelding): AanbiederRef {
    return { agbCode: aanmelding.agbCode }
  }

  @FieldResolver(() => [EigenAanmeldingPerceel], { description: 'The lots applied for.' })
  percelen(@Root() aanmelding: EigenAanmelding, @Ctx() ctx: Ctx): Promise<EigenAanmeldingPerceel[]> {
    return ctx.loaders.eigenAanmeldingPercelen.load(aanmelding.id)
  }

  @FieldResolver(() => [EigenKwaliteitsbewijs], {
    nullable: true,
    description:
      'The quality proofs recorded during the review: for the provider itself and the contract manager.',
  })
  kwaliteitsbewijzen(@Root() aanmelding: EigenAanmelding, @Ctx() ctx: Ctx): Promise<EigenKwaliteitsbewijs[]> {
    vereisPartij(ctx.toegang, aanmelding.agbCode)
    return ctx.loaders.eigenKwaliteitsbewijzen.load(aanmelding.id)
  }

  @FieldResolver(() => [EigenBesluit], {
    nullable: true,
    description:
      'Every decision on this application, oldest first: for the provider itself and the contract manager.',
  })
  besluiten(@Root() aanmelding: EigenAanmelding, @Ctx() ctx: Ctx): Promise<EigenBesluit[]> {
    vereisPartij(ctx.toegang, aanmelding.agbCode)
    return ctx.loaders.eigenBesluitenVanAanmelding.load(aanmelding.id)
  }

  @FieldResolver(() => EigenContract, {
    nullable: true,
    description: 'The contract the grant of this application created.',
  })
  contract(@Root() aanmelding: EigenAanmelding, @Ctx() ctx: Ctx): Promise<EigenContract | null> {
    return ctx.loaders.eigenContractVanAanmelding.load(aanmelding.id)
  }
}

// The grant: a contract with the lots applied for, its decision, and its message to the
// registry, in one transaction.
async function kenToe(
  tx: EntityManager,
  ctx: Ctx,
  id: string,
  ingangsdatum: string | null,
  inRegister: boolean,
): Promise<EigenAanmelding> {
  const besluitdatum = vandaag()
  const aanmelding = await leesAanmelding(tx, ctx, id)
  aanmeldingStatus.next(aanmelding.status, 'toekennen')
  if (ingangsdatum != null && ingangsdatum < besluitdatum) {
    throw badInput(
      `Een contract begint op de dag van het besluit (${besluitdatum}) of later.`,
      'ingangsdatum',
    )
  }
  const bewijzen = await tx.findBy(EigenKwaliteitsbewijs, { aanmeldingId: id })
  toetsVoorwaarden(eigenToekenningVoorwaarden, {
    bewijzen,
    besluitdatum,
    agbCode: aanmelding.agbCode,
    inRegister,
  })
  const percelen = await tx.findBy(EigenAanmeldingPerceel, { aanmeldingId: id })
  const contract: EigenContract = {
    id: newId(),
    gemeenteCode: ctx.gemeente.code,
    aanbiederAgbCode: aanmelding.agbCode,
    status: ContractStatus.ACTIEF,
    ingangsdatum: ingangsdatum ?? besluitdatum,
    einddatum: null,
    aanmeldingId: id,
    versie: 1,
  }
  await tx.insert(EigenContract, contract)
  await tx.insert(
    EigenContractperceel,
    percelen.map((p) => ({
      contractId: contract.id,
      ondersteuningsbehoefteCode: p.ondersteuningsbehoefteCode,
      niveau: p.niveau,
    })),
  )
  await changeStatus(tx, EigenAanmelding, aanmelding, aanmeldingStatus, 'toekennen')
  await legBesluitVast(tx, ctx, { actie: BesluitActie.TOEKENNEN, aanmeldingId: id, contractId: contract.id })
  await contractMelden(tx, contract.id)
  return herlees(tx, id)
}

/** Suspends, restores or ends an own contract: the step, a new version, the decision, the message. */
async function besluitOverContract(
  tx: EntityManager,
  ctx: Ctx,
  id: string,
  stap: 'schorsen' | 'herstellen' | 'beeindigen',
  reden: string,
  einddatum?: string,
): Promise<EigenContract> {
  const contract = await leesContract(tx, ctx, id)
  contractStatus.next(contract.status, stap)
  const velden: Record<string, unknown> = { versie: contract.versie + 1 }
  if (stap === 'beeindigen') {
    if (einddatum! < contract.ingangsdatum)
      throw badInput(
        `Het contract begon op ${contract.ingangsdatum}; de einddatum ligt niet daarvoor.`,
        'einddatum',
      )
    velden.einddatum = einddatum
  }
  await changeStatus(tx, EigenContract, contract, contractStatus, stap, velden)
  const actie = {
    schorsen: BesluitActie.SCHORSEN,
    herstellen: BesluitActie.HERSTELLEN,
    beeindigen: BesluitActie.BEEINDIGEN,
  }[stap]
  await legBesluitVast(tx, ctx, { actie, contractId: id, reden })
  return contractMelden(tx, id)
}

@Resolver(() => EigenContract)
export class EigenContractResolver {
  @Query(() => [EigenContract], {
    nullable: true,
    description:
      'The contracts this gemeente made itself (own procurement), oldest first, ended ones included; public, as the registry’s are. Empty in a gemeente that buys regionally.',
  })
  eigenContracten(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('agbCode', () => ID, { nullable: true, description: 'Only this provider’s.' })
    agbCode: string | null,
    @Ctx() ctx: Ctx,
  ): Promise<EigenContract[]> {
    return ctx.db.getRepository(EigenContract).find({
      where: { gemeenteCode, ...(agbCode ? { aanbiederAgbCode: agbCode } : {}) },
      order: { ingangsdatum: 'ASC', id: 'ASC' },
    })
  }

  @Mutation(() => EigenContract, {
    nullable: true,
    description:
      'The contract manager suspends an active own contract, with a reason: it drops out of the choice lists until it is lifted.',
  })
  @Toegestaan(alleenContractbeheerder)
  eigenContractSchorsen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenContract> {
    vereisEigenInkoop(ctx.gemeente)
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, reden },
      execute: (tx) => besluitOverContract(tx, ctx, id, 'schorsen', reden),
    })
  }

  @Mutation(() => EigenContract, {
    nullable: true,
    description: 'The contract manager lifts the suspension of an own contract, with a reason.',
  })
  @Toegestaan(alleenContractbeheerder)
  eigenContractHerstellen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenContract> {
    vereisEigenInkoop(ctx.gemeente)
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, reden },
      execute: (tx) => besluitOverContract(tx, ctx, id, 'herstellen', reden),
    })
  }

  @Mutation(() => EigenContract, {
    nullable: true,
    description:
      'The contract manager ends an active or suspended own contract, with a reason and its last day. After that day it offers no choice; it stays as history.',
  })
  @Toegestaan(alleenContractbeheerder)
  eigenContractBeeindigen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('id', () => ID) id: string,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('einddatum', () => Datum, { description: 'The last day of the contract, not before its first.' })
    einddatum: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenContract> {
    vereisEigenInkoop(ctx.gemeente)
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, reden, einddatum },
      execute: (tx) => besluitOverContract(tx, ctx, id, 'beeindigen', reden, einddatum),
    })
  }

  @FieldResolver(() => AanbiederRef, { description: 'The provider, from the OZJT registry.' })
  aanbieder(@Root() contract: EigenContract): AanbiederRef {
    return { agbCode: contract.aanbiederAgbCode }
  }

  @FieldResolver(() => [EigenContractperceel], { description: 'The lots this contract covers.' })
  percelen(@Root() contract: EigenContract, @Ctx() ctx: Ctx): Promise<EigenContractperceel[]> {
    return ctx.loaders.eigenContractPercelen.load(contract.id)
  }

  @FieldResolver(() => [EigenBesluit], {
    nullable: true,
    description:
      'Every decision on this contract, oldest first, from its grant on: for the provider itself and the contract manager.',
  })
  besluiten(@Root() contract: EigenContract, @Ctx() ctx: Ctx): Promise<EigenBesluit[]> {
    vereisPartij(ctx.toegang, contract.aanbiederAgbCode)
    return ctx.loaders.eigenBesluitenVanContract.load(contract.id)
  }
}

@Resolver(() => EigenTarief)
export class EigenTariefResolver {
  @Query(() => [EigenTarief], {
    nullable: true,
    description:
      'This gemeente’s own tariffs per lot with their validity periods, oldest first; public. Empty in a gemeente that buys regionally.',
  })
  eigenTarieven(
    @Arg('gemeenteCode', () => ID) gemeenteCode: string,
    @Arg('ondersteuningsbehoefte', () => ID, { nullable: true }) code: string | null,
    @Ctx() ctx: Ctx,
  ): Promise<EigenTarief[]> {
    return ctx.db.getRepository(EigenTarief).find({
      where: { gemeenteCode, ...(code ? { ondersteuningsbehoefteCode: code } : {}) },
      order: { ondersteuningsbehoefteCode: 'ASC', niveau: 'ASC', geldigVan: 'ASC' },
    })
  }

  @Mutation(() => EigenTarief, {
    nullable: true,
    description:
      'The contract manager sets a new tariff for an own lot from a date on; the tariff running then ends the day before. Allocations made before keep their budget; new ones use the tariff in force on their start date.',
  })
  @Toegestaan(alleenContractbeheerder)
  eigenTariefVastleggen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('invoer', () => EigenTariefInvoer) invoer: EigenTariefInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenTarief> {
    vereisEigenInkoop(ctx.gemeente)
    return ctx.runMutation(info, {
      key: sleutel,
      input: invoer,
      execute: async (tx) => {
        const gemeenteCode = ctx.gemeente.code
        // The need's row locked first: two tariffs for one need take turns, and the second reads
        // the tariffs as the first left them (else both end the same running tariff and overlap).
        await tx.findOne(EigenOndersteuningsbehoefte, {
          where: { gemeenteCode, code: perceelCode(invoer.ondersteuningsbehoefte) },
          ...metSchrijfslot(tx),
        })
        const behoeften = await tx.findBy(EigenOndersteuningsbehoefte, { gemeenteCode })
        const [perceel] = controleerPercelen([invoer], behoeften)
        const bestaand = await tx.findBy(EigenTarief, {
          gemeenteCode,
          ondersteuningsbehoefteCode: perceel.ondersteuningsbehoefteCode,
          niveau: perceel.niveau,
        })
        const lopend = controleerTarief(invoer, bestaand)
        if (lopend) {
          const dagErvoor = new Date(Date.parse(`${invoer.geldigVan}T00:00:00Z`) - 86_400_000)
          await tx.update(EigenTarief, { id: lopend.id }, { geldigTot: dagErvoor.toISOString().slice(0, 10) })
        }
        const tarief = {
          gemeenteCode,
          ondersteuningsbehoefteCode: perceel.ondersteuningsbehoefteCode,
          niveau: perceel.niveau,
          geldigVan: invoer.geldigVan,
          geldigTot: invoer.geldigTot ?? null,
          bedragCent: invoer.bedragCent,
          eenheid: invoer.eenheid,
          frequentie: invoer.frequentie,
        }
        const { identifiers } = await tx.insert(EigenTarief, tarief)
        return { ...tarief, id: identifiers[0].id as number }
      },
    })
  }

  @Mutation(() => [EigenTarief], {
    nullable: true,
    description:
      'The contract manager records one of the gemeente’s own support needs with the levels it buys (new, or more levels, a new name or description); answers the lot’s tariffs. A need without a tariff at a level offers no allocation there until one is set.',
  })
  @Toegestaan(alleenContractbeheerder)
  eigenOndersteuningsbehoefteVastleggen(
    @Arg('gemeenteCode', () => ID) _gemeenteCode: string,
    @Arg('invoer', () => EigenOndersteuningsbehoefteInvoer) invoer: EigenOndersteuningsbehoefteInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: Ctx,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EigenTarief[]> {
    vereisEigenInkoop(ctx.gemeente)
    return ctx.runMutation(info, {
      key: sleutel,
      input: invoer,
      execute: async (tx) => {
        const gemeenteCode = ctx.gemeente.code
        const bestaand = await tx.findOneBy(EigenOndersteuningsbehoefte, { code: invoer.code })
        if (bestaand && bestaand.gemeenteCode !== gemeenteCode)
          throw badInput(`${invoer.code} is een code van een andere gemeente.`, 'invoer.code')
        const weg = bestaand?.niveaus.filter((n) => !invoer.niveaus.includes(n)) ?? []
        if (weg.length)
          throw badInput(
            `Niveau ${weg.join(', ')} blijft: contracten en plannen verwijzen ernaar.`,
            'invoer.niveaus',
          )
        if (bestaand && bestaand.wet !== invoer.wet)
          throw badInput(`${invoer.code} valt onder de ${bestaand.wet}; dat verandert niet.`, 'invoer.wet')
        await tx.save(EigenOndersteuningsbehoefte, {
          code: invoer.code,
          gemeenteCode,
          naam: invoer.naam.trim(),
          omschrijving: invoer.omschrijving.trim(),
          wet: invoer.wet,
          niveaus: [...new Set(invoer.niveaus)].sort(),
        })
        return tx.find(EigenTarief, {
          where: { gemeenteCode, ondersteuningsbehoefteCode: invoer.code },
          order: { niveau: 'ASC', geldigVan: 'ASC' },
        })
      },
    })
  }
}
