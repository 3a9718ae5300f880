import { createHash, randomUUID } from 'node:crypto'
import type { DataSource, EntityManager, EntityTarget } from 'typeorm'
import type { Identity } from '../auth/identity'
import { DomainError, ErrorCode, badInput, conflict } from '../errors'
import { Idempotentie } from './idempotency.entity'

export const nieuwId = () => randomUUID()

export interface MutationOptions {
  /** The mutation's name, part of the idempotency scope. */
  operatie: string
  /** Who calls: keys are the caller's own (role and subject), part of the idempotency scope. */
  aanroeper: Pick<Identity, 'rol' | 'sub'>
  /** The client's idempotency key: one per intended change, the same on every retry. */
  sleutel: string
  /** The input, to refuse a key reused for a different request. */
  invoer: unknown
}

const KEY = /^[A-Za-z0-9._:-]{8,100}$/

/**
 * Runs a mutation as one transaction, once per idempotency key. A retry with the same key and
 * input returns the stored first answer and writes nothing; the same key with other input is
 * refused. When two identical calls race, the loser's transaction is rolled back on the key's
 * primary key and it answers with the winner's result.
 */
export async function inTransactie<T, P = undefined>(
  db: DataSource,
  options: MutationOptions,
  work: (tx: EntityManager, voorbereid: P) => Promise<T>,
  /**
   * Reads from other services that the change needs (a contract, a tariff): done after the
   * idempotency check, so that a retry replays without asking again, and before the
   * transaction, so that no database lock is held while waiting on the network.
   */
  voorbereiding?: () => Promise<P>,
): Promise<T> {
  if (!KEY.test(options.sleutel)) {
    throw badInput(
      'idempotentieSleutel: 8 tot 100 tekens uit A-Z, a-z, 0-9 en . _ : -',
      'idempotentieSleutel',
    )
  }
  const scope = `${options.aanroeper.rol}:${options.aanroeper.sub}|${options.operatie}`.slice(0, 200)
  const invoerHash = createHash('sha256')
    .update(JSON.stringify(options.invoer ?? null))
    .digest('hex')

  const eerder = async (): Promise<{ found: true; value: T } | { found: false }> => {
    const record = await db.getRepository(Idempotentie).findOneBy({ scope, sleutel: options.sleutel })
    if (!record) return { found: false }
    if (record.invoerHash !== invoerHash) {
      throw new DomainError(
        ErrorCode.BAD_USER_INPUT,
        'Deze idempotentiesleutel is al gebruikt voor een ander verzoek: kies een nieuwe sleutel.',
        { field: 'idempotentieSleutel' },
      )
    }
    return { found: true, value: JSON.parse(record.antwoord) as T }
  }

  const before = await eerder()
  if (before.found) return before.value
  const voorbereid = (voorbereiding ? await voorbereiding() : undefined) as P
  try {
    return await db.transaction(async (tx) => {
      const value = await work(tx, voorbereid)
      await tx.insert(Idempotentie, {
        scope,
        sleutel: options.sleutel,
        invoerHash,
        antwoord: JSON.stringify(value ?? null),
        aangemaaktOp: new Date().toISOString(),
      })
      return value
    })
  } catch (err) {
    if (err instanceof DomainError) throw err
    const raced = await eerder()
    if (raced.found) return raced.value
    throw err
  }
}

/**
 * Moves a row to the state `event` leads to, guarded by the state it was read in: when
 * someone else changed it in between, the step is judged again against the state it has now
 * (INVALID_TRANSITION), or refused with CONFLICT when it would still be allowed.
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
    throw conflict('Dit is intussen door iemand anders gewijzigd. Laad het opnieuw.', {
      huidigeStatus: nu?.status,
    })
  }
  return naar
}
