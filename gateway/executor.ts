import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface'

/**
 * The gateway Apollo Server gets: `gateway` with `wrap` around its executor, so that the
 * gateway's own rules (R34-R36) run before Apollo Gateway executes a request. `onSchema` is told
 * of every new schema, for what was learned of the old one.
 */
export function aroundExecutor(
  gateway: GatewayInterface,
  wrap: (executor: GatewayExecutor) => GatewayExecutor,
  onSchema: () => void = () => {},
): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) =>
      gateway.onSchemaLoadOrUpdate((schema) => {
        onSchema()
        callback(schema)
      }),
    load: async (options) => {
      const { executor } = await gateway.load(options)
      return { executor: executor && wrap(executor) }
    },
    stop: () => gateway.stop(),
  }
}
