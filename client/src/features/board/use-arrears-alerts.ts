// The board's alert list: the open alerts of the lead's subtree (one query),
// then every alert raised after them from `arrearsAlerts`, newest first.
//
// No gaps: the subscription starts with `since` = the newest seq the query
// returned, so alerts raised between the query and the subscription are
// replayed. No duplicates: every entry is keyed by seq (and by alert id), so
// a replayed alert already on screen is dropped. After a dropped socket,
// graphql-ws resubscribes by itself with the variables it had; when the
// socket comes back we also move `since` to the last seq received, so the
// server replays only what was missed.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FragmentType } from '@apollo/client';
import { useQuery, useSubscription } from '@apollo/client/react';

import { useConnectionState } from '../../apollo/connection-state';
import { graphql } from '../../gql';
import { AlertItem_alert } from './AlertItem';
import { compareSeq, maxSeq } from './seq';

/** How many open alerts the board loads, and keeps at most. */
export const BOARD_ALERTS = 100;

export const boardAlertsQuery = graphql(`
  query BoardAlerts($filter: AlertFilter, $latestFilter: AlertFilter, $first: Int!) {
    # The newest alert in any state: where the stream starts even when none is open.
    latest: alerts(filter: $latestFilter, first: 1) {
      edges {
        node {
          id
          seq
        }
      }
    }
    alerts(filter: $filter, first: $first) {
      totalCount
      edges {
        node {
          id
          seq
          ...AlertItem_alert
        }
      }
    }
  }
`);

export const arrearsAlertsSubscription = graphql(`
  subscription BoardArrearsAlerts($since: ID, $filter: AlertStreamFilterInput) {
    arrearsAlerts(since: $since, filter: $filter) {
      seq
      replayed
      alert {
        id
        ...AlertItem_alert
      }
    }
  }
`);

// Keeps acknowledged / assigned / resolved states current when someone else
// acts: Apollo writes each pushed Alert into the normalized cache, and every
// AlertItem reads its alert from there.
export const alertChangedSubscription = graphql(`
  subscription BoardAlertChanged($filter: AlertStreamFilterInput) {
    alertChanged(filter: $filter) {
      eventId
      change
      alert {
        id
        ...AlertItem_alert
      }
    }
  }
`);

export interface BoardAlert {
  readonly id: string;
  /** Null only for alerts from the query that the server has no seq for. */
  readonly seq: string | null;
  readonly alert: FragmentType<typeof AlertItem_alert>;
}

function newestFirst(a: BoardAlert, b: BoardAlert): number {
  if (a.seq && b.seq) return compareSeq(b.seq, a.seq);
  return a.seq ? -1 : b.seq ? 1 : 0;
}

