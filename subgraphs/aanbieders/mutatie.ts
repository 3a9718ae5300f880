import { randomUUID } from 'node:crypto'
import type { EntityManager, EntityTarget } from 'typeorm'
import type { Identity } from '../../shared/auth/identity'
import { inTransactie } from '../../shared/db/mutation'
import { badInput, conflict } from '../../shared/errors'
import { Besluit, type BesluitActie } from './besluit/besluit.entity'
import type { AanbiedersContext } from './context'

export const nieuwId = () => randomUUID()

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
  return inTransactie(ctx.db, { operatie, aanroeper: `${identity.rol}:${identity.sub}`, sleutel, invoer }, work)
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
  besluit: { actie: BesluitActie; aanmeldingId?: string | null; contractId?: string | null; reden?: string | null },
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

/**
 * Moves a row to the state `event` leads to, guarded by the state it was read in: when
 * someone else changed it in between, the step is judged again against the state it has now.
 */
export async function wisselStatus<S extends string, E extends string>(
  tx: EntityManager,
  target: EntityTarget<{ id: string; status: S }>,
  rij: { id: string; status: S },
  machine: { next(current: S, event: E): S },
  event: E,
  velden: Record<string, unknown> = {},
): Promise<S> {
  const naar = machine.next(rij.status, event)
  const result = await tx
    .createQueryBuilder()
    .update(target)
    .set({ ...velden, status: naar } as never)
    .where('id = :id AND status = :van', { id: rij.id, van: rij.status })
    .execute()
  if (result.affected !== 1) {
    const nu = await tx.findOneBy(target, { id: rij.id } as never)
    if (nu) machine.next(nu.status, event)
    throw conflict('Dit is intussen door iemand anders gewijzigd. Laad het opnieuw.', { huidigeStatus: nu?.status })
  }
  return naar
}
