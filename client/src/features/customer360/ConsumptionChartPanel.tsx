// Customer 360's consumption panel 用量: the monthly consumption line with
// its swing markers (features/analytics/CustomerConsumptionChart.tsx). The
// chart and ECharts load lazily, in parallel, when a customer is opened: they
// add nothing to the console's main chunk.
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { preloadEChart } from '../../components/charts/LazyEChart';

const CustomerConsumptionChart = lazy(() => import('../analytics/CustomerConsumptionChart'));

export function ConsumptionChartPanel({ customerId }: { readonly customerId: string }) {
  const { t } = useTranslation();
  useEffect(preloadEChart, []);
  return (
    <section className="c360-panel c360-wide" aria-labelledby="c360-consumption">
      <h2 id="c360-consumption">{t('c360.consumption.heading')}</h2>
      <Suspense
        fallback={
          <p className="muted" role="status" aria-busy="true">
            {t('c360.consumption.loading')}
          </p>
        }
      >
        <CustomerConsumptionChart customerId={customerId} />
      </Suspense>
    </section>
  );
}
