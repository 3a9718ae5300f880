import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql'
import type { EntityManager } from 'typeorm'
import { toetsVoorwaarden } from '../../../shared/domain/preconditions'
import { badInput, forbidden, notFound } from '../../../shared/errors'
import { Connection, PageArgs, paginate } from '../../../shared/graphql/connection'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { Datum } from '../../../shared/graphql/scalars'
import { Aanbieder } from '../aanbieder/aanbieder.entity'
import { Besluit, BesluitActie } from '../besluit/besluit.entity'
import { RedenArgs, ToelichtingArgs } from '../besluit/besluit.input'
import { Gemeente } from '../catalogus-stubs/gemeente.stub'
import { Module } from '../catalogus-stubs/module.stub'
import { Ondersteuningsbehoefte } from '../catalogus-stubs/ondersteuningsbehoefte.stub'
import { vandaag, type AanbiedersContext } from '../context'
import { ContractGemeente } from '../contract/contract-gemeente.entity'
import { ContractModule } from '../contract/contract-module.entity'
import { Contract, ContractStatus } from '../contract/contract.entity'
import { Contractperceel } from '../contract/contractperceel.entity'
import { Locatie } from '../locatie/locatie.entity'
import { newId, changeStatus } from '../../../shared/db/mutation'
import { legBesluitVast } from '../mutatie'
import {
  alleenAanbieder,
  alleenRegisterbeheerder,
  vereisEigenAgbCode,
  vereisIdentiteit,
  vereisPartij,
} from '../toegang'
import { AanbiederWerkgebied } from '../werkgebied/werkgebied.entity'
import { AanmeldingGemeente } from './aanmelding-gemeente.entity'
import { AanmeldingModule } from './aanmelding-module.entity'
import { AanmeldingPerceel } from './aanmelding-perceel.entity'
import { AangevraagdeLocatie, Aanmelding, AanmeldingStatus } from './aanmelding.entity'
import { AanmeldingenFilter, AanmeldingInvoer, KwaliteitsbewijsInvoer } from './aanmelding.input'
import { aanmeldingStatus, controleerAanmelding, toekenningVoorwaarden } from './aanmelding.rules'
import { Kwaliteitsbewijs } from './kwaliteitsbewijs.entity'

export const AanmeldingConnection = Connection(Aanmelding, 'Aanmelding')

async function leesAanmelding(tx: EntityManager, id: string): Promise<Aanmelding> {
  const aanmelding = await tx.findOneBy(Aanmelding, { id })
  if (!aanmelding) throw notFound('Aanmelding', id)
  return aanmelding
}

const herlees = async (tx: EntityManager, id: string) =>
  (await tx.findOneBy(Aanmelding, { id })) as Aanmelding

@Resolver(() => Aanmelding)
export class AanmeldingResolver {
  @Query(() => Aanmelding, {
    nullable: true,
    description: 'One application: for the provider that submitted it and for the registry manager.',
  })
  async aanmelding(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: AanbiedersContext,
  ): Promise<Aanmelding | null> {
    const identity = vereisIdentiteit(ctx)
    if (identity.rol !== 'REGISTERBEHEERDER' && identity.rol !== 'AANBIEDER') {
      throw forbidden('Alleen de aanbieder zelf en de registerbeheerder zien aanmeldingen.')
    }
    const aanmelding = await ctx.loaders.aanmelding.aanmelding.load(id)
    if (!aanmelding) return null
    vereisPartij(ctx, aanmelding.agbCode)
    return aanmelding
  }

  @Query(() => AanmeldingConnection, {
    description:
      'Applications, oldest submission first: all of them for the registry manager, its own for a provider.',
  })
  aanmeldingen(
    @Args(() => AanmeldingenFilter) filter: AanmeldingenFilter,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: AanbiedersContext,
  ) {
    const identity = vereisIdentiteit(ctx)
    const query = ctx.db.getRepository(Aanmelding).createQueryBuilder('aanmelding')
    if (identity.rol === 'AANBIEDER' && identity.agbCode) {
      query.andWhere('aanmelding.agbCode = :agbCode', { agbCode: identity.agbCode })
    } else if (identity.rol !== 'REGISTERBEHEERDER') {
      throw forbidden('Alleen de aanbieder zelf en de registerbeheerder zien aanmeldingen.')
    }
    if (filter.status) query.andWhere('aanmelding.status = :status', { status: filter.status })
    return paginate(query, page, { column: 'ingediendOp' })
  }

