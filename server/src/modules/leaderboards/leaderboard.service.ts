/**
 * Leaderboards 排行榜 (issue 7 items 2–4; DOMAIN.md "Targets, leaderboards and
 * rewards"): boards of people, stations, areas and branches per metric and
 * period within a subtree, the day snapshots kept at midnight, the quarterly
 * ranking frozen at quarter end with its top N highlighted, and the weekly
 * review 周例会. Every board is one SQL statement over the daily counters
 * (metrics/metric-counters.ts) of the period — at most 92 days of per-person,
 * per-unit rows — never over the facts; ranking runs over the aggregated
 * subjects only. Scoping: a board only ever covers the subtree it is asked
 * for, which the resolver has checked against the viewer's.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, isCalendarDate } from '../../calendar.js';
import { escapeLike } from '../org/org.service.js';
import { Metric, PeriodKind, periodOf, previousPeriod, type Period } from '../metrics/metric.enums.js';
import { CHANNEL_METRICS, readMetric, valueExpression } from '../metrics/metric-reader.js';
import { LeaderboardSubjectKind, UNIT_KIND } from './leaderboard.enums.js';

export const MAX_BOARD_ROWS = 100;
export const DEFAULT_BOARD_ROWS = 20;

/** Roles a person board lists even before they have a fact (the board starts from zero). */
const RANKED_ROLES = `('REP', 'COLLECTOR', 'LEAD')`;

/** A board, resolved: its root is a unit the viewer may see. */
export interface BoardSpec {
  metric: Metric;
  periodKind: PeriodKind;
  /** A day of the period; null: today in the company time zone, following midnight. */
  date: string | null;
  subjectKind: LeaderboardSubjectKind;
  root: { id: number; path: string };
  /** A visit channel for VISITS and KEY_ACCOUNTS_COVERED; null: all. */
  channel: string | null;
  first: number;
}

export interface RankedSubject {
  id: number;
  value: string;
  rank: number;
}

export interface BoardRow extends RankedSubject {
  subjectKind: LeaderboardSubjectKind;
  /** Previous rank minus this one (positive: moved up); null when unknown. */
  rankChange: number | null;
  rankChangeSinceYesterday: number | null;
  highlighted: boolean;
}

export interface Board {
  metric: Metric;
  periodKind: PeriodKind;
  period: Period;
  subjectKind: LeaderboardSubjectKind;
  rootUnitId: number;
  channel: string | null;
  rows: BoardRow[];
  generatedAt: Date;
}

/** The identity of a board for coalescing and "since the previous push". */
export function boardKey(spec: BoardSpec): string {
  return [spec.metric, spec.periodKind, spec.date ?? 'today', spec.subjectKind, spec.root.id, spec.channel ?? '*', spec.first].join('|');
}

/**
 * SQL ranking every subject of `kind` under `rootPath` by `metric` over
 * `period`: columns id, path (the subject's org path), value (numeric), rank.
 * Ties share a rank (1, 2, 2, 4); rows come in rank order, then by id.
 */
