import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server'
import {
  startStandaloneServer,
  type StandaloneServerContextFunctionArgument,
} from '@apollo/server/standalone'

export interface Listening {
  url: string
  stop: () => Promise<void>
}

/**
 * Starts an Apollo Server on a port (0 for any free port) and returns its URL. Stopping drains
 * open requests first: Apollo's standalone server installs the drain plugin itself.
 */
export async function listen<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  port: number,
  context: ContextFunction<[StandaloneServerContextFunctionArgument], TContext>,
  host = '127.0.0.1',
): Promise<Listening> {
  const { url } = await startStandaloneServer(server, { listen: { port, host }, context })
  return { url, stop: () => server.stop() }
}
