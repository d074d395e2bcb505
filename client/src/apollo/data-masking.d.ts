// Tells Apollo Client's types that our operation types come from GraphQL
// Codegen with `inlineFragmentTypes: 'mask'`, so `useFragment`, `FragmentType`
// and friends understand the generated fragment references.
import type { GraphQLCodegenDataMasking } from '@apollo/client/masking';

declare module '@apollo/client' {
  export interface TypeOverrides extends GraphQLCodegenDataMasking.TypeOverrides {}
}
