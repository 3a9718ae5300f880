// Vanilla @apollo/gateway for `npm run bench`: the same supergraph, served by Apollo Server's
// standalone server, with the gemeente subgraph pointed at one instance (BENCH_GEMEENTE). It
// sends what the instances require of any gateway and nothing more: the caller's token, the
// request id, and a gateway token for each subgraph signed with the regio demo key (the same
// DEMO_DATA_DIR the services trust). No routing, limits, rate limits, metrics or tracing.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { startStandaloneServer } from '@apollo/server/standalone'
import { GATEWAY_TOKEN_HEADER } from '../shared/auth/caller'
import { demoKeyDir, serviceTokenSource, type AuthConfig } from '../shared/auth/identity'
import { gemeenteIssuer } from '../shared/auth/issuers'
import { demoKeyRing, trustFromKeyRing } from '../shared/auth/keys'
import { SCHEMA_DIR } from '../scripts/supergraph'

interface Context {
  authorization?: string
  requestId?: string
}

const env = (name: string) => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}
const gemeente = env('BENCH_GEMEENTE')
const urls: Record<string, string> = {
  catalogus: env('CATALOGUS_URL'),
  aanbieders: env('AANBIEDERS_URL'),
  gemeente: env('GEMEENTE_URL'),
}
const keys = await demoKeyRing(demoKeyDir(env('DEMO_DATA_DIR')))
const auth: AuthConfig = {
  audience: 'twents-model-graph',
  trust: trustFromKeyRing(keys),
  maxLifetimeSeconds: { person: 3600, service: 300 },
  signer: keys.get('regio'),
}
const identity = { sub: 'gateway', naam: 'Gateway regio Twente', rol: 'GATEWAY' } as const

class Source extends RemoteGraphQLDataSource<Context> {
  constructor(
    url: string,
    private readonly token: () => Promise<string>,
  ) {
    super({ url })
  }
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>) {
    const headers = request.http!.headers
    headers.set(GATEWAY_TOKEN_HEADER, await this.token())
    if (context.authorization) headers.set('authorization', context.authorization)
    if (context.requestId) headers.set('x-request-id', context.requestId)
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8'),
  buildService: ({ name }) =>
    new Source(
      urls[name],
      serviceTokenSource(identity, auth, name === 'gemeente' ? gemeenteIssuer(gemeente) : name),
    ),
})
const server = new ApolloServer<Context>({ gateway })
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' },
  context: async ({ req }) => ({
    authorization: req.headers.authorization,
    requestId: typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : undefined,
  }),
})
console.log(`ready ${url}`)
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)))
