import type { EntityManager } from 'typeorm'
import { Besluit, type BesluitActie } from './besluit/besluit.entity'
import type { AanbiedersContext } from './context'
import { vereisIdentiteit } from './toegang'

/** Adds a decision to the history, in the transaction of the change it records, in the caller's name. */
export async function legBesluitVast(
  tx: EntityManager,
  ctx: Pick<AanbiedersContext, 'identity' | 'nu'>,
  besluit: {
    actie: BesluitActie
    aanmeldingId?: string | null
    contractId?: string | null
    reden?: string | null
  },
): Promise<void> {
  const identity = vereisIdentiteit(ctx)
  await tx.insert(Besluit, {
    aanmeldingId: besluit.aanmeldingId ?? null,
    contractId: besluit.contractId ?? null,
    actie: besluit.actie,
    door: identity.sub,
    naam: identity.naam,
    rol: identity.rol,
    op: ctx.nu().toISOString(),
    reden: besluit.reden ?? null,
  })
}
