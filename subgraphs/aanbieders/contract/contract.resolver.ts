import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql'
import type { EntityManager } from 'typeorm'
import { badInput, notFound, preconditionFailed } from '../../../shared/errors'
import { InkoopModus } from '../../../shared/graphql/inkoop'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { Datum } from '../../../shared/graphql/scalars'
import { Besluit, BesluitActie } from '../besluit/besluit.entity'
import { RedenArgs } from '../besluit/besluit.input'
import { Gemeente } from '../catalogus-stubs/gemeente.stub'
import { Module } from '../catalogus-stubs/module.stub'
import type { AanbiedersContext } from '../context'
import { changeStatus } from '../../../shared/db/mutation'
import { legBesluitVast } from '../mutatie'
import { alleenRegisterbeheerder, vereisPartij } from '../toegang'
import { Contract } from './contract.entity'
import { contractStatus } from './contract.rules'
import { Contractperceel } from './contractperceel.entity'

/** A regional contract, which the registry manager decides on; a gemeente's own is refused. */
async function leesContract(tx: EntityManager, id: string): Promise<Contract> {
  const contract = await tx.findOneBy(Contract, { id })
  if (!contract) throw notFound('Contract', id)
  if (contract.eigenGemeenteCode) {
    throw preconditionFailed(
      `Dit contract is van gemeente ${contract.eigenGemeenteCode} (eigen inkoop); de contractbeheerder van die gemeente beslist erover.`,
      { ontbreekt: 'regionaalContract' },
    )
  }
  return contract
}

const herlees = async (tx: EntityManager, id: string) => (await tx.findOneBy(Contract, { id })) as Contract

/** Suspends or restores a contract: the step, the decision with its reason, the contract as it now is. */
async function besluitOverContract(
  tx: EntityManager,
  ctx: AanbiedersContext,
  id: string,
  stap: 'schorsen' | 'herstellen',
  reden: string,
): Promise<Contract> {
  await changeStatus(tx, Contract, await leesContract(tx, id), contractStatus, stap)
  const actie = stap === 'schorsen' ? BesluitActie.SCHORSEN : BesluitActie.HERSTELLEN
  await legBesluitVast(tx, ctx, { actie, contractId: id, reden: reden.trim() })
  return herlees(tx, id)
}

@Resolver(() => Contract)
export class ContractResolver {
  @Mutation(() => Contract, {
    description:
      'The registry manager suspends an active contract, with a reason: no new allocations until it is lifted.',
  })
  @Toegestaan(alleenRegisterbeheerder)
  contractSchorsen(
    @Arg('id', () => ID) id: string,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: AanbiedersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Contract> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, reden },
      execute: (tx) => besluitOverContract(tx, ctx, id, 'schorsen', reden),
    })
  }

  @Mutation(() => Contract, {
    description: 'The registry manager lifts the suspension of a contract, with a reason.',
  })
  @Toegestaan(alleenRegisterbeheerder)
  contractHerstellen(
    @Arg('id', () => ID) id: string,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: AanbiedersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Contract> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, reden },
      execute: (tx) => besluitOverContract(tx, ctx, id, 'herstellen', reden),
    })
  }

  @Mutation(() => Contract, {
    description:
      'The registry manager ends an active or suspended contract, with a reason and its last day. From then on it offers no new choice; it stays as history.',
  })
  @Toegestaan(alleenRegisterbeheerder)
  contractBeeindigen(
    @Arg('id', () => ID) id: string,
    @Args(() => RedenArgs) { reden }: RedenArgs,
    @Arg('einddatum', () => Datum, { description: 'The last day of the contract, not before its first.' })
    einddatum: string,
    @Arg('idempotentieSleutel', () => String) sleutel: string,
    @Ctx() ctx: AanbiedersContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Contract> {
    return ctx.runMutation(info, {
      key: sleutel,
      input: { id, reden, einddatum },
      execute: async (tx) => {
        const contract = await leesContract(tx, id)
        contractStatus.next(contract.status, 'beeindigen')
        if (einddatum < contract.ingangsdatum) {
          throw badInput(
            `Het contract begon op ${contract.ingangsdatum}; de einddatum ligt niet daarvoor.`,
            'einddatum',
          )
        }
        await changeStatus(tx, Contract, contract, contractStatus, 'beeindigen', { einddatum })
        await legBesluitVast(tx, ctx, { actie: BesluitActie.BEEINDIGEN, contractId: id, reden: reden.trim() })
        return herlees(tx, id)
      },
    })
  }

  @FieldResolver(() => String, {
    description:
      'Who made the contract and manages it: OZJT for a regional contract, else the CBS code of the gemeente that bought it itself (0141, 1735).',
  })
  eigenaar(@Root() contract: Contract): string {
    return contract.eigenGemeenteCode ?? 'OZJT'
  }

  @FieldResolver(() => InkoopModus, {
    description: 'REGIONAAL for an OZJT contract, EIGEN for a gemeente’s own.',
  })
  inkoop(@Root() contract: Contract): InkoopModus {
    return contract.eigenGemeenteCode ? InkoopModus.EIGEN : InkoopModus.REGIONAAL
  }

  @FieldResolver(() => [Contractperceel], {
    description: 'The support needs and levels this contract covers.',
  })
  percelen(@Root() contract: Contract, @Ctx() { loaders }: AanbiedersContext): Promise<Contractperceel[]> {
    return loaders.contract.percelen.load(contract.id)
  }

  @FieldResolver(() => [Module], { description: 'The regional modules this contract covers.' })
  async modules(@Root() contract: Contract, @Ctx() { loaders }: AanbiedersContext): Promise<Module[]> {
    const rows = await loaders.contract.modules.load(contract.id)
    return rows.map((m) => ({ code: m.moduleCode }))
  }

  @FieldResolver(() => [Gemeente], { description: 'The gemeenten this contract covers.' })
  async gemeenten(@Root() contract: Contract, @Ctx() { loaders }: AanbiedersContext): Promise<Gemeente[]> {
    const rows = await loaders.contract.gemeenten.load(contract.id)
    return rows.map((g) => ({ code: g.gemeenteCode }))
  }

  @FieldResolver(() => [Besluit], {
    nullable: true,
    description:
      'Every decision on this contract, oldest first, from its grant on. Only for the provider itself and the registry manager: decisions name who took them. Empty for a gemeente’s own contract: its decisions stay with that gemeente (eigenContracten { besluiten }).',
  })
  besluiten(@Root() contract: Contract, @Ctx() ctx: AanbiedersContext): Promise<Besluit[]> {
    vereisPartij(ctx, contract.agbCode)
    return ctx.loaders.contract.besluiten.load(contract.id)
  }
}
