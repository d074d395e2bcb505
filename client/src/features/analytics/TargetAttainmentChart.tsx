// Target attainment 完成率 of the targets 考核目标 running today: those of the
// chosen unit and of the units directly below it (a subtree has hundreds of
// station and personal targets; a bar each would be unreadable), the
// furthest behind first; a bar per target against the 100 % line, green when
// on track and orange when behind (the server's judgement against the share
// of the period gone). Without such targets, the first of the subtree's.
import { useMemo } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { LazyEChart } from '../../components/charts/LazyEChart';
import type { ChartOption } from '../../components/charts/echarts';
import { escapeHtml } from '../../components/charts/escape-html';
import { graphql } from '../../gql';
import type { Metric } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { companyToday } from '../board/company-day';
import { ChartPanel } from './ChartPanel';

const targetsQuery = graphql(`
  query AnalyticsTargets($filter: TargetFilter!, $first: Int!) {
    targets(filter: $filter, first: $first) {
      totalCount
      edges {
        node {
          id
          metric
          periodKind
          subjectKind
          value
          attained
          attainmentPercent
          status
          user {
            id
            name
          }
          orgUnit {
            id
            name
          }
        }
      }
    }
  }
`);

const LIMIT = 100;
/** At most this many bars. */
const MAX_BARS = 24;
const MONEY_METRICS: ReadonlySet<Metric> = new Set(['AMOUNT_COLLECTED', 'ARREARS_REDUCED']);

export interface TargetAttainmentChartProps {
  /** The unit asked about; null for the viewer's own (the whole subtree). */
  readonly orgUnitId: string | null;
  /** The units whose own targets are shown: the chosen one and those directly below it. */
  readonly focusUnitIds: ReadonlySet<string>;
}

export function TargetAttainmentChart({ orgUnitId, focusUnitIds }: TargetAttainmentChartProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const today = companyToday();
  const { data, error, loading, refetch } = useQuery(targetsQuery, {
    variables: { filter: orgUnitId ? { orgUnitId, date: today } : { date: today }, first: LIMIT },
    fetchPolicy: 'cache-and-network',
  });
  const all = useMemo(() => data?.targets.edges.map((e) => e.node) ?? [], [data]);
  const targets = useMemo(() => {
    const focused = all.filter((target) => target.subjectKind === 'ORG_UNIT' && focusUnitIds.has(target.orgUnit.id));
    const attainment = (target: (typeof all)[number]) => (target.attainmentPercent == null ? Infinity : Number(target.attainmentPercent));
    return [...(focused.length ? focused : all)].sort((a, b) => attainment(a) - attainment(b)).slice(0, MAX_BARS);
  }, [all, focusUnitIds]);

  const measure = (metric: Metric, value: string) =>
    MONEY_METRICS.has(metric) ? format.money(value) : metric === 'COLLECTION_RATE' ? t('analytics.percent', { value }) : format.number(Number(value));
  const name = (target: (typeof targets)[number]) =>
    t('analytics.targets.name', {
      metric: t(`board.metric.${target.metric}`),
      subject: target.user?.name ?? target.orgUnit.name,
      period: t(`analytics.periodKind.${target.periodKind}`),
    });

  const option = useMemo<ChartOption>(() => {
    // Last in the list is drawn on top: reverse so the table and the chart read in the same order.
    const rows = [...targets].reverse();
    return {
      grid: { left: 8, right: 48, top: 24, bottom: 24, containLabel: true },
      // Always reach the 100 % line, so a row of short bars still shows how far they have to go.
      xAxis: { type: 'value', max: (extent: { max: number }) => Math.max(100, Math.ceil(extent.max / 10) * 10), axisLabel: { formatter: (v: number) => t('analytics.percent', { value: format.number(v) }) } },
      yAxis: { type: 'category', data: rows.map(name), axisLabel: { width: 220, overflow: 'truncate' } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const index = (params as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0;
          const target = rows[index];
          if (!target) return '';
          return [
            `<strong>${escapeHtml(name(target))}</strong>`,
            escapeHtml(t('analytics.targets.attainedOf', { attained: measure(target.metric, target.attained), value: measure(target.metric, target.value) })),
            target.attainmentPercent == null ? t('analytics.none') : t('analytics.percent', { value: target.attainmentPercent }),
            escapeHtml(t(`analytics.targets.status.${target.status}`)),
          ].join('<br/>');
        },
      },
      series: [
        {
          type: 'bar',
          name: t('analytics.targets.attainment'),
          barMaxWidth: 18,
          // Display only: the exact percent is in the tooltip and the table.
          data: rows.map((target) => ({
            value: target.attainmentPercent == null ? null : Number(target.attainmentPercent),
            itemStyle: { color: target.status === 'BEHIND' ? '#e37400' : '#1e8e3e' },
          })),
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed' }, data: [{ xAxis: 100 }], label: { formatter: '100%' } },
        },
      ],
    };
  }, [targets, format, t]);

  const total = data?.targets.totalCount ?? 0;
  return (
    <ChartPanel
      id="analytics-targets"
      heading={t('analytics.targets.heading')}
      note={
        <>
          {t('analytics.targets.note', { day: format.day(today) })}
          {total > targets.length ? ` ${t('analytics.targets.more', { shown: targets.length, total })}` : null}
        </>
      }
      error={data ? null : error}
      loading={!data && loading}
      empty={targets.length === 0}
      emptyText={t('analytics.targets.empty')}
      onRetry={() => void refetch().catch(() => undefined)}
    >
      <LazyEChart
        option={option}
        height={`${Math.max(10, targets.length * 2 + 3)}rem`}
        label={t('analytics.targets.label', { count: targets.length })}
        summary={
          <table>
            <caption>{t('analytics.targets.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('analytics.targets.target')}</th>
                <th scope="col">{t('analytics.targets.attainment')}</th>
                <th scope="col">{t('analytics.targets.progress')}</th>
              </tr>
            </thead>
            <tbody>
              {targets.map((target) => (
                <tr key={target.id}>
                  <th scope="row">{name(target)}</th>
                  <td>
                    {target.attainmentPercent == null ? t('analytics.none') : t('analytics.percent', { value: target.attainmentPercent })}
                    {' — '}
                    {t('analytics.targets.attainedOf', { attained: measure(target.metric, target.attained), value: measure(target.metric, target.value) })}
                  </td>
                  <td>{t(`analytics.targets.status.${target.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </ChartPanel>
  );
}
