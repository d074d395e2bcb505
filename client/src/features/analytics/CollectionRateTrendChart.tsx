// Collection rate 回收率 per month over the last 12 months (company time
// zone) for the chosen unit's subtree: a line of collected ÷ due, each point
// exactly the month's collectionRate (one query: collectionRateTrend).
import { useMemo } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { LazyEChart } from '../../components/charts/LazyEChart';
import type { ChartOption } from '../../components/charts/echarts';
import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';
import { fractionToPercent } from '../board/percent';
import { ChartPanel } from './ChartPanel';
import { monthLabel } from './months';

const trendQuery = graphql(`
  query AnalyticsCollectionRateTrend($orgUnitId: ID, $months: Int!) {
    collectionRateTrend(orgUnitId: $orgUnitId, months: $months) {
      month
      due
      collected
      billCount
      rate
    }
  }
`);

const MONTHS = 12;

export function CollectionRateTrendChart({ orgUnitId }: { readonly orgUnitId: string | null }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, error, loading, refetch } = useQuery(trendQuery, {
    variables: { orgUnitId, months: MONTHS },
    fetchPolicy: 'cache-and-network',
  });
  const months = useMemo(() => data?.collectionRateTrend ?? [], [data]);
  const percent = (rate: string | null | undefined) => (rate == null ? t('analytics.none') : t('analytics.percent', { value: fractionToPercent(rate) }));

  const option = useMemo<ChartOption>(() => {
    const labels = months.map((m) => monthLabel(format.locale, m.month));
    return {
      grid: { left: 48, right: 44, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: labels, boundaryGap: false },
      yAxis: { type: 'value', scale: true, max: 100, axisLabel: { formatter: (v: number) => t('analytics.percent', { value: format.number(v) }) } },
      tooltip: {
        trigger: 'axis',
        formatter: (params: unknown) => {
          const index = (params as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0;
          const m = months[index];
          if (!m) return '';
          return [
            `<strong>${labels[index]}</strong>`,
            `${t('analytics.rate.rate')}: ${percent(m.rate)}`,
            `${t('analytics.rate.due')}: ${format.money(m.due)}`,
            `${t('analytics.rate.collected')}: ${format.money(m.collected)}`,
          ].join('<br/>');
        },
      },
      series: [
        {
          type: 'line',
          name: t('analytics.rate.rate'),
          // Display only: the exact rate is in the tooltip and the table.
          data: months.map((m) => (m.rate == null ? null : Number(fractionToPercent(m.rate)))),
          connectNulls: false,
          symbolSize: 7,
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed' }, data: [{ yAxis: 100 }], label: { formatter: '100%' } },
        },
      ],
    };
  }, [months, format, t]);

  const empty = months.every((m) => m.billCount === 0);
  return (
    <ChartPanel
      id="analytics-rate"
      heading={t('analytics.rate.heading')}
      note={t('analytics.rate.note', { count: MONTHS })}
      error={data ? null : error}
      loading={!data && loading}
      empty={empty}
      emptyText={t('analytics.rate.empty')}
      onRetry={() => void refetch().catch(() => undefined)}
    >
      <LazyEChart
        option={option}
        label={t('analytics.rate.label', { count: MONTHS })}
        summary={
          <table>
            <caption>{t('analytics.rate.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('analytics.month')}</th>
                <th scope="col">{t('analytics.rate.rate')}</th>
                <th scope="col">{t('analytics.rate.due')}</th>
                <th scope="col">{t('analytics.rate.collected')}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthLabel(format.locale, m.month)}</th>
                  <td>{percent(m.rate)}</td>
                  <td>{format.money(m.due)}</td>
                  <td>{format.money(m.collected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </ChartPanel>
  );
}
