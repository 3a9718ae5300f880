import type { CodegenConfig } from '@graphql-codegen/cli'

// Typed operations from the schema clients see (gateway/schema/api.graphql, written by
// `npm run compose`): an operation that no longer fits the schema fails here, and a changed
// result type fails the pages' type check.
const config: CodegenConfig = {
  schema: 'gateway/schema/api.graphql',
  documents: ['web/dashboard/**/*.tsx', 'web/mijn/**/*.tsx', 'web/shared/**/*.tsx'],
  generates: {
    'web/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { LocalDate: 'string' },
      },
    },
  },
  silent: true,
}
export default config
