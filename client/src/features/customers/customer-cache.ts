// Puts a newly created customer into the cached lists it belongs to, so a
// customer created by the form or announced by the `customerChanged`
// subscription shows up without refetching (and losing the pages already
// loaded). Updates need nothing here: the Customer is normalized by id and
// every row reading it re-renders.
import type { ApolloCache, Reference } from '@apollo/client';

import type { CustomersView_CustomerFragment } from '../../gql/graphql';
import { compareCodePoints, customerMatchesView, viewFromStoreFieldName } from './customers-view';

interface StoredEdge {
  readonly __typename?: string;
  readonly cursor: string;
  readonly node: Reference;
}

interface StoredConnection {
  readonly edges: readonly StoredEdge[];
  readonly pageInfo?: { readonly hasNextPage?: boolean };
  readonly totalCount?: number;
  readonly [extra: string]: unknown;
}

/**
 * Where the new edge goes among the loaded ones, or null when it falls after
 * them while more pages exist (it will arrive with a later page).
 */
function insertionIndex(
  connection: StoredConnection,
  orderBy: string,
  name: string,
  nameOf: (edge: StoredEdge) => string | undefined,
): number | null {
  if (orderBy === 'CREATED_AT_DESC') return 0;
  if (orderBy !== 'NAME_ASC') return null;
  const index = connection.edges.findIndex((edge) => compareCodePoints(nameOf(edge) ?? '', name) > 0);
  if (index >= 0) return index;
  return connection.pageInfo?.hasNextPage === false ? connection.edges.length : null;
}

/**
 * Adds the customer (which must already be in the cache, as it is once a
 * mutation or subscription result was written) to every cached list whose
 * filter it matches, at its place in that list's order, once. When that
 * place is beyond the loaded pages only the count changes.
 */
export function insertCreatedCustomer(
  cache: ApolloCache,
  customer: CustomersView_CustomerFragment,
  parentOf: ReadonlyMap<string, string | null>,
): void {
  cache.modify<{ customers: StoredConnection }>({
    id: 'ROOT_QUERY',
    fields: {
      customers(existing, { storeFieldName, readField, toReference }) {
        const view = viewFromStoreFieldName(storeFieldName);
        const connection = existing as StoredConnection | undefined;
        if (!view || !connection?.edges) return existing;
        if (!customerMatchesView(customer, view, parentOf)) return existing;
        const present = connection.edges.some(
          (edge) => readField<string>('id', edge.node) === customer.id,
        );
        if (present) return existing;
        const index = insertionIndex(connection, view.orderBy, customer.name, (edge) =>
          readField<string>('name', edge.node),
        );
        const node = toReference({ __typename: 'Customer', id: customer.id });
        const edges = [...connection.edges];
        if (index !== null && node) {
          // The server gives no cursor here; an empty one is never used for
          // paging (fetchMore continues from pageInfo.endCursor).
          edges.splice(index, 0, { __typename: 'CustomerEdge', cursor: '', node });
        }
        return {
          ...connection,
          edges,
          ...(typeof connection.totalCount === 'number'
            ? { totalCount: connection.totalCount + 1 }
            : {}),
        };
      },
    },
  });
}