  @Mutation(() => Aanmelding, {
    description:
      'A provider applies, for its own AGB code, for support needs with levels, modules and gemeenten. A provider that is not yet registered also gives its KvK number, name and a first location.',
  })
  @Toegestaan(alleenAanbieder)
  aanmeldingIndienen(
    @Arg('invoer', () => AanmeldingInvoer) invoer: AanmeldingInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: AanbiedersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Aanmelding> {
    vereisEigenAgbCode(ctx, invoer.agbCode)
    return ctx.runMutation(info, {
      key: sleutel,
      input: invoer,
      execute: (tx) => dienAanmeldingIn(tx, ctx, invoer),
    })
  }

  @Mutation(() => Aanmelding, {
    description: 'The provider withdraws its application before the review starts.',
  })
  @Toegestaan(alleenAanbieder)
  aanmeldingIntrekken(
    @Arg('id', () => ID) id: string,
    @Args(() => ToelichtingArgs) { reden = null }: ToelichtingArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: AanbiedersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Aanmelding> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, reden },
      execute: async (tx) => {
        const aanmelding = await leesAanmelding(tx, id)
        vereisEigenAgbCode(ctx, aanmelding.agbCode, 'Een aanbieder trekt alleen de eigen aanmelding in.')
        await changeStatus(tx, Aanmelding, aanmelding, aanmeldingStatus, 'intrekken')
        await legBesluitVast(tx, ctx, {
          actie: BesluitActie.INTREKKEN,
          aanmeldingId: id,
          reden: reden?.trim(),
        })
        return herlees(tx, id)
      },
    })
  }

  @Mutation(() => Aanmelding, {
    description: 'The registry manager starts the review of a submitted application.',
  })
  @Toegestaan(alleenRegisterbeheerder)
  aanmeldingInBehandelingNemen(
    @Arg('id', () => ID) id: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: AanbiedersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Aanmelding> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id },
      execute: async (tx) => {
        const aanmelding = await leesAanmelding(tx, id)
        await changeStatus(tx, Aanmelding, aanmelding, aanmeldingStatus, 'inBehandelingNemen')
        await legBesluitVast(tx, ctx, { actie: BesluitActie.IN_BEHANDELING_NEMEN, aanmeldingId: id })
        return herlees(tx, id)
      },
    })
  }

  @Mutation(() => Aanmelding, {
    description:
      'The registry manager records a quality proof it checked, during the review. A renewed proof is recorded next to the old one.',
  })
  @Toegestaan(alleenRegisterbeheerder)
  kwaliteitsbewijsVastleggen(
    @Arg('aanmeldingId', () => ID) aanmeldingId: string,
    @Arg('invoer', () => KwaliteitsbewijsInvoer) invoer: KwaliteitsbewijsInvoer,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: AanbiedersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Aanmelding> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { aanmeldingId, invoer },
      execute: async (tx) => {
        const aanmelding = await leesAanmelding(tx, aanmeldingId)
        aanmeldingStatus.next(aanmelding.status, 'kwaliteitsbewijsVastleggen')
        await tx.insert(Kwaliteitsbewijs, {
          id: newId(),
          aanmeldingId,
          soort: invoer.soort,
          documentnummer: invoer.documentnummer.trim(),
          geldigTot: invoer.geldigTot,
          vastgelegdOp: ctx.nu().toISOString(),
        })
        return aanmelding
      },
    })
  }

  @Mutation(() => Aanmelding, {
    description:
      'The registry manager grants an application under review. Every required quality proof must be recorded and valid on the day of the decision. In the same step the provider is registered (when new), and a contract starts (today, or on the later date given) with the lots, modules and gemeenten applied for; those gemeenten join the provider’s service area.',
  })
  @Toegestaan(alleenRegisterbeheerder)
  aanmeldingToekennen(
    @Arg('id', () => ID) id: string,
    @Arg('ingangsdatum', () => Datum, {
      nullable: true,
      description: 'The first day of the contract: today when left out, else a later day.',
    })
    ingangsdatum: string | null,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: AanbiedersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Aanmelding> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, ingangsdatum },
      execute: (tx) => kenAanmeldingToe(tx, ctx, id, ingangsdatum),
    })
  }

  @Mutation(() => Aanmelding, {
    description: 'The registry manager rejects an application under review, with a reason.',
  })
  @Toegestaan(alleenRegisterbeheerder)
  aanmeldingAfwijzen(
    @Arg('id', () => ID) id: string,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: AanbiedersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Aanmelding> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, reden },
      execute: async (tx) => {
        const aanmelding = await leesAanmelding(tx, id)
        await changeStatus(tx, Aanmelding, aanmelding, aanmeldingStatus, 'afwijzen')
        await legBesluitVast(tx, ctx, { actie: BesluitActie.AFWIJZEN, aanmeldingId: id, reden: reden.trim() })
        return herlees(tx, id)
      },
    })
  }

  @FieldResolver(() => AangevraagdeLocatie, {
    nullable: true,
    description: 'The first location, as a provider that was not yet registered gave it.',
  })
  locatie(@Root() aanmelding: Aanmelding): AangevraagdeLocatie | null {
    if (!aanmelding.locatieNaam || !aanmelding.locatiePostcode || !aanmelding.locatiePlaats) return null
    return {
      naam: aanmelding.locatieNaam,
      postcode: aanmelding.locatiePostcode,
      plaats: aanmelding.locatiePlaats,
    }
  }

  @FieldResolver(() => [AanmeldingPerceel], { description: 'The support needs and levels applied for.' })
  percelen(
    @Root() aanmelding: Aanmelding,
    @Ctx() { loaders }: AanbiedersContext,
  ): Promise<AanmeldingPerceel[]> {
    return loaders.aanmelding.percelen.load(aanmelding.id)
  }

  @FieldResolver(() => [Module], { description: 'The regional modules applied for.' })
  async modules(@Root() aanmelding: Aanmelding, @Ctx() { loaders }: AanbiedersContext): Promise<Module[]> {
    return (await loaders.aanmelding.modules.load(aanmelding.id)).map((m) => ({ code: m.moduleCode }))
  }

  @FieldResolver(() => [Gemeente], { description: 'The gemeenten applied for.' })
  async gemeenten(
    @Root() aanmelding: Aanmelding,
    @Ctx() { loaders }: AanbiedersContext,
  ): Promise<Gemeente[]> {
    return (await loaders.aanmelding.gemeenten.load(aanmelding.id)).map((g) => ({ code: g.gemeenteCode }))
  }

  @FieldResolver(() => [Kwaliteitsbewijs], {
    description: 'The quality proofs recorded during the review, by kind, the oldest recorded first.',
  })
  kwaliteitsbewijzen(
    @Root() aanmelding: Aanmelding,
    @Ctx() { loaders }: AanbiedersContext,
  ): Promise<Kwaliteitsbewijs[]> {
    return loaders.aanmelding.kwaliteitsbewijzen.load(aanmelding.id)
  }

  @FieldResolver(() => [Besluit], { description: 'Every decision on this application, oldest first.' })
  besluiten(@Root() aanmelding: Aanmelding, @Ctx() { loaders }: AanbiedersContext): Promise<Besluit[]> {
    return loaders.aanmelding.besluiten.load(aanmelding.id)
  }

  @FieldResolver(() => Aanbieder, {
    nullable: true,
    description: 'The provider, once it is in the registry.',
  })
  aanbieder(
    @Root() aanmelding: Aanmelding,
    @Ctx() { loaders }: AanbiedersContext,
  ): Promise<Aanbieder | null> {
    return loaders.aanbieder.aanbieder.load(aanmelding.agbCode)
  }

  @FieldResolver(() => Contract, {
    nullable: true,
    description: 'The contract the grant of this application created.',
  })
  contract(@Root() aanmelding: Aanmelding, @Ctx() { loaders }: AanbiedersContext): Promise<Contract | null> {
    return loaders.aanmelding.contract.load(aanmelding.id)
  }
}

