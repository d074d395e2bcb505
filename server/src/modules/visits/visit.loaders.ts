/**
 * Per-request loaders of the visit module. A page of customers asking for
 * their visits, last visits or visit summary costs one statement per field
 * (two for a connection: rows and totals), never one per customer.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { groupLoader } from '../../graphql/loaders.js';
import type { DataScope } from '../auth/viewer.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { COMPANY_TIME_ZONE } from '../../calendar.js';
import { Visit, VisitChannel, type VisitPurpose } from './visit.entity.js';

/** One customer's page of visits, newest first. */
export interface CustomerVisitsKey {
  customerId: number;
  first: number;
  /** Keyset of the last row seen: [occurredAt ISO string, id]. */
  after: [string, number] | null;
  channels: VisitChannel[] | null;
  purposes: VisitPurpose[] | null;
  from: Date | null;
  to: Date | null;
}

export interface VisitSummaryRow {
  total: number;
  byChannel: Array<{ channel: VisitChannel; count: number }>;
  lastVisitAt: Date | null;
  openPromises: number;
}

const CHANNEL_ORDER = Object.values(VisitChannel);

/** A batch key without its customer: keys that share it run in one statement. */
function argsOf(key: Omit<CustomerVisitsKey, 'customerId'> & { customerId?: number }): string {
  const { customerId: _customerId, ...rest } = key;
  return JSON.stringify(rest);
}

/** `where` conditions (and their parameters) over `visit v` for a batch of customers. */
function conditions(customerIds: number[], args: Omit<CustomerVisitsKey, 'customerId'>, withKeyset: boolean): { sql: string; params: unknown[] } {
  const parts = ['v.customer_id in (?)'];
  const params: unknown[] = [customerIds];
  if (args.channels?.length) {
    parts.push('v.channel in (?)');
    params.push(args.channels);
  }
  if (args.purposes?.length) {
    parts.push('v.purpose in (?)');
    params.push(args.purposes);
  }
  if (args.from) {
    parts.push('v.occurred_at >= ?::timestamptz');
    params.push(args.from.toISOString());
  }
  if (args.to) {
    parts.push('v.occurred_at < ?::timestamptz');
    params.push(args.to.toISOString());
  }
  if (withKeyset && args.after) {
    parts.push('(v.occurred_at, v.id) < (?::timestamptz, ?)');
    params.push(args.after[0], args.after[1]);
  }
  return { sql: parts.join(' and '), params };
}

/**
 * At most `perCustomer` visits of each customer, newest first, in ONE
 * statement: row_number() over each customer's visits.
 */
