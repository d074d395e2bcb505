/**
 * Reads metric values for periods from the daily counters (metric-counters.ts)
 * — the contract targets (H4) and leaderboards build on. A period's value is
 * the sum of its days' counters; COLLECTION_RATE divides the summed numerator
 * by the summed denominator; KEY_ACCOUNTS_COVERED counts distinct customers
 * over the whole period. An ORG_UNIT subject covers its whole subtree (areas
 * and branches roll up by org path here, not in the counters).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Metric, type Period } from './metric.enums.js';

export interface MetricSubject {
  kind: 'USER' | 'ORG_UNIT';
  id: number;
}

export interface MetricQuery {
  metric: Metric;
  /** A visit channel (VISITS, KEY_ACCOUNTS_COVERED); null or omitted: all channels. Ignored by other metrics. */
  channel?: string | null;
  period: Period;
  subjects: MetricSubject[];
}

/** Metrics whose counters carry a visit channel. */
export const CHANNEL_METRICS: ReadonlySet<Metric> = new Set([Metric.VISITS, Metric.KEY_ACCOUNTS_COVERED]);

/** Key of a subject in readMetric's answer. */
export const subjectKey = (subject: MetricSubject) => `${subject.kind}:${subject.id}`;

/**
 * SQL turning summed `value` / `base` columns (or a distinct count) into the
 * metric's 2-decimal value: a percentage for COLLECTION_RATE.
 */
export function valueExpression(metric: Metric, value: string, base: string): string {
  if (metric === Metric.COLLECTION_RATE) {
    return `(case when coalesce(${base}, 0) = 0 then 0 else round(coalesce(${value}, 0) * 100 / ${base}, 2) end)::numeric(16,2)`;
  }
  return `coalesce(${value}, 0)::numeric(16,2)`;
}

/**
 * The value of `metric` over `period` for each subject, keyed `${kind}:${id}`,
 * as a decimal string with 2 decimals ('99.50' for a 99.5 % collection
 * rate); subjects without facts get '0.00'. At most two statements.
 */
export async function readMetric(em: EntityManager, q: MetricQuery): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const subject of q.subjects) result.set(subjectKey(subject), '0.00');
  const userIds = [...new Set(q.subjects.filter((s) => s.kind === 'USER').map((s) => s.id))];
  const unitIds = [...new Set(q.subjects.filter((s) => s.kind === 'ORG_UNIT').map((s) => s.id))];
  const channel = CHANNEL_METRICS.has(q.metric) ? (q.channel ?? null) : null;
  const distinct = q.metric === Metric.KEY_ACCOUNTS_COVERED;
  const agg = distinct ? `count(distinct m.customer_id)` : `sum(m.value)`;
  const baseAgg = distinct ? `0` : `sum(m.base)`;
  const table = distinct ? 'metric_key_visit' : 'metric_daily';
  const metricCondition = distinct ? 'true' : 'm.metric = ?';
  const metricParams = distinct ? [] : [q.metric];
  const channelCondition = channel === null ? '' : ' and m.channel = ?';
  const channelParams = channel === null ? [] : [channel];

  if (userIds.length) {
    const rows = await em.execute<Array<{ id: number; value: string }>>(
      `select m.user_id as id, ${valueExpression(q.metric, agg, baseAgg)}::text as value
       from ${table} m
       where ${metricCondition} and m.day between ? and ? and m.user_id = any(?::int[])${channelCondition}
       group by m.user_id`,
      [...metricParams, q.period.start, q.period.end, `{${userIds.join(',')}}`, ...channelParams],
    );
    for (const row of rows) result.set(`USER:${row.id}`, row.value);
  }
  if (unitIds.length) {
    const rows = await em.execute<Array<{ id: number; value: string }>>(
      `select s.id, ${valueExpression(q.metric, agg, baseAgg)}::text as value
       from org_unit s
       join org_unit o on o.path like s.path || '%'
       join ${table} m on m.org_unit_id = o.id
       where s.id = any(?::int[]) and ${metricCondition} and m.day between ? and ?${channelCondition}
       group by s.id`,
      [`{${unitIds.join(',')}}`, ...metricParams, q.period.start, q.period.end, ...channelParams],
    );
    for (const row of rows) result.set(`ORG_UNIT:${row.id}`, row.value);
  }
  return result;
}
