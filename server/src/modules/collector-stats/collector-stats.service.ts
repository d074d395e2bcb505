/**
 * Collector monthly statistics 收费员月度统计 (issue 8 item 6; seed 004: the
 * department head "每月…做好收费员流动、技能、收费业绩等方面的统计公布分析";
 * DOMAIN.md "Targets": collectors' monthly statistics — amount collected,
 * collection rate). Per collector 收费员 and month (company time zone), over
 * the service accounts the collector was responsible for at any time in the
 * month (the responsibility history, modules/rotation):
 *
 *  - accounts handled 户数: those accounts;
 *  - bills due 应收: the bills on them due in the month — count, and amount +
 *    adjustments (what is owed on them);
 *  - collected 实收: payments on them paid in the month;
 *  - collection rate 回收率: allocations ÷ (amount + adjustments) of those
 *    bills — the definition of the daily report's month-to-date rate
 *    (jobs/daily-scan.ts writeReport) and of receivables' collectionRate;
 *  - visits 走访: visits in the month the collector recorded or took part in;
 *  - satisfaction 满意度: the average of the satisfaction scores of visits in
 *    the month to those accounts' customers.
 *
 * An account rotated mid-month counts for both collectors (each handled it
 * that month; a period handed on the instant it began was never held and
 * counts for nobody); the unit totals count every account, bill, payment and visit
 * once. Unit totals roll up the subtree of the chosen org unit (or of the
 * viewer's), and likewise for each unit directly under it. Everything is limited to the customers the viewer may see, in
 * the SQL; a page costs two statements whatever its size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPANY_TIME_ZONE, isCalendarDate } from '../../calendar.js';
import { AppError } from '../../graphql/errors.js';
import type { DataScope } from '../auth/viewer.js';
import { escapeLike } from '../org/org.service.js';
import { scopeCondition } from '../receivables/receivables.service.js';

export const MONTH_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

export interface CollectorStatsQuery {
  /** YYYY-MM. */
  month: string;
  orgUnitId: number | null;
  collectorId: number | null;
  first: number;
  /** The last collector id of the previous page. */
  afterId: number | null;
}

/** One collector's month, or the unit's totals (collectorId null). */
export interface CollectorMonthFigures {
  collectorId: number | null;
  orgUnitId: number;
  accountsHandled: number;
  billsDue: number;
  dueAmount: string;
  allocatedAmount: string;
  collectionRate: string | null;
  collectedAmount: string;
  visits: number;
  satisfactionResponses: number;
  averageSatisfaction: string | null;
}

export interface CollectorStatsPage {
  month: string;
  /** The unit the totals roll up. */
  orgUnitId: number;
  rows: CollectorMonthFigures[];
  totalCount: number;
  totals: CollectorMonthFigures;
}

/** SQL text with its positional parameters, built in order. */
class Sql {
  text = '';
  readonly params: unknown[] = [];
  add(text: string, ...params: unknown[]): this {
    this.text += text;
    this.params.push(...params);
    return this;
  }
}

type RawFigures = Omit<CollectorMonthFigures, 'orgUnitId' | 'collectorId'> & { collectorId: number | null; orgUnitId: number | null; totalCount?: number };