export function rankedSql(metric: Metric, kind: LeaderboardSubjectKind, period: Period, rootPath: string, channel: string | null): { sql: string; params: unknown[] } {
  const like = `${escapeLike(rootPath)}%`;
  const useChannel = channel !== null && CHANNEL_METRICS.has(metric);
  const distinct = metric === Metric.KEY_ACCOUNTS_COVERED;
  const params: unknown[] = [];
  let inner: string;
  if (kind === LeaderboardSubjectKind.PERSON) {
    const facts = distinct
      ? `select k.user_id as id, count(distinct k.customer_id) as value, 0 as base
         from metric_key_visit k join org_unit o on o.id = k.org_unit_id
         where k.day between ? and ? and o.path like ? and k.user_id <> 0${useChannel ? ' and k.channel = ?' : ''}
         group by k.user_id`
      : `select m.user_id as id, sum(m.value) as value, sum(m.base) as base
         from metric_daily m join org_unit o on o.id = m.org_unit_id
         where m.metric = ? and m.day between ? and ? and o.path like ? and m.user_id <> 0${useChannel ? ' and m.channel = ?' : ''}
         group by m.user_id`;
    if (!distinct) params.push(metric);
    params.push(period.start, period.end, like);
    if (useChannel) params.push(channel);
    inner = `with v as (${facts})
      select u.id, uo.path, ${valueExpression(metric, 'v.value', 'v.base')} as value
      from app_user u join org_unit uo on uo.id = u.org_unit_id left join v on v.id = u.id
      where uo.path like ? and (v.id is not null or (u.disabled_at is null and u.role in ${RANKED_ROLES}))`;
    params.push(like);
  } else {
    const unitKind = UNIT_KIND[kind];
    if (distinct) {
      inner = `select a.id, a.path, ${valueExpression(metric, 'count(distinct k.customer_id)', '0')} as value
        from org_unit a
        left join org_unit o on o.path like a.path || '%'
        left join metric_key_visit k on k.org_unit_id = o.id and k.day between ? and ?${useChannel ? ' and k.channel = ?' : ''}
        where a.kind = ? and a.path like ?
        group by a.id, a.path`;
      params.push(period.start, period.end);
      if (useChannel) params.push(channel);
      params.push(unitKind, like);
    } else {
      inner = `with p as (
          select m.org_unit_id, sum(m.value) as value, sum(m.base) as base
          from metric_daily m
          where m.metric = ? and m.day between ? and ?${useChannel ? ' and m.channel = ?' : ''}
            and m.org_unit_id in (select id from org_unit where path like ?)
          group by m.org_unit_id
        )
        select a.id, a.path, ${valueExpression(metric, 'sum(p.value)', 'sum(p.base)')} as value
        from org_unit a
        left join org_unit o on o.path like a.path || '%'
        left join p on p.org_unit_id = o.id
        where a.kind = ? and a.path like ?
        group by a.id, a.path`;
      params.push(metric, period.start, period.end);
      if (useChannel) params.push(channel);
      params.push(like, unitKind, like);
    }
  }
  return {
    sql: `select s.id, s.path, s.value, (rank() over (order by s.value desc))::int as rank from (${inner}) s`,
    params,
  };
}

async function ranked(em: EntityManager, metric: Metric, kind: LeaderboardSubjectKind, period: Period, rootPath: string, channel: string | null, limit: number | null, ids: number[] | null = null): Promise<RankedSubject[]> {
  const { sql, params } = rankedSql(metric, kind, period, rootPath, channel);
  const where = ids ? ` where r.id = any(?::int[])` : '';
  const rows = await em.execute<RankedSubject[]>(
    `select r.id, r.value::text as value, r.rank from (${sql}) r${where} order by r.rank, r.id${limit !== null ? ' limit ?' : ''}`,
    [...params, ...(ids ? [`{${ids.join(',')}}`] : []), ...(limit !== null ? [limit] : [])],
  );
  return rows;
}

/**
 * A board for the day `today` (used when the spec has no date): its rows in
 * rank order, each with its change since `previousRanks` (the last push of
 * this board; null: unknown) and since yesterday (the board as it stood at
 * the end of the day before — for a DAY board, yesterday's final board; null
 * on a period's first day). Two statements.
 */
export async function readBoard(em: EntityManager, spec: BoardSpec, today: string, previousRanks: ReadonlyMap<number, number> | null, topN = 3): Promise<Board> {
  const date = spec.date ?? today;
  const period = periodOf(spec.periodKind, date);
  const rows = await ranked(em, spec.metric, spec.subjectKind, period, spec.root.path, spec.channel, spec.first);
  const yesterday = addDays(date, -1);
  const asOf: Period | null = spec.periodKind === PeriodKind.DAY ? periodOf(PeriodKind.DAY, yesterday) : yesterday < period.start ? null : { ...period, end: yesterday };
  const before = asOf && rows.length ? await ranked(em, spec.metric, spec.subjectKind, asOf, spec.root.path, spec.channel, null, rows.map((r) => r.id)) : [];
  const yesterdayRank = new Map(before.map((r) => [r.id, r.rank]));
  return {
    metric: spec.metric,
    periodKind: spec.periodKind,
    period,
    subjectKind: spec.subjectKind,
    rootUnitId: spec.root.id,
    channel: spec.channel,
    generatedAt: new Date(),
    rows: rows.map((r) => {
      const previous = previousRanks?.get(r.id);
      const sinceYesterday = yesterdayRank.get(r.id);
      return {
        ...r,
        subjectKind: spec.subjectKind,
        rankChange: previous === undefined ? null : previous - r.rank,
        rankChangeSinceYesterday: asOf === null || sinceYesterday === undefined ? null : sinceYesterday - r.rank,
        highlighted: spec.periodKind === PeriodKind.QUARTER && r.rank <= topN && Number(r.value) > 0,
      };
    }),
  };
}

const ALL_SUBJECT_KINDS = Object.values(LeaderboardSubjectKind);
const ALL_METRICS = Object.values(Metric);

