// Generates the console's GraphQL types from the committed SDL. Run
// `pnpm codegen` after changing an operation or fragment (or the schema);
// `pnpm codegen:check` fails when src/gql/ is out of date.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  generates: {
    'src/gql/': {
      preset: 'client',
      // Apollo Client does the masking at run time (`dataMasking: true` in
      // src/apollo/client.ts, types wired in src/apollo/masking.d.ts), so the
      // preset's own type-only masking helpers are turned off.
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', Decimal: 'string', Quantity: 'string', Measure: 'string', JSONObject: 'Record<string, unknown>' },
        strictScalars: true,
        // Enums as string-literal unions: codegen 6's spelling of `enumsAsTypes: true`
        // (the client preset no longer forwards `enumsAsTypes`).
        enumType: 'string-literal',
        useTypeImports: true,
        skipTypeNameForRoot: true,
        inlineFragmentTypes: 'mask',
        customDirectives: { apolloUnmask: true },
      },
    },
  },
};

export default config;
