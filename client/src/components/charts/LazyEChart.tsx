// EChart behind React.lazy: ECharts (a few hundred kB) is fetched the first
// time a chart is shown, in its own chunk, never with the console's main one.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

import type { EChartProps } from './EChart';

let loading: Promise<typeof import('./EChart')> | null = null;
const load = () => (loading ??= import('./EChart'));

/** Starts fetching ECharts now (a page that will draw charts once its data arrives), without waiting for it. */
export function preloadEChart(): void {
  void load().catch(() => {
    loading = null; // let the chart itself retry (and show the failure)
  });
}

const EChart = lazy(() => load().then((module) => ({ default: module.EChart })));

export function LazyEChart(props: EChartProps) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <p className="chart-loading muted" role="status" style={{ minHeight: props.height ?? '18rem' }}>
          {t('charts.loading')}
        </p>
      }
    >
      <EChart {...props} />
    </Suspense>
  );
}