/**
 * Freezes the company-wide boards of every metric and subject kind for a
 * period (all channels): DAY at midnight, QUARTER at quarter end with the top
 * N highlighted. Idempotent (several instances may roll over at once): a
 * board already frozen is left as it is. One statement per metric and kind.
 */
export async function freezeBoards(em: EntityManager, periodKind: PeriodKind.DAY | PeriodKind.QUARTER, date: string, topN: number): Promise<void> {
  const period = periodOf(periodKind, date);
  // All boards of a period or none, so "some rows exist" means "frozen" and a restart skips it in one statement.
  await em.transactional(async (tx) => {
    const [done] = await tx.execute<Array<{ frozen: boolean }>>(
      `select exists (select 1 from leaderboard_snapshot where period_kind = ? and period_start = ?) as frozen`,
      [periodKind, period.start],
    );
    if (done?.frozen) return;
    for (const metric of ALL_METRICS) {
      for (const kind of ALL_SUBJECT_KINDS) {
        const { sql, params } = rankedSql(metric, kind, period, '/', null);
        await tx.execute(
          `insert into leaderboard_snapshot (period_kind, period_start, metric, subject_kind, subject_id, org_path, value, rank, highlighted)
           select ?, ?, ?, ?, r.id, r.path, r.value, r.rank, (? and r.rank <= ? and r.value > 0) from (${sql}) r
           on conflict (period_kind, period_start, metric, subject_kind, subject_id) do nothing`,
          [periodKind, period.start, metric, kind, periodKind === PeriodKind.QUARTER, topN, ...params],
        );
      }
    }
  });
}

export interface FrozenBoard {
  period: Period;
  /** When it was frozen; null when nothing was frozen for that period. */
  takenAt: Date | null;
  rows: Array<RankedSubject & { highlighted: boolean; companyRank: number }>;
}

/** A frozen board re-ranked within the subtree `rootPath` (ranks among the subtree's subjects). */
export async function readFrozenBoard(em: EntityManager, periodKind: PeriodKind, date: string, metric: Metric, kind: LeaderboardSubjectKind, rootPath: string, limit: number): Promise<FrozenBoard> {
  const period = periodOf(periodKind, date);
  const rows = await em.execute<Array<RankedSubject & { highlighted: boolean; companyRank: number; takenAt: Date }>>(
    `select s.subject_id as id, s.value::text as value, (rank() over (order by s.value desc))::int as rank, s.highlighted,
            s.rank as "companyRank", s.taken_at as "takenAt"
     from leaderboard_snapshot s
     where s.period_kind = ? and s.period_start = ? and s.metric = ? and s.subject_kind = ? and s.org_path like ?
     order by rank, s.subject_id limit ?`,
    [periodKind, period.start, metric, kind, `${escapeLike(rootPath)}%`, limit],
  );
  // Raw rows carry timestamps as text.
  const takenAt = rows[0]?.takenAt ? new Date(rows[0].takenAt) : null;
  return { period, takenAt, rows: rows.map(({ takenAt: _t, ...row }) => row) };
}

/** 'YYYY-Qn' → the quarter's period; null when malformed. */
export function parseQuarter(text: string): Period | null {
  const match = /^(\d{4})-Q([1-4])$/.exec(text);
  if (!match) return null;
  const month = (Number(match[2]) - 1) * 3 + 1;
  const first = `${match[1]}-${String(month).padStart(2, '0')}-01`;
  // Years the calendar accepts only: '0000-Q1' is no date PostgreSQL takes.
  return isCalendarDate(first) ? periodOf(PeriodKind.QUARTER, first) : null;
}

export interface QuarterlyRanking {
  period: Period;
  /** True once the quarter ended and its ranking was frozen. */
  frozen: boolean;
  takenAt: Date | null;
  topN: number;
  rows: Array<RankedSubject & { highlighted: boolean }>;
}

/**
 * The quarterly ranking: the frozen snapshot once the quarter is over (its
 * highlights are the company-wide top N, who get the reward), otherwise the
 * live standings with the subtree's top N highlighted.
 */
export async function quarterlyRanking(em: EntityManager, quarter: Period, metric: Metric, kind: LeaderboardSubjectKind, root: { id: number; path: string }, topN: number, limit: number): Promise<QuarterlyRanking> {
  const frozen = await readFrozenBoard(em, PeriodKind.QUARTER, quarter.start, metric, kind, root.path, limit);
  if (frozen.takenAt) return { period: quarter, frozen: true, takenAt: frozen.takenAt, topN, rows: frozen.rows };
  const rows = await ranked(em, metric, kind, quarter, root.path, null, limit);
  return { period: quarter, frozen: false, takenAt: null, topN, rows: rows.map((r) => ({ ...r, highlighted: r.rank <= topN && Number(r.value) > 0 })) };
}

