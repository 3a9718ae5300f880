import type { ApolloServerPlugin, BaseContext } from '@apollo/server'
import { GraphQLError, visit, BREAK } from 'graphql'
import { ErrorCode } from '../errors'

/**
 * A subgraph's SDL (`_service { sdl }`) is for the region's gateway only: it names every
 * internal field, @inaccessible ones included. `_service` exists only on Query, so any
 * occurrence in the document, however nested in fragments, is a request for it.
 */
export function sdlOnlyForGateway<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          let asks = false
          visit(document, {
            Field(node) {
              if (node.name.value !== '_service') return undefined
              asks = true
              return BREAK
            },
          })
          if (asks && !(contextValue as { viaGateway?: boolean }).viaGateway) {
            throw new GraphQLError('De SDL van deze dienst is alleen voor de gateway van de regio.', {
              extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
            })
          }
        },
      }
    },
  }
}