@Resolver(() => AanmeldingPerceel)
export class AanmeldingPerceelResolver {
  @FieldResolver(() => Ondersteuningsbehoefte)
  ondersteuningsbehoefte(@Root() perceel: AanmeldingPerceel): Ondersteuningsbehoefte {
    return { code: perceel.ondersteuningsbehoefteCode }
  }
}

async function dienAanmeldingIn(
  tx: EntityManager,
  ctx: AanbiedersContext,
  invoer: AanmeldingInvoer,
): Promise<Aanmelding> {
  const bekend = (await tx.countBy(Aanbieder, { id: invoer.agbCode })) > 0
  const geldig = controleerAanmelding(invoer, bekend)
  const aanmelding: Aanmelding = {
    id: newId(),
    agbCode: invoer.agbCode,
    kvkNummer: geldig.kvkNummer,
    naam: geldig.naam,
    locatieNaam: geldig.locatie?.naam ?? null,
    locatiePostcode: geldig.locatie?.postcode ?? null,
    locatiePlaats: geldig.locatie?.plaats ?? null,
    status: AanmeldingStatus.INGEDIEND,
    ingediendOp: ctx.nu().toISOString(),
  }
  await tx.insert(Aanmelding, aanmelding)
  await tx.insert(
    AanmeldingPerceel,
    geldig.percelen.map((p) => ({ ...p, aanmeldingId: aanmelding.id })),
  )
  if (geldig.modules.length) {
    await tx.insert(
      AanmeldingModule,
      geldig.modules.map((moduleCode) => ({ aanmeldingId: aanmelding.id, moduleCode })),
    )
  }
  await tx.insert(
    AanmeldingGemeente,
    geldig.gemeenten.map((gemeenteCode) => ({ aanmeldingId: aanmelding.id, gemeenteCode })),
  )
  await legBesluitVast(tx, ctx, { actie: BesluitActie.INDIENEN, aanmeldingId: aanmelding.id })
  return aanmelding
}

