/**
 * A customer's timeline: everything that happened to it, newest first, read
 * from the registered sources (timeline.sources.ts) with ONE statement per
 * page — a UNION ALL of the sources inside a LATERAL join on the customers
 * the scope may see, so pages of many customers (a list with nested
 * timelines) still cost one statement. Order: occurred_at desc, kind, id
 * desc; the cursor is that triple, so pages stay gap- and duplicate-free
 * while new entries arrive (keyset paging). DESIGN.md "No N+1"; DOMAIN.md
 * "read a customer's whole history before a visit".
 */
import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import type { Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { TimelineErrors } from './timeline.errors.js';
import { sourceOfKind, type TimelineSource } from './timeline.sources.js';
import type { TimelineKind, TimelineRow } from './timeline-entry.js';

export interface TimelineFilter {
  /** Only these kinds; null or empty: all. */
  kinds: TimelineKind[] | null;
  /** From this instant on (inclusive). */
  from: Date | null;
  /** Before this instant (exclusive). */
  to: Date | null;
}

/** The sort key of an entry, as cursors carry it. */
export interface TimelineKey {
  occurredKey: string;
  kind: TimelineKind;
  sourceId: number;
}

export interface TimelinePageQuery extends TimelineFilter {
  first: number;
  after: TimelineKey | null;
}

/** A piece of SQL with its `?` parameters. */
interface Sql {
  text: string;
  params: unknown[];
}

/** Microseconds, UTC: the same text for the same instant, whatever the session time zone. */
const OCCURRED_KEY = `to_char(t.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

interface RawRow {
  customer_id: number;
  kind: TimelineKind | null;
  occurred_key: string | null;
  source_id: number | null;
  actor_id: number | null;
}

export class TimelineService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    /** Unused: the timeline only reads. */
    _actor: Actor,
    /** The sources the viewer may read (its permissions decide, e.g. bills need receivables:read). */
    private readonly sources: TimelineSource[],
  ) {}

  /** One customer's page (first + 1 rows); NOT_FOUND when the scope may not see the customer. */
  async page(customerId: number, query: TimelinePageQuery): Promise<TimelineRow[]> {
    const rows = (await this.pages([customerId], query)).get(customerId);
    if (!rows) throw CustomerErrors.notFound();
    return rows;
  }

  /**
   * Pages of several customers in one statement: first + 1 rows each, to
   * tell whether more follow. A customer the scope may not see (or that does
   * not exist) is missing from the map.
   */
  async pages(customerIds: number[], query: TimelinePageQuery): Promise<Map<number, TimelineRow[]>> {
    this.checkFilter(query);
    const limit = query.first + 1;
    const visible = this.visibleCustomers(customerIds);
    const parts = this.selected(query).map((source) => this.fragment(source, 'v.id', query, query.after, limit));
    const params = [...visible.params, ...parts.flatMap((p) => p.params)];
    const text = parts.length
      ? `select v.id as customer_id, t.kind, ${OCCURRED_KEY} as occurred_key, t.source_id, t.actor_id
         from (${visible.text}) v
         left join lateral (
           select u.* from (${parts.map((p) => p.text).join(' union all ')}) u
           order by u.occurred_at desc, u.kind collate "C", u.source_id desc
           limit ${limit}
         ) t on true
         order by v.id, t.occurred_at desc, t.kind collate "C", t.source_id desc`
      : `select v.id as customer_id, null as kind, null as occurred_key, null as source_id, null as actor_id
         from (${visible.text}) v`;
    const rows = await this.em.execute<RawRow[]>(text, params);
    const pages = new Map<number, TimelineRow[]>();
    for (const row of rows) {
      const page = pages.get(row.customer_id) ?? [];
      pages.set(row.customer_id, page);
      if (row.kind !== null) page.push(toRow(row));
    }
    return pages;
  }

  /** How many entries match the filter, per visible customer (one statement). */
  async counts(customerIds: number[], filter: TimelineFilter): Promise<Map<number, number>> {
    this.checkFilter(filter);
    const visible = this.visibleCustomers(customerIds);
    const parts = this.selected(filter).map((source) => {
      const { conditions, params } = this.conditions(source, 'v.id', filter, null);
      return { text: `(select count(*) from ${source.from} where ${conditions.join(' and ')})`, params };
    });
    const total = parts.length ? parts.map((p) => p.text).join(' + ') : '0';
    const rows = await this.em.execute<Array<{ customer_id: number; total: number }>>(
      `select v.id as customer_id, (${total})::int as total from (${visible.text}) v`,
      [...parts.flatMap((p) => p.params), ...visible.params],
    );
    return new Map(rows.map((r) => [r.customer_id, r.total]));
  }

  /** Entries by kind and subject id, for `node(id:)`; those of customers outside the scope are left out. */
  async entries(refs: Array<{ kind: TimelineKind; sourceId: number }>): Promise<TimelineRow[]> {
    const readable = new Set(this.sources.map((s) => s.kind));
    const byKind = new Map<TimelineKind, number[]>();
    for (const ref of refs) {
      if (!readable.has(ref.kind)) continue;
      byKind.set(ref.kind, [...(byKind.get(ref.kind) ?? []), ref.sourceId]);
    }
    if (byKind.size === 0) return [];
    const parts: Sql[] = [...byKind].map(([kind, ids]) => {
      const source = sourceOfKind(kind)!;
      return {
        text: `(select ${this.columns(source)}, ${source.customerId} as customer_id from ${source.from}
                where x.id in (${ids.map(() => '?').join(', ')})${source.where ? ` and (${source.where})` : ''})`,
        params: ids,
      };
    });
    const visible = this.visibleCustomers(null);
    const rows = await this.em.execute<RawRow[]>(
      `select t.customer_id, t.kind, ${OCCURRED_KEY} as occurred_key, t.source_id, t.actor_id
       from (${parts.map((p) => p.text).join(' union all ')}) t
       where t.customer_id in (${visible.text})`,
      [...parts.flatMap((p) => p.params), ...visible.params],
    );
    return rows.map(toRow);
  }

  /** The sort key of a row; cursors encode it. */
  static keyOf(row: TimelineRow): [string, string, number] {
    return [row.occurredKey, row.kind, row.sourceId];
  }

  /** A decoded cursor's key, checked: BAD_USER_INPUT on `after` unless it came from a timeline. */
  static parseKey(key: unknown[]): TimelineKey {
    const [occurredKey, kind, sourceId] = key as [string, string, number];
    if (!KEY_PATTERN.test(occurredKey) || Number.isNaN(Date.parse(occurredKey)) || !sourceOfKind(kind) || !Number.isSafeInteger(sourceId)) {
      throw TimelineErrors.badCursor();
    }
    return { occurredKey, kind: kind as TimelineKind, sourceId };
  }

  private checkFilter(filter: TimelineFilter): void {
    if (filter.from && filter.to && filter.to.getTime() <= filter.from.getTime()) throw TimelineErrors.emptyRange();
  }

  /** The readable sources the filter asks for, in registration order. */
  private selected(filter: TimelineFilter): TimelineSource[] {
    const kinds = filter.kinds?.length ? new Set(filter.kinds) : null;
    return this.sources.filter((s) => !kinds || kinds.has(s.kind));
  }

  /** Ids of the customers the scope may see (all of them when `ids` is null), as a subquery. */
  private visibleCustomers(ids: number[] | null): Sql {
    const scoped = customerScopeFilter(this.scope) as QBFilterQuery<Customer>;
    const where: QBFilterQuery<Customer> = ids ? { $and: [{ id: { $in: ids } }, scoped] } : scoped;
    const { sql, bindings } = this.em.createQueryBuilder(Customer, 'c').select('c.id').where(where).getKnexQuery().toSQL();
    return { text: sql, params: [...bindings] };
  }

  private columns(source: TimelineSource): string {
    return `'${source.kind}'::text as kind, ${source.occurredAt} as occurred_at, x.id as source_id, (${source.actorId})::int as actor_id`;
  }

  /**
   * One source's rows of a page: its own newest `limit` after the cursor, so
   * each branch of the UNION is a short index scan.
   */
  private fragment(source: TimelineSource, customer: string, filter: TimelineFilter, after: TimelineKey | null, limit: number): Sql {
    const { conditions, params } = this.conditions(source, customer, filter, after);
    return {
      text: `(select ${this.columns(source)} from ${source.from} where ${conditions.join(' and ')}
              order by occurred_at desc, source_id desc limit ${limit})`,
      params,
    };
  }

  private conditions(source: TimelineSource, customer: string, filter: TimelineFilter, after: TimelineKey | null) {
    const at = source.occurredAt;
    const conditions = [`${source.customerId} = ${customer}`];
    const params: unknown[] = [];
    if (source.where) conditions.push(`(${source.where})`);
    if (filter.from) {
      conditions.push(`${at} >= ?::timestamptz`);
      params.push(filter.from.toISOString());
    }
    if (filter.to) {
      conditions.push(`${at} < ?::timestamptz`);
      params.push(filter.to.toISOString());
    }
    if (after) {
      // Rows after (t, k, i) in the order (occurred desc, kind asc, id desc).
      // The kind is a constant per source, so the condition narrows to one
      // that an index on (customer, occurred, id) answers.
      if (source.kind > after.kind) {
        conditions.push(`${at} <= ?::timestamptz`);
        params.push(after.occurredKey);
      } else if (source.kind < after.kind) {
        conditions.push(`${at} < ?::timestamptz`);
        params.push(after.occurredKey);
      } else {
        conditions.push(`(${at}, x.id) < (?::timestamptz, ?)`);
        params.push(after.occurredKey, after.sourceId);
      }
    }
    return { conditions, params };
  }
}

function toRow(row: RawRow): TimelineRow {
  return {
    customerId: row.customer_id,
    kind: row.kind!,
    // The ORM's driver hands timestamps over as text; the key is exact and ISO 8601.
    occurredAt: new Date(`${row.occurred_key!.slice(0, 23)}Z`),
    occurredKey: row.occurred_key!,
    sourceId: row.source_id!,
    actorId: row.actor_id,
  };
}
