// Subscribes to `customerChanged` for the org unit being viewed (the whole
// company when none) and keeps the last few events for the live feed. The
// subscription's Customer is written to the normalized cache by Apollo before
// `onEvent` runs, so updated rows are already current; `onEvent` handles the
// rest (flashing, placing new customers).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSubscription } from '@apollo/client/react';

import { graphql } from '../../gql';
import type { CustomerChangedSubscription } from '../../gql/graphql';

export const customerChangedSubscription = graphql(`
  subscription CustomerChanged($orgUnitId: ID) {
    customerChanged(orgUnitId: $orgUnitId) {
      eventId
      kind
      changedFields
      occurredAt
      customer {
        id
        ...CustomerRow_customer
        ...CustomersView_customer @unmask
      }
    }
  }
`);

export type CustomerChange = CustomerChangedSubscription['customerChanged'];

export const FEED_SIZE = 10;

export function useCustomerChanges(orgUnitId: string | null, onEvent: (event: CustomerChange) => void) {
  const [events, setEvents] = useState<readonly CustomerChange[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const onEventRef = useRef(onEvent);
  useEffect(() => {
    onEventRef.current = onEvent;
  });

  const { restart } = useSubscription(customerChangedSubscription, {
    variables: orgUnitId ? { orgUnitId } : {},
    // Events are handled in onData; re-rendering the list per event is not needed.
    ignoreResults: true,
    onData: ({ data }) => {
      const event = data.data?.customerChanged;
      if (!event) return;
      setError(null);
      setEvents((previous) =>
        previous.some((e) => e.eventId === event.eventId)
          ? previous
          : [event, ...previous].slice(0, FEED_SIZE),
      );
      onEventRef.current(event);
    },
    onError: (e) => setError(e),
  });

  const resubscribe = useCallback(() => {
    setError(null);
    restart();
  }, [restart]);

  return { events, error, resubscribe };
}