// The grant: the provider enters the registry (when new), a contract starts with what was
// applied for, and its gemeenten join the provider's service area, in one transaction.
async function kenAanmeldingToe(
  tx: EntityManager,
  ctx: AanbiedersContext,
  id: string,
  ingangsdatum: string | null,
): Promise<Aanmelding> {
  const besluitdatum = vandaag(ctx)
  const aanmelding = await leesAanmelding(tx, id)
  aanmeldingStatus.next(aanmelding.status, 'toekennen')
  if (ingangsdatum != null && ingangsdatum < besluitdatum) {
    throw badInput(
      `Een contract begint op de dag van het besluit (${besluitdatum}) of later.`,
      'ingangsdatum',
    )
  }
  const geregistreerd = (await tx.countBy(Aanbieder, { id: aanmelding.agbCode })) > 0
  const bewijzen = await tx.findBy(Kwaliteitsbewijs, { aanmeldingId: id })
  toetsVoorwaarden(toekenningVoorwaarden, { bewijzen, besluitdatum, aanmelding, geregistreerd })

  const percelen = await tx.findBy(AanmeldingPerceel, { aanmeldingId: id })
  const modules = await tx.findBy(AanmeldingModule, { aanmeldingId: id })
  const gemeenten = await tx.findBy(AanmeldingGemeente, { aanmeldingId: id })
  if (!geregistreerd) await registreerAanbieder(tx, aanmelding)
  const contract: Contract = {
    id: newId(),
    agbCode: aanmelding.agbCode,
    status: ContractStatus.ACTIEF,
    ingangsdatum: ingangsdatum ?? besluitdatum,
    einddatum: null,
    aanmeldingId: id,
    eigenGemeenteCode: null,
    bronVersie: null,
  }
  await tx.insert(Contract, contract)
  await tx.insert(
    Contractperceel,
    percelen.map((p) => ({
      contractId: contract.id,
      ondersteuningsbehoefteCode: p.ondersteuningsbehoefteCode,
      niveau: p.niveau,
    })),
  )
  if (modules.length) {
    await tx.insert(
      ContractModule,
      modules.map((m) => ({ contractId: contract.id, moduleCode: m.moduleCode })),
    )
  }
  const codes = gemeenten.map((g) => g.gemeenteCode)
  await tx.insert(
    ContractGemeente,
    codes.map((gemeenteCode) => ({ contractId: contract.id, gemeenteCode })),
  )
  const bestaand = new Set(
    (await tx.findBy(AanbiederWerkgebied, { agbCode: aanmelding.agbCode })).map((w) => w.gemeenteCode),
  )
  const erbij = codes.filter((c) => !bestaand.has(c))
  if (erbij.length) {
    await tx.insert(
      AanbiederWerkgebied,
      erbij.map((gemeenteCode) => ({ agbCode: aanmelding.agbCode, gemeenteCode })),
    )
  }

  await changeStatus(tx, Aanmelding, aanmelding, aanmeldingStatus, 'toekennen')
  await legBesluitVast(tx, ctx, { actie: BesluitActie.TOEKENNEN, aanmeldingId: id, contractId: contract.id })
  return herlees(tx, id)
}

// A provider that is not yet in the registry enters it with the details of its application
// (toekenningVoorwaarden made sure they are there).
async function registreerAanbieder(tx: EntityManager, aanmelding: Aanmelding): Promise<void> {
  await tx.insert(Aanbieder, {
    id: aanmelding.agbCode,
    kvkNummer: aanmelding.kvkNummer!,
    naam: aanmelding.naam!,
    wachttijdWeken: null,
    wachttijdBijgewerktOp: null,
  })
  await tx.insert(Locatie, {
    id: newId(),
    agbCode: aanmelding.agbCode,
    naam: aanmelding.locatieNaam!,
    postcode: aanmelding.locatiePostcode!,
    plaats: aanmelding.locatiePlaats!,
  })
}
