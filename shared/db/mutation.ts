import { createHash, randomUUID } from 'node:crypto'
import type { DataSource, EntityManager, EntityTarget } from 'typeorm'
import type { Identity } from '../auth/identity'
import { DomainError, ErrorCode, badInput, conflict, unauthenticated } from '../errors'
import { isDeadlock, isUniqueViolation } from './database'
import { Idempotentie } from './idempotency.entity'

export const newId = () => randomUUID()

/**
 * One mutation, as the steps run, top to bottom. `runMutation` runs them; every mutation of
 * every subgraph goes through it (through its context's `runMutation`, which adds the caller
 * and takes the operation's name from the resolver).
 */
export interface MutationSteps<T, P> {
  /** The mutation field's name (info.fieldName): with the caller, the idempotency scope. */
  operation: string
  /** Who calls; without a caller a mutation is refused (UNAUTHENTICATED). */
  caller: Pick<Identity, 'rol' | 'sub'> | null
  /** 1. The client's idempotency key: one per intended change, the same on every retry. */
  key: string
  /** 2. The input: the same key with this input replays the stored answer, with other input is refused. */
  input: unknown
  /**
   * 3. Reads from other services that the change needs (a contract, a tariff): after the replay
   * check, so that a retry does not ask again, and before the transaction, so that no database
   * lock is held while waiting on the network.
   */
  prepare?: () => Promise<P>
  /**
   * 4. The change, in one transaction; its answer is stored with the key in the same
   * transaction (5). Two identical calls racing: the loser's transaction is rolled back on the
   * key's primary key and it answers with the winner's stored answer (6). Two different calls
   * racing for the same unique row: the loser runs once more, and sees the winner's row (7).
   */
  execute: (tx: EntityManager, prepared: P) => Promise<T>
}

const KEY = /^[A-Za-z0-9._:-]{8,100}$/

/** Runs the steps of one mutation (see MutationSteps), once per idempotency key. */
export async function runMutation<T, P = undefined>(db: DataSource, steps: MutationSteps<T, P>): Promise<T> {
  if (!steps.caller) throw unauthenticated()
  if (!KEY.test(steps.key)) {
    throw badInput(
      'idempotentieSleutel: 8 tot 100 tekens uit A-Z, a-z, 0-9 en . _ : -',
      'idempotentieSleutel',
    )
  }
  const scope = `${steps.caller.rol}:${steps.caller.sub}|${steps.operation}`.slice(0, 200)
  const inputHash = createHash('sha256')
    .update(JSON.stringify(steps.input ?? null))
    .digest('hex')

  const stored = async (): Promise<{ found: true; value: T } | { found: false }> => {
    const record = await db.getRepository(Idempotentie).findOneBy({ scope, sleutel: steps.key })
    if (!record) return { found: false }
    if (record.invoerHash !== inputHash) {
      throw new DomainError(
        ErrorCode.BAD_USER_INPUT,
        'Deze idempotentiesleutel is al gebruikt voor een ander verzoek: kies een nieuwe sleutel.',
        { field: 'idempotentieSleutel' },
      )
    }
    return { found: true, value: JSON.parse(record.antwoord) as T }
  }

  const replay = await stored()
  if (replay.found) return replay.value
  const prepared = (steps.prepare ? await steps.prepare() : undefined) as P
  const attempt = () =>
    db.transaction(async (tx) => {
      const value = await steps.execute(tx, prepared)
      await tx.insert(Idempotentie, {
        scope,
        sleutel: steps.key,
        invoerHash: inputHash,
        antwoord: JSON.stringify(value ?? null),
        aangemaaktOp: new Date().toISOString(),
      })
      return value
    })
  for (let poging = 1; ; poging++) {
    try {
      return await attempt()
    } catch (err) {
      if (err instanceof DomainError) throw err
      const raced = await stored()
      if (raced.found) return raced.value
      // Another request with another key wrote the same unique row (a BSN, a number) between our
      // read and our insert. Run the change once more: it now reads that row and decides on it,
      // as it would have done had it come second (7). The same for a deadlock the database broke.
      if (!isUniqueViolation(err) && !isDeadlock(err)) throw err
      if (poging === 2)
        throw conflict('Een ander verzoek schreef tegelijk hetzelfde. Probeer het opnieuw.', {
          tegelijk: true,
        })
    }
  }
}

/**
 * Find options that read a row with its write lock, held until the transaction ends (`SELECT …
 * FOR UPDATE`): two changes that decide on the same row, such as closing a plan and allocating
 * under it, then take turns, and the second reads the row as the first left it rather than as
 * its transaction's snapshot saw it. Plain reads after it see what the first change wrote only
 * when no plain read came before it in the transaction (the snapshot is taken at the first);
 * otherwise read what the decision rests on with the lock too. SQLite writes one transaction at a
 * time and has no such lock: a plain read there.
 */
export function metSchrijfslot(tx: EntityManager): { lock?: { mode: 'pessimistic_write' } } {
  return tx.connection.driver.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' } }
}

/**
 * Moves a row to the state `event` leads to, guarded by the state it was read in: when
 * someone else changed it in between, the step is judged again against the state it has now
 * (INVALID_TRANSITION), or refused with CONFLICT when it would still be allowed.
 */
export async function changeStatus<S extends string, E extends string>(
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
    // Read as committed now, not as this transaction's snapshot still shows it.
    const nu = await tx.findOne(target, { where: { id: rij.id } as never, ...metSchrijfslot(tx) })
    if (nu) machine.next(nu.status, event)
    throw conflict('Dit is intussen door iemand anders gewijzigd. Laad het opnieuw.', {
      huidigeStatus: nu?.status,
    })
  }
  return naar
}
