import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled'

/**
 * Apollo Server sends usage figures (and, asked to, the schema) to Apollo's servers as soon as
 * `APOLLO_KEY` is set. No service of this federation reports to anyone outside it: every server
 * takes these plugins, which keep Apollo's own from being installed whatever the environment says.
 *
 * Nor does any field of this graph carry a cache hint (`@cacheControl`): what may be cached is
 * decided by the gateway's entity cache (docs/routing.md R28), and no answer sets `Cache-Control`.
 * Apollo's cache-control plugin, installed by default, would still wrap every resolver of every
 * request to compute a policy that always comes out "do not cache"; in a gemeente instance that
 * was 4 % of its CPU on a page of plans.
 */
export const apolloDefaultsOff = () => [
  ApolloServerPluginUsageReportingDisabled(),
  ApolloServerPluginSchemaReportingDisabled(),
  ApolloServerPluginCacheControlDisabled(),
]
