// A customer's consumption 用量 per month over the last 24 months, as a line
// per unit (kWh, m³ …), with a marker on each month one of its accounts
// swung 用量异常波动 (its CONSUMPTION_SWING alerts, listed under the chart).
// The body of Customer 360's consumption panel (customer360/ConsumptionChartPanel.tsx),
// which loads this module — and with it ECharts — lazily.
import { useMemo } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { EChart } from '../../components/charts/EChart';
import type { ChartOption } from '../../components/charts/echarts';
import { escapeHtml } from '../../components/charts/escape-html';
import { graphql } from '../../gql';
import type { MeterUnit } from '../../gql/graphql';
import { readError } from '../../lib/graphql-errors';
import { useFormatters } from '../../lib/format';
import { companyToday } from '../board/company-day';
import { monthLabel, shiftMonth } from './months';

const consumptionQuery = graphql(`
  query CustomerConsumptionChart($id: ID!, $from: String!, $to: String!) {
    customer(id: $id) {
      id
      consumption(from: $from, to: $to) {
        month
        unit
        quantity
      }
    }
    consumptionSwings(customerId: $id, from: $from, to: $to) {
      month
      unit
      alert {
        id
        message
        resolvedAt
        serviceAccount {
          id
          accountNumber
        }
      }
    }
  }
`);

const MONTHS = 24;

export default function CustomerConsumptionChart({ customerId }: { readonly customerId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const to = companyToday().slice(0, 7);
  const from = shiftMonth(to, -(MONTHS - 1));
  const { data, error, loading, refetch } = useQuery(consumptionQuery, { variables: { id: customerId, from, to }, fetchPolicy: 'cache-and-network' });

  const rows = useMemo(() => data?.customer?.consumption ?? [], [data]);
  // The axis starts at the first month with a known consumption (meters may be newer than the window).
  const months = useMemo(() => {
    const first = rows.reduce((min, r) => (r.month < min ? r.month : min), to);
    return Array.from({ length: MONTHS }, (_, i) => shiftMonth(from, i)).filter((m) => m >= first);
  }, [rows, from, to]);
  const swings = useMemo(() => data?.consumptionSwings ?? [], [data]);
  const units = useMemo(() => [...new Set(rows.map((r) => r.unit))] as MeterUnit[], [rows]);

  const option = useMemo<ChartOption>(() => {
    const labels = months.map((m) => monthLabel(format.locale, m));
    const unitLabel = (unit: MeterUnit) => t(`enums.meterUnit.${unit}`);
    return {
      grid: { left: 64, right: 16, top: units.length > 1 ? 32 : 16, bottom: 32 },
      legend: units.length > 1 ? { top: 0 } : undefined,
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', scale: true, name: units.length === 1 ? unitLabel(units[0]!) : undefined, axisLabel: { formatter: (v: number) => format.number(v) } },
      tooltip: { trigger: 'axis' },
      series: units.map((unit) => {
        const byMonth = new Map(rows.filter((r) => r.unit === unit).map((r) => [r.month, Number(r.quantity)]));
        return {
          type: 'line',
          name: unitLabel(unit),
          connectNulls: false,
          // Display only: the exact quantities are in the table.
          data: months.map((m) => byMonth.get(m) ?? null),
          markPoint: {
            symbol: 'pin',
            symbolSize: 34,
            itemStyle: { color: '#e37400' },
            label: { formatter: '!' },
            tooltip: { formatter: (p: { name?: string }) => escapeHtml(p.name ?? '') },
            data: swings
              .filter((s) => s.unit === unit && byMonth.has(s.month))
              .map((s) => ({
                name: t('c360.consumption.swingAt', { month: monthLabel(format.locale, s.month), account: s.alert.serviceAccount?.accountNumber ?? '' }),
                coord: [labels[months.indexOf(s.month)], byMonth.get(s.month)],
                value: '!',
              })),
          },
        };
      }),
    };
  }, [months, rows, swings, units, format, t]);

  let body;
  if (!data && error) {
    body = (
      <div className="state state-error" role="alert">
        <p>{t('c360.consumption.error', { message: readError(error).message })}</p>
        <button type="button" onClick={() => void refetch().catch(() => undefined)}>
          {t('customers.retry')}
        </button>
      </div>
    );
  } else if (!data) {
    body = (
      <p className="muted" role="status" aria-busy={loading}>
        {t('c360.consumption.loading')}
      </p>
    );
  } else if (rows.length === 0) {
    body = <p className="muted">{t('c360.consumption.empty')}</p>;
  } else {
    body = (
      <>
        <EChart
          option={option}
          height="16rem"
          label={t('c360.consumption.label', { count: MONTHS, swings: swings.length })}
          summary={
            <table>
              <caption>{t('c360.consumption.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('c360.consumption.month')}</th>
                  {units.map((unit) => (
                    <th key={unit} scope="col">
                      {t(`enums.meterUnit.${unit}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {months
                  .filter((m) => rows.some((r) => r.month === m))
                  .map((m) => (
                    <tr key={m}>
                      <th scope="row">{monthLabel(format.locale, m)}</th>
                      {units.map((unit) => {
                        const row = rows.find((r) => r.month === m && r.unit === unit);
                        return <td key={unit}>{row ? format.number(Number(row.quantity)) : t('analytics.none')}</td>;
                      })}
                    </tr>
                  ))}
              </tbody>
            </table>
          }
        />
        {swings.length > 0 ? (
          <>
            <h3>{t('c360.consumption.swings', { count: swings.length })}</h3>
            <ul className="c360-list">
              {swings.map((s) => (
                <li key={s.alert.id}>
                  <strong>{monthLabel(format.locale, s.month)}</strong> <span className="mono">{s.alert.serviceAccount?.accountNumber}</span>
                  {s.alert.resolvedAt ? <span className="muted"> · {t('c360.consumption.resolved')}</span> : null}
                  <br />
                  <span className="muted">{s.alert.message}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    );
  }

  return body;
}
