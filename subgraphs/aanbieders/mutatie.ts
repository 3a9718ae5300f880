import type { EntityManager } from 'typeorm'
import type { Identity } from '../../shared/auth/identity'
import { runMutation } from '../../shared/db/mutation'
import { badInput } from '../../shared/errors'
import { Besluit, type BesluitActie } from './besluit/besluit.entity'
import type { AanbiedersContext } from './context'

/**
 * Every mutation of this subgraph, after its role check: one transaction, and a retry with the
 * same idempotency key returns the first answer without writing again. Answers are stored as
 * JSON, so `work` returns plain rows whose field resolvers work from ids.
 */
export function mutatie<T>(
  ctx: AanbiedersContext,
  identity: Identity,
  operatie: string,
  sleutel: string,
  invoer: unknown,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  return runMutation(ctx.db, {
    operation: operatie,
    caller: identity,
    key: sleutel,
    input: invoer,
    execute: work,
  })
}

/** A reason given with a decision: trimmed, not blank, at most 2000 characters. */
export function reden(waarde: string | null | undefined, veld = 'reden'): string {
  const tekst = waarde?.trim() ?? ''
  if (tekst.length < 3 || tekst.length > 2000) throw badInput('Geef een reden (3 tot 2000 tekens).', veld)
  return tekst
}

/** Adds a decision to the history, in the transaction of the change it records. */
export async function legBesluitVast(
  tx: EntityManager,
  ctx: AanbiedersContext,
  identity: Identity,
  besluit: {
    actie: BesluitActie
    aanmeldingId?: string | null
    contractId?: string | null
    reden?: string | null
  },
): Promise<void> {
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
