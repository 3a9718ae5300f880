import {
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled'

/**
 * Apollo Server sends usage figures (and, asked to, the schema) to Apollo's servers as soon as
 * `APOLLO_KEY` is set. No service of this federation reports to anyone outside it: every server
 * takes these plugins, which keep Apollo's own from being installed whatever the environment says.
 */
export const noReportingToApollo = () => [
  ApolloServerPluginUsageReportingDisabled(),
  ApolloServerPluginSchemaReportingDisabled(),
]
