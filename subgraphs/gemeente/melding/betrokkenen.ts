import type { EntityManager } from 'typeorm'
import { Inwoner } from '../inwoner/inwoner.entity'
import type { Melding } from './melding.entity'

/** Whom a request is about, for the access log: its resident, or every member of the household. */
export async function betrokkenen(
  tx: EntityManager,
  melding: Pick<Melding, 'inwonerId' | 'huishoudenId'>,
): Promise<string[]> {
  if (melding.inwonerId) return [melding.inwonerId]
  return (await tx.findBy(Inwoner, { huishoudenId: melding.huishoudenId })).map((lid) => lid.id)
}
