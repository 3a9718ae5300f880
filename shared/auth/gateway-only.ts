import type { ApolloServerPlugin, BaseContext } from '@apollo/server'
import { GraphQLError, visit, BREAK } from 'graphql'
import { ErrorCode } from '../errors'

/**
 * What a subgraph answers to the region's gateway only:
 * - `_service { sdl }` names every internal field, @inaccessible ones included;
 * - `_entities` takes any number of representations, which the gateway bounds by the
 *   operation it planned (its limits and rate limits), but a direct caller would not.
 * Both exist only on Query, so any occurrence in the document, however nested in fragments,
 * is a request for them.
 */
const GATEWAY_ONLY = new Set(['_service', '_entities'])

export function gatewayOnlyFields<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if ((contextValue as { viaGateway?: boolean }).viaGateway) return
          let asked: string | null = null
          visit(document, {
            Field(node) {
              if (!GATEWAY_ONLY.has(node.name.value)) return undefined
              asked = node.name.value
              return BREAK
            },
          })
          if (asked) {
            throw new GraphQLError(`${asked} is alleen voor de gateway van de regio.`, {
              extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
            })
          }
        },
      }
    },
  }
}