export function useArrearsAlerts(orgUnitId: string) {
  const filter = useMemo(() => ({ orgUnitId }), [orgUnitId]);
  const { data, error, loading, refetch } = useQuery(boardAlertsQuery, {
    variables: { filter: { ...filter, open: true }, latestFilter: filter, first: BOARD_ALERTS },
    fetchPolicy: 'network-only',
  });

  const [live, setLive] = useState<readonly BoardAlert[]>([]);
  const [unseen, setUnseen] = useState<ReadonlySet<string>>(() => new Set());
  const lastSeq = useRef<string | null>(null);
  /** `since` of the running subscription; undefined until the first query answered. */
  const [since, setSince] = useState<string | null | undefined>(undefined);

  const loaded = useMemo<readonly BoardAlert[]>(
    () => (data?.alerts.edges ?? []).map(({ node }) => ({ id: node.id, seq: node.seq ?? null, alert: node })),
    [data],
  );

  /** Alert ids and `seq:<n>` keys of everything on the board: the dedupe for pushes. */
  const known = useRef(new Set<string>());
  useEffect(() => {
    for (const a of loaded) {
      known.current.add(a.id);
      if (a.seq) known.current.add(`seq:${a.seq}`);
    }
  }, [loaded]);

  // Start the stream right after the first answer, from its newest seq.
  useEffect(() => {
    if (!data || since !== undefined) return;
    const newest = loaded.reduce<string | null>(
      (max, a) => maxSeq(max, a.seq),
      data.latest.edges[0]?.node.seq ?? null,
    );
    lastSeq.current = maxSeq(lastSeq.current, newest);
    setSince(lastSeq.current);
  }, [data, loaded, since]);

  // Socket back after a drop: continue from the last seq received.
  const { reconnects } = useConnectionState();
  const handledReconnects = useRef(reconnects);
  useEffect(() => {
    if (reconnects === handledReconnects.current) return;
    handledReconnects.current = reconnects;
    if (since === undefined) return;
    setSince(lastSeq.current);
    // alertChanged does not replay: reload the open list for states changed meanwhile.
    void refetch().catch(() => undefined);
  }, [reconnects, since, refetch]);

  const [streamError, setStreamError] = useState<Error | null>(null);
  const { restart } = useSubscription(arrearsAlertsSubscription, {
    variables: since ? { since, filter } : { filter },
    skip: since === undefined,
    ignoreResults: true,
    onData: ({ data: pushed }) => {
      const push = pushed.data?.arrearsAlerts;
      if (!push) return;
      setStreamError(null);
      lastSeq.current = maxSeq(lastSeq.current, push.seq);
      // A replay of something already on the board (loaded, or pushed before
      // a reconnect) is dropped here, so it neither shows twice nor counts as new.
      if (known.current.has(`seq:${push.seq}`) || known.current.has(push.alert.id)) return;
      known.current.add(`seq:${push.seq}`).add(push.alert.id);
      const entry: BoardAlert = { id: push.alert.id, seq: push.seq, alert: push.alert };
      setLive((previous) => [entry, ...previous].sort(newestFirst).slice(0, BOARD_ALERTS));
      setUnseen((previous) => new Set(previous).add(push.alert.id));
    },
    onError: (e) => setStreamError(e),
  });

  useSubscription(alertChangedSubscription, { variables: { filter }, ignoreResults: true });

  const alerts = useMemo(() => {
    const seen = new Set<string>();
    const merged: BoardAlert[] = [];
    for (const a of [...live, ...loaded]) {
      const key = a.seq ?? a.id;
      if (seen.has(key) || seen.has(a.id)) continue;
      seen.add(key);
      seen.add(a.id);
      merged.push(a);
    }
    return merged.sort(newestFirst).slice(0, BOARD_ALERTS);
  }, [live, loaded]);

  // Open alerts: the query's count plus those raised since (a pushed alert
  // the query already had is not counted twice).
  const loadedIds = useMemo(() => new Set(loaded.map((a) => a.id)), [loaded]);
  const totalOpen = data ? data.alerts.totalCount + live.filter((a) => !loadedIds.has(a.id)).length : null;

  // Pushed alerts that are not on the list any more (capped) no longer count.
  const unseenCount = alerts.reduce((n, a) => n + (unseen.has(a.id) ? 1 : 0), 0);

  const markSeen = useCallback((id?: string) => {
    setUnseen((previous) => {
      if (id === undefined) return previous.size ? new Set() : previous;
      if (!previous.has(id)) return previous;
      const next = new Set(previous);
      next.delete(id);
      return next;
    });
  }, []);

  const resubscribe = useCallback(() => {
    setStreamError(null);
    setSince(lastSeq.current);
    restart();
  }, [restart]);

  const reload = useCallback(() => {
    void refetch().catch(() => undefined); // the error state shows it
  }, [refetch]);

  return {
    alerts,
    totalOpen,
    loading: loading && !data,
    error: data ? null : (error ?? null),
    reload,
    streamError,
    resubscribe,
    unseen,
    unseenCount,
    markSeen,
  };
}
