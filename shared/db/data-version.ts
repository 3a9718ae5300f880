import { randomUUID } from 'node:crypto'
import type { ApolloServerPlugin, BaseContext } from '@apollo/server'
import type { DataSource, EntitySubscriberInterface } from 'typeorm'
import type { Routes } from '../http/serve'

/** The header in which a regional subgraph names the version of its data an answer was read at. */
export const DATA_VERSION_HEADER = 'x-gegevensversie'

/** The path at which a regional subgraph answers its current data version (the gateway polls it). */
export const DATA_VERSION_PATH = '/gegevensversie'

/**
 * The version of a regional subgraph's data, so that the gateway's cache of its entities (R28,
 * R29) knows when it changed: `<process>.<count of writes>`. Every insert, update and removal
 * through TypeORM counts (an enrolment granted or suspended, a contract changed, a catalogue
 * entry), and so does every commit, so that a read that ran beside an open transaction is
 * superseded when that transaction ends. A new process starts a new version.
 *
 * Every answer names the version at its end. The gateway keeps what an answer carries only when
 * that is the version it knew before it asked: versions only grow, so then no write happened
 * while the answer was read.
 *
 * Counting may say "changed" when nothing the gateway caches changed (it then fetches again);
 * it never misses a change made through this process's ORM. Plain statements outside a
 * transaction (`db.query`) are not counted: the catalogue stores the gemeenten' counts for the
 * region's figures that way (RegioTellingen), on purpose, as nothing the gateway caches.
 */
export class DataVersion {
  private readonly process = randomUUID().slice(0, 8)
  private writes = 0

  constructor(db: DataSource) {
    const bump = () => void (this.writes += 1)
    const subscriber: EntitySubscriberInterface = {
      afterInsert: bump,
      afterUpdate: bump,
      afterRemove: bump,
      afterSoftRemove: bump,
      afterRecover: bump,
      afterTransactionCommit: bump,
    }
    db.subscribers.push(subscriber)
  }

  get current(): string {
    return `${this.process}.${this.writes}`
  }

  /** Stamps every answer with the version at its end (see the class). */
  plugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
    const version = this
    return {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            response.http.headers.set(DATA_VERSION_HEADER, version.current)
          },
        }
      },
    }
  }

  /** `GET /gegevensversie`: the current version, for the gateway's poll. */
  routes(): Routes {
    return {
      [`GET ${DATA_VERSION_PATH}`]: () => ({
        status: 200,
        body: { versie: this.current },
        headers: { 'cache-control': 'no-store' },
      }),
    }
  }
}
