// Puts a newly created customer into the cached lists it belongs to, so a
// customer created by the form or announced by the `customerChanged`
// subscription shows up without refetching (and losing the pages already
// loaded). Updates need nothing here: the Customer is normalized by id and
// every row reading it re-renders.
import type { ApolloCache, Reference } from '@apollo/client';

import type { CustomersView_CustomerFragment } from '../../gql/graphql';
import { customerMatchesView, viewFromStoreFieldName } from './customers-view';

interface StoredEdge {
  readonly __typename?: string;
  readonly cursor: string;
  readonly node: Reference;
}

interface StoredConnection {
  readonly edges: readonly StoredEdge[];
  readonly totalCount?: number;
  readonly [extra: string]: unknown;
}

export interface InsertOutcome {
  /** Views sorted by something other than creation time that include the customer but could not place it. */
  readonly unplacedViews: number;
}

/**
 * Prepends the customer (which must already be in the cache, as it is after a
 * mutation or subscription result was written) to every cached newest-first
 * list whose filter it matches, once. Lists in other orders cannot know where
 * it falls among rows not yet loaded; they are reported instead.
 */
export function insertCreatedCustomer(
  cache: ApolloCache,
  customer: CustomersView_CustomerFragment,
  parentOf: ReadonlyMap<string, string | null>,
): InsertOutcome {
  let unplacedViews = 0;
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
        if (view.orderBy !== 'CREATED_AT_DESC') {
          unplacedViews += 1;
          return existing;
        }
        const node = toReference({ __typename: 'Customer', id: customer.id });
        if (!node) return existing;
        // The server gives no cursor here; an empty one is never used for
        // paging (fetchMore continues from pageInfo.endCursor).
        const edge: StoredEdge = { __typename: 'CustomerEdge', cursor: '', node };
        return {
          ...connection,
          edges: [edge, ...connection.edges],
          ...(typeof connection.totalCount === 'number'
            ? { totalCount: connection.totalCount + 1 }
            : {}),
        };
      },
    },
  });
  return { unplacedViews };
}