export class CollectorStatsService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
  ) {}

  async monthly(query: CollectorStatsQuery): Promise<CollectorStatsPage> {
    // The calendar's years only: '0000-01' matches the pattern but is no date PostgreSQL takes.
    if (!MONTH_PATTERN.test(query.month) || !isCalendarDate(`${query.month}-01`)) throw AppError.badInput([{ field: 'month', message: 'must be a month written YYYY-MM' }]);
    const root = await this.rootUnit(query.orgUnitId);
    const rows = await this.em.execute<RawFigures[]>(...this.statement(query, root, 'page'));
    const [totals] = await this.em.execute<RawFigures[]>(...this.statement(query, root, 'totals'));
    return {
      month: query.month,
      orgUnitId: root.id,
      rows: rows.map((r) => ({ ...r, orgUnitId: r.orgUnitId! })),
      totalCount: totals!.totalCount ?? 0,
      totals: { ...totals!, collectorId: null, orgUnitId: root.id },
    };
  }

  /**
   * The totals of each org unit directly under the counted one (areas of a
   * branch, stations of an area), each rolled up its own subtree; one
   * statement.
   */
  async unitTotals(query: Pick<CollectorStatsQuery, 'month' | 'collectorId'>, orgUnitId: number): Promise<CollectorMonthFigures[]> {
    const root = await this.rootUnit(orgUnitId);
    const full: CollectorStatsQuery = { ...query, orgUnitId, first: 0, afterId: null };
    const rows = await this.em.execute<RawFigures[]>(...this.statement(full, root, 'units'));
    return rows.map((r) => ({ ...r, collectorId: null, orgUnitId: r.orgUnitId! }));
  }

  /** The unit whose subtree is counted: the one named (NOT_FOUND outside the scope), else the viewer's root. */
  private async rootUnit(orgUnitId: number | null): Promise<{ id: number; path: string }> {
    const within = `${escapeLike(this.scope.orgPath)}%`;
    const [unit] = orgUnitId
      ? await this.em.execute<Array<{ id: number; path: string }>>(`select id, path from org_unit where id = ? and path like ?`, [orgUnitId, within])
      : await this.em.execute<Array<{ id: number; path: string }>>(`select id, path from org_unit where path like ? order by length(path), id limit 1`, [within]);
    if (!unit) throw AppError.notFound('OrgUnit');
    return unit;
  }

  /**
   * One statement: the collectors of the subtree (a page of them, or all of
   * them collapsed into one key 0 for the totals) and their figures.
   */
  private statement(query: CollectorStatsQuery, root: { id: number; path: string }, mode: 'page' | 'totals' | 'units'): [string, unknown[]] {
    const rootPath = root.path;
    const start = `${query.month}-01`;
    const visible = scopeCondition(this.scope, 'c');
    const key = mode === 'page' ? 'g.id' : mode === 'units' ? 'g.k' : '0';
    const sql = new Sql();
    sql.add(
      `with bounds as (
         select (?::date)::timestamp at time zone ? as t0, ((?::date + interval '1 month')::date)::timestamp at time zone ? as t1,
                ?::date as d0, (?::date + interval '1 month' - interval '1 day')::date as d1),
       collectors as (
         select u.id, u.org_unit_id from app_user u join org_unit o on o.id = u.org_unit_id cross join bounds
         where o.path like ?
           and (u.role = 'COLLECTOR' or exists (
             select 1 from responsibility_period rp
             where rp.user_id = u.id and rp.role = 'COLLECTOR' and rp.started_at < bounds.t1 and (rp.ended_at is null or (rp.ended_at > bounds.t0 and rp.ended_at > rp.started_at))))`,
      start, COMPANY_TIME_ZONE, start, COMPANY_TIME_ZONE, start, start, `${escapeLike(rootPath)}%`,
    );
    if (query.collectorId) sql.add(` and u.id = ?`, query.collectorId);
    sql.add(`),\n`);
    if (mode === 'page') {
      sql.add(`g as (select * from collectors where id > ? order by id limit ?),\n`, query.afterId ?? 0, query.first + 1);
    } else if (mode === 'units') {
      // Each collector under the child unit whose subtree holds it.
      sql.add(
        `g as (select c.id, c.org_unit_id, ch.id as k from collectors c join org_unit cu on cu.id = c.org_unit_id
               join org_unit ch on ch.parent_id = ? and starts_with(cu.path, ch.path)),\n`,
        root.id,
      );
    } else {
      sql.add(`g as (select * from collectors),\n`);
    }
    sql.add(
      `handled as (
         select distinct ${key} as k, rp.service_account_id as sa, sa.customer_id
         from g join responsibility_period rp on rp.user_id = g.id and rp.role = 'COLLECTOR'
         join service_account sa on sa.id = rp.service_account_id join customer c on c.id = sa.customer_id cross join bounds
         where rp.started_at < bounds.t1 and (rp.ended_at is null or (rp.ended_at > bounds.t0 and rp.ended_at > rp.started_at)) and ${visible.sql}),
       accounts as (select distinct k, sa from handled),
       accounts_n as (select k, count(*)::int as n from accounts group by k),
       bills as (
         select h.k, count(*)::int as n,
                sum(b.amount + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0)) as due,
                sum(coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0)) as allocated
         from accounts h join bill b on b.service_account_id = h.sa cross join bounds
         where b.due_on between bounds.d0 and bounds.d1
         group by h.k),
       pays as (
         select h.k, sum(p.amount) as collected
         from accounts h join payment p on p.service_account_id = h.sa cross join bounds
         where p.paid_at >= bounds.t0 and p.paid_at < bounds.t1
         group by h.k),
       visit_ids as (
         select ${key} as k, v.id as vid, v.customer_id
         from g join visit v on v.recorded_by_id = g.id cross join bounds
         where v.occurred_at >= bounds.t0 and v.occurred_at < bounds.t1
         union
         select ${key}, v.id, v.customer_id
         from g join visit_participant vp on vp.user_id = g.id join visit v on v.id = vp.visit_id cross join bounds
         where v.occurred_at >= bounds.t0 and v.occurred_at < bounds.t1),
       visits_n as (
         select x.k, count(distinct x.vid)::int as n
         from visit_ids x join customer c on c.id = x.customer_id
         where ${visible.sql}
         group by 1),
       satisfaction as (
         select h.k, count(*)::int as n, round(avg(v.satisfaction), 2)::text as average
         from (select distinct k, customer_id from handled) h join visit v on v.customer_id = h.customer_id cross join bounds
         where v.satisfaction is not null and v.occurred_at >= bounds.t0 and v.occurred_at < bounds.t1
         group by h.k)\n`,
      ...visible.params,
      ...visible.params,
    );
    const figures = `coalesce(an.n, 0) as "accountsHandled", coalesce(b.n, 0) as "billsDue",
         coalesce(b.due, 0)::numeric(14,2)::text as "dueAmount", coalesce(b.allocated, 0)::numeric(14,2)::text as "allocatedAmount",
         case when coalesce(b.due, 0) > 0 then round(b.allocated / b.due, 6)::text end as "collectionRate",
         coalesce(p.collected, 0)::numeric(14,2)::text as "collectedAmount", coalesce(vn.n, 0) as visits,
         coalesce(s.n, 0) as "satisfactionResponses", s.average as "averageSatisfaction"`;
    const joins = (on: string) => `left join accounts_n an on an.k = ${on} left join bills b on b.k = ${on} left join pays p on p.k = ${on}
         left join visits_n vn on vn.k = ${on} left join satisfaction s on s.k = ${on}`;
    if (mode === 'page') {
      sql.add(`select g.id as "collectorId", g.org_unit_id as "orgUnitId", ${figures} from g ${joins('g.id')} order by g.id`);
    } else if (mode === 'units') {
      sql.add(`select null::int as "collectorId", ch.id as "orgUnitId", ${figures} from org_unit ch ${joins('ch.id')} where ch.parent_id = ? order by ch.code`, root.id);
    } else {
      sql.add(
        `select null::int as "collectorId", null::int as "orgUnitId", (select count(*)::int from collectors) as "totalCount", ${figures}
         from (select 0 as k) t ${joins('t.k')}`,
      );
    }
    return [sql.text, sql.params];
  }
}
