/**
 * The lossless alert stream behind the arrearsAlerts subscription.
 *
 * Alerts carry `seq`, their position in commit order (alerts migration): once
 * seq N is visible, every smaller seq that will ever exist is visible too. A
 * subscriber names the last seq it saw (`since`); the stream
 *   1. subscribes to the instance's event bus FIRST and buffers what arrives,
 *   2. notes the highest committed seq, then replays every alert after `since`
 *      the viewer may see from the table, in seq order, page by page,
 *   3. then emits the buffered and new `alert.raised` events whose seq is
 *      above the last one handled, dropping the rest (already replayed).
 * If a live event's seq skips numbers (events of one notification batch can
 * arrive out of commit order, a notification may be lost while the bus
 * reconnects, a seq may be burned by a commit that failed late), the missing
 * range is read from the table before the event is emitted: no gaps, no
 * duplicates. Otherwise live events are filtered on their own facts (org
 * path, responsible rep, kind, severity in the payload): no SQL per event.
 * (Live events name the customer's rep when the alert was raised, a replay
 * the rep it has now; they differ only for a customer handed over between.)
 */
import { Repeater } from '@graphql-yoga/subscription';
import type { DomainEvent } from '../../events/domain-events.js';
import { SHARE_WINDOW_MS } from '../../graphql/shared-subscriptions.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import type { AlertKind, AlertSeverity } from './alert.entity.js';

export interface AlertStreamFilter {
  /** Root of the watched subtree, '/1/4/'. */
  rootPath: string;
  /** Set for reps: only alerts of customers with this responsible rep. */
  repId: number | null;
  kinds: AlertKind[] | null;
  severities: AlertSeverity[] | null;
}

/** One alert to push: replayed from the table or live from the bus. */
export interface AlertPush {
  seq: string;
  alertId: number;
  replayed: boolean;
}

export type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** Rows per replay statement. */
export const REPLAY_PAGE = 500;

/**
 * One push object per alert and way of delivery, whichever subscriber's
 * stream makes it: the fan-out (graphql/shared-subscriptions.ts) shares an
 * execution per event object, so every subscriber must hold the same one.
 * Live pushes hang off the bus event; replays (many clients reconnecting
 * after a restart ask for the same seqs) are kept for the share window.
 */
const livePushes = new WeakMap<DomainEvent, AlertPush>();
const replayPushes = new Map<string, AlertPush>();

function livePush(event: DomainEvent): AlertPush {
  let push = livePushes.get(event);
  if (!push) livePushes.set(event, (push = { seq: event.payload.seq as string, alertId: Number(event.payload.alertId), replayed: false }));
  return push;
}

function rangePush(seq: string, alertId: number, replayed: boolean): AlertPush {
  const key = `${seq}:${replayed}`;
  let push = replayPushes.get(key);
  if (!push) {
    replayPushes.set(key, (push = { seq, alertId, replayed }));
    setTimeout(() => replayPushes.delete(key), SHARE_WINDOW_MS).unref();
  }
  return push;
}

/** Alerts with after < seq < before (before optional) that the filter lets through, in seq order. */
async function* range(query: Query, filter: AlertStreamFilter, after: bigint, before: bigint | null, replayed: boolean): AsyncGenerator<AlertPush> {
  let from = after;
  for (;;) {
    const conditions = ['a.seq > ?', `o.path like ?`];
    const params: unknown[] = [from.toString(), `${escapeLike(filter.rootPath)}%`];
    if (before !== null) {
      conditions.push('a.seq < ?');
      params.push(before.toString());
    }
    if (filter.repId !== null) {
      conditions.push('c.responsible_rep_id = ?');
      params.push(filter.repId);
    }
    if (filter.kinds?.length) {
      conditions.push('a.kind in (?)');
      params.push(filter.kinds);
    }
    if (filter.severities?.length) {
      conditions.push('a.severity in (?)');
      params.push(filter.severities);
    }
    const rows = await query<{ seq: string; id: string }>(
      `select a.seq::text as seq, a.id::text as id
       from alert a join org_unit o on o.id = a.org_unit_id join customer c on c.id = a.customer_id
       where ${conditions.join(' and ')}
       order by a.seq limit ${REPLAY_PAGE}`,
      params,
    );
    for (const row of rows) yield rangePush(row.seq, Number(row.id), replayed);
    if (rows.length < REPLAY_PAGE) return;
    from = BigInt(rows.at(-1)!.seq);
  }
}

/** True when a live `alert.raised` event passes the filter, decided on the event alone. */
export function alertEventMatches(event: DomainEvent, filter: AlertStreamFilter): boolean {
  const payload = event.payload as { responsibleRepId?: number | null; alertKind?: AlertKind; severity?: AlertSeverity };
  if (!isInSubtree(event.orgPath, filter.rootPath)) return false;
  if (filter.repId !== null && payload.responsibleRepId !== filter.repId) return false;
  if (filter.kinds?.length && !filter.kinds.includes(payload.alertKind!)) return false;
  if (filter.severities?.length && !filter.severities.includes(payload.severity!)) return false;
  return true;
}

/**
 * Replays the alerts after `since` (none when null), then streams new ones.
 * `subscribe` is called once, before any replay statement runs, and what it
 * delivers is buffered. A Repeater rather than an async generator: a client
 * that unsubscribes while the stream waits for events ends it at once.
 */
export function alertStream(subscribe: () => AsyncIterable<DomainEvent>, query: Query, filter: AlertStreamFilter, since: bigint | null): Repeater<AlertPush> {
  return new Repeater<AlertPush>(async (push, stop) => {
    const source = subscribe()[Symbol.asyncIterator]();
    const queue: DomainEvent[] = [];
    const signal: { wake: (() => void) | null; closed: boolean } = { wake: null, closed: false };
    const close = () => {
      signal.closed = true;
      signal.wake?.();
    };
    void stop.then(close);
    // Listen from now on (the first next() registers the listener synchronously) and buffer.
    const pump = (async () => {
      try {
        for (;;) {
          const next = await source.next();
          if (next.done || signal.closed) break;
          if (next.value.kind === 'alert.raised') {
            queue.push(next.value);
            signal.wake?.();
          }
        }
      } finally {
        close();
      }
    })();

    try {
      // Everything committed up to `horizon` is covered by the replay below.
      const [top] = await query<{ max: string }>('select coalesce(max(seq), 0)::text as max from alert', []);
      const horizon = BigInt(top!.max);
      let last = since ?? horizon;
      if (since !== null) {
        for await (const item of range(query, filter, since, null, true)) {
          if (signal.closed) return;
          await push(item);
          last = BigInt(item.seq);
        }
        if (horizon > last) last = horizon;
      }

      while (!signal.closed) {
        while (queue.length && !signal.closed) {
          const event = queue.shift()!;
          const raw = event.payload.seq;
          if (typeof raw !== 'string') continue;
          const seq = BigInt(raw);
          if (seq <= last) continue;
          if (seq > last + 1n) {
            for await (const item of range(query, filter, last, seq, false)) await push(item);
          }
          last = seq;
          if (alertEventMatches(event, filter)) await push(livePush(event));
        }
        await new Promise<void>((resolve) => {
          signal.wake = resolve;
          if (queue.length || signal.closed) resolve();
        });
        signal.wake = null;
      }
    } finally {
      close();
      await source.return?.();
      await pump.catch(() => undefined);
      stop();
    }
  });
}
