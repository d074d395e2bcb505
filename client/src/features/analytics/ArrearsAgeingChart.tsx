// Arrears ageing 账龄 of the chosen unit's subtree today: the open amounts on
// overdue bills in four buckets of days overdue (the sum of its customers'
// ageing, one query: arrearsAgeing), darker the older the debt.
import { useMemo } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { LazyEChart } from '../../components/charts/LazyEChart';
import type { ChartOption } from '../../components/charts/echarts';
import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';
import { ChartPanel } from './ChartPanel';

const ageingQuery = graphql(`
  query AnalyticsArrearsAgeing($orgUnitId: ID) {
    arrearsAgeing(orgUnitId: $orgUnitId) {
      asOf
      arrears
      customersInArrears
      ageing {
        days0to30
        days31to90
        days91to180
        over180
      }
    }
  }
`);

const BUCKETS = ['days0to30', 'days31to90', 'days91to180', 'over180'] as const;
const COLOURS = ['#f2b84b', '#e37400', '#c2410c', '#b3261e'];

export function ArrearsAgeingChart({ orgUnitId }: { readonly orgUnitId: string | null }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, error, loading, refetch } = useQuery(ageingQuery, { variables: { orgUnitId }, fetchPolicy: 'cache-and-network' });
  const result = data?.arrearsAgeing;

  const option = useMemo<ChartOption>(() => {
    const amounts = BUCKETS.map((bucket) => result?.ageing[bucket] ?? '0');
    const compact = new Intl.NumberFormat(format.locale, { notation: 'compact', maximumFractionDigits: 1 });
    return {
      grid: { left: 64, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: BUCKETS.map((bucket) => t(`analytics.ageing.${bucket}`)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compact.format(v) } },
      tooltip: {
        trigger: 'axis',
        formatter: (params: unknown) => {
          const index = (params as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0;
          return `${t(`analytics.ageing.${BUCKETS[index]!}`)}: <strong>${format.money(amounts[index]!)}</strong>`;
        },
      },
      series: [
        {
          type: 'bar',
          name: t('analytics.ageing.amount'),
          barMaxWidth: 56,
          // Display only: the exact amounts are in the tooltip and the table.
          data: amounts.map((amount, i) => ({ value: Number(amount), itemStyle: { color: COLOURS[i] } })),
        },
      ],
    };
  }, [result, format, t]);

  return (
    <ChartPanel
      id="analytics-ageing"
      heading={t('analytics.ageing.heading')}
      note={
        result
          ? t('analytics.ageing.note', { amount: format.money(result.arrears), count: result.customersInArrears, day: format.day(result.asOf) })
          : undefined
      }
      error={data ? null : error}
      loading={!data && loading}
      empty={!!result && Number(result.arrears) === 0}
      emptyText={t('analytics.ageing.empty')}
      onRetry={() => void refetch().catch(() => undefined)}
    >
      {result ? (
        <LazyEChart
          option={option}
          label={t('analytics.ageing.label', { amount: format.money(result.arrears) })}
          summary={
            <table>
              <caption>{t('analytics.ageing.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.ageing.bucket')}</th>
                  <th scope="col">{t('analytics.ageing.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {BUCKETS.map((bucket) => (
                  <tr key={bucket}>
                    <th scope="row">{t(`analytics.ageing.${bucket}`)}</th>
                    <td>{format.money(result.ageing[bucket])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      ) : null}
    </ChartPanel>
  );
}