// ------------------------------------------------------------ weekly review

/** Who fell behind target in a week: filled by the targets module when it registers (extension point). */
export interface TargetShortfall {
  userId: number;
  metric: Metric;
  target: string;
  actual: string;
}
export type TargetsBehindProvider = (em: EntityManager, q: { week: Period; root: { id: number; path: string } }) => Promise<TargetShortfall[]>;

let targetsBehind: TargetsBehindProvider | null = null;

/** Extension point for the targets module: who fell behind target in a week (the weekly review lists them). */
export function registerTargetsBehind(provider: TargetsBehindProvider | null): void {
  targetsBehind = provider;
}

/** The metrics a weekly review 周例会 reports on, development count and collections first (DOMAIN.md). */
export const REVIEW_METRICS = [Metric.NEW_ACCOUNTS, Metric.AMOUNT_COLLECTED, Metric.VISITS, Metric.PROSPECTS_CONVERTED, Metric.KEY_ACCOUNTS_COVERED, Metric.ARREARS_REDUCED, Metric.COLLECTION_RATE];

export interface ReviewMover {
  userId: number;
  value: string;
  previousValue: string;
  rank: number;
  previousRank: number;
}

export interface ReviewMetric {
  metric: Metric;
  total: string;
  previousTotal: string;
  /** People who climbed the most ranks, best first (at most 5). */
  risers: ReviewMover[];
  /** People whose value fell against last week, biggest fall first. */
  fellBehind: ReviewMover[];
}

export interface WeeklyReview {
  week: Period;
  previousWeek: Period;
  metrics: ReviewMetric[];
  /** Null until a targets module registers its provider. */
  behindTarget: TargetShortfall[] | null;
}

/**
 * The weekly review of a subtree: per metric the subtree's total against last
 * week, who climbed and whose figures fell. Four statements per metric.
 */
export async function weeklyReview(em: EntityManager, weekOf: string, root: { id: number; path: string }, moneyVisible: boolean): Promise<WeeklyReview> {
  const week = periodOf(PeriodKind.WEEK, weekOf);
  const previousWeek = previousPeriod(week);
  const metrics: ReviewMetric[] = [];
  for (const metric of REVIEW_METRICS) {
    if (!moneyVisible && MONEY_METRICS.has(metric)) continue;
    const [total, previousTotal, people, previousPeople] = await Promise.all([
      unitTotal(em, metric, week, root.id),
      unitTotal(em, metric, previousWeek, root.id),
      ranked(em, metric, LeaderboardSubjectKind.PERSON, week, root.path, null, null),
      ranked(em, metric, LeaderboardSubjectKind.PERSON, previousWeek, root.path, null, null),
    ]);
    const before = new Map(previousPeople.map((p) => [p.id, p]));
    const movers: ReviewMover[] = people.map((p) => {
      const b = before.get(p.id);
      return { userId: p.id, value: p.value, rank: p.rank, previousValue: b?.value ?? '0.00', previousRank: b?.rank ?? people.length };
    });
    metrics.push({
      metric,
      total,
      previousTotal,
      risers: movers.filter((m) => m.previousRank > m.rank).sort((a, b) => b.previousRank - b.rank - (a.previousRank - a.rank) || a.rank - b.rank).slice(0, 5),
      fellBehind: movers
        .filter((m) => Number(m.value) < Number(m.previousValue))
        .sort((a, b) => Number(a.value) - Number(a.previousValue) - (Number(b.value) - Number(b.previousValue)) || a.userId - b.userId),
    });
  }
  return { week, previousWeek, metrics, behindTarget: targetsBehind ? await targetsBehind(em, { week, root }) : null };
}

async function unitTotal(em: EntityManager, metric: Metric, period: Period, unitId: number): Promise<string> {
  const values = await readMetric(em, { metric, period, subjects: [{ kind: 'ORG_UNIT', id: unitId }] });
  return values.get(`ORG_UNIT:${unitId}`) ?? '0.00';
}

/** Metrics about money: only for viewers with receivables:read. */
export const MONEY_METRICS: ReadonlySet<Metric> = new Set([Metric.AMOUNT_COLLECTED, Metric.COLLECTION_RATE, Metric.ARREARS_REDUCED]);
