// The normalized cache. Everything with an `id` is normalized by it (the
// default), so a Customer delivered by a subscription or a mutation updates
// every row that shows it. `customers` is a Relay connection: pages fetched
// with `after` are appended, and each filter + order combination is its own
// list (see customersKeyArgs).
import { InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

import { customersKeyArgs } from '../features/customers/customers-view';

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          customers: relayStylePagination(customersKeyArgs),
          // Expiring contracts (features/contracts): one list per window and filter.
          expiringContracts: relayStylePagination(['withinDays', 'filter']),
        },
      },
      // A customer's timeline pages (Customer 360) are appended to one list per filter.
      Customer: {
        fields: {
          timeline: relayStylePagination(['filter']),
        },
      },
      // Events have no `id`; they are facts delivered once, never refetched.
      CustomerChangedEvent: { keyFields: false },
    },
  });
}