async function rankedVisits(em: EntityManager, where: { sql: string; params: unknown[] }, perCustomer: number): Promise<Visit[]> {
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select * from (
       select v.*, row_number() over (partition by v.customer_id order by v.occurred_at desc, v.id desc) as visit_rank
       from visit v where ${where.sql}
     ) ranked where visit_rank <= ? order by customer_id, occurred_at desc, id desc`,
    [...where.params, perCustomer],
  );
  return rows.map(({ visit_rank: _rank, ...row }) => em.map(Visit, row));
}

/** Groups visits by customer, keeping their order. */
function byCustomer(visits: Visit[]): Map<number, Visit[]> {
  const groups = new Map<number, Visit[]>();
  for (const visit of visits) {
    const group = groups.get(visit.customer.id);
    if (group) group.push(visit);
    else groups.set(visit.customer.id, [visit]);
  }
  return groups;
}

/** `scope` is read when a batch runs: the viewer is known by then. */
export function createVisitLoaders(em: EntityManager, scope: () => DataScope) {
  return {
    /** Visits whose customer the viewer may see; null for any other id. */
    visit: new DataLoader<number, Visit | null>(async (ids) => {
      const rows = await em.find(Visit, { $and: [{ id: { $in: [...ids] } }, { customer: customerScopeFilter(scope()) }] });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),

    /** Ids of the people on each visit (the user loader turns them into users). */
    visitParticipantIds: groupLoader(
      (visitIds: number[]) =>
        em.execute<Array<{ visitId: number; userId: number }>>(
          `select visit_id as "visitId", user_id as "userId" from visit_participant where visit_id in (?) order by visit_id, user_id`,
          [visitIds],
        ),
      (row) => row.visitId,
    ),

    /** A page of one customer's visits plus the count of all that match; one batch per distinct arguments. */
    customerVisits: new DataLoader<CustomerVisitsKey, { rows: Visit[]; totalCount: number }, string>(
      async (keys) => {
        const batches = new Map<string, CustomerVisitsKey[]>();
        for (const key of keys) {
          const args = argsOf(key);
          batches.set(args, [...(batches.get(args) ?? []), key]);
        }
        const results = new Map<string, { rows: Visit[]; totalCount: number }>();
        for (const batch of batches.values()) {
          const args = batch[0]!;
          const customerIds = [...new Set(batch.map((key) => key.customerId))];
          const counted = conditions(customerIds, args, false);
          const [rows, counts] = await Promise.all([
            rankedVisits(em, conditions(customerIds, args, true), args.first + 1),
            em.execute<Array<{ customerId: number; n: number }>>(
              `select v.customer_id as "customerId", count(*)::int as n from visit v where ${counted.sql} group by v.customer_id`,
              counted.params,
            ),
          ]);
          const groups = byCustomer(rows);
          const totals = new Map(counts.map((row) => [row.customerId, row.n]));
          for (const customerId of customerIds) {
            results.set(argsOf(args) + customerId, { rows: groups.get(customerId) ?? [], totalCount: totals.get(customerId) ?? 0 });
          }
        }
        return keys.map((key) => results.get(argsOf(key) + key.customerId)!);
      },
      { cacheKeyFn: (key) => argsOf(key) + key.customerId },
    ),

    /** The last `count` visits of each customer: one statement for a page of customers asking for the same count. */
    lastVisits: new DataLoader<{ customerId: number; count: number }, Visit[], string>(
      async (keys) => {
        const counts = [...new Set(keys.map((key) => key.count))];
        const groups = new Map<number, Map<number, Visit[]>>();
        for (const count of counts) {
          const customerIds = [...new Set(keys.filter((key) => key.count === count).map((key) => key.customerId))];
          const where = { sql: 'v.customer_id in (?)', params: [customerIds] as unknown[] };
          groups.set(count, byCustomer(await rankedVisits(em, where, count)));
        }
        return keys.map((key) => groups.get(key.count)!.get(key.customerId) ?? []);
      },
      { cacheKeyFn: (key) => `${key.customerId}:${key.count}` },
    ),

    /**
     * Totals per customer in one statement. An open promise is a promise to
     * pay falling due today or later (company time zone).
     */
    visitSummary: new DataLoader<number, VisitSummaryRow>(async (customerIds) => {
      const rows = await em.execute<Array<{ customerId: number; channel: VisitChannel; n: number; lastAt: string; open: number }>>(
        `select v.customer_id as "customerId", v.channel, count(*)::int as n,
                to_char(max(v.occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "lastAt",
                (count(*) filter (where v.promised_on >= (now() at time zone ?)::date))::int as open
         from visit v
         where v.customer_id in (?)
         group by v.customer_id, v.channel`,
        [COMPANY_TIME_ZONE, [...customerIds]],
      );
      const summaries = new Map<number, VisitSummaryRow>();
      for (const row of rows) {
        const summary = summaries.get(row.customerId) ?? { total: 0, byChannel: [], lastVisitAt: null, openPromises: 0 };
        const lastAt = new Date(row.lastAt);
        summary.total += row.n;
        summary.openPromises += row.open;
        summary.byChannel.push({ channel: row.channel, count: row.n });
        if (!summary.lastVisitAt || lastAt > summary.lastVisitAt) summary.lastVisitAt = lastAt;
        summaries.set(row.customerId, summary);
      }
      for (const summary of summaries.values()) {
        summary.byChannel.sort((a, b) => CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel));
      }
      return customerIds.map((id) => summaries.get(id) ?? { total: 0, byChannel: [], lastVisitAt: null, openPromises: 0 });
    }),
  };
}
