import type { ApolloServerPlugin, BaseContext } from '@apollo/server'
import type { DataSource } from 'typeorm'
import type { Routes } from '../http/serve'
import { databasePoolMetrics, ServiceMetrics } from './metrics'
import { serviceOfServer, tracingPlugin } from './tracing'

export interface ObserveOptions {
  /** `gateway`, `catalogus`, `aanbieders` or `gemeente`. */
  service: string
  /** The gemeente an instance serves. */
  gemeente?: string
  /** The service's database, for the pool's figures. */
  db?: DataSource
}

/** What one service needs to be watched: its metrics, `GET /metrics`, and its Apollo plugins. */
export interface Observed {
  metrics: ServiceMetrics
  routes: Routes
  plugins<TContext extends BaseContext>(): ApolloServerPlugin<TContext>[]
  /** Names the service of the Apollo Server it built, for the spans of its requests. */
  adopt<S extends object>(server: S): S
}

/** Metrics and tracing for one service: every service of the graph is built with one. */
export function observeService(options: ObserveOptions): Observed {
  const metrics = new ServiceMetrics(options)
  if (options.db) databasePoolMetrics(metrics.registry, options.db)
  const traceName = options.gemeente ? `${options.service}:${options.gemeente}` : options.service
  return {
    metrics,
    routes: metrics.routes(),
    plugins: <TContext extends BaseContext>() => [metrics.plugin<TContext>(), tracingPlugin<TContext>()],
    adopt(server) {
      serviceOfServer(server, traceName)
      return server
    },
  }
}
