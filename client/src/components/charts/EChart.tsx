// One ECharts chart as a React component: created when it mounts, fed the
// option whenever it changes, resized with its box, disposed when it goes.
// The canvas means nothing to a screen reader, so the chart is an image with
// an aria-label and a visually hidden `summary` (a table of the same numbers)
// that assistive technology reads instead. Numbers in tooltips are formatted
// for the viewer's language (lib/format.ts) unless the option says otherwise.
// Import it through LazyEChart so ECharts loads only where a chart is shown.
import { useEffect, useMemo, useRef, type ReactNode } from 'react';

import { useFormatters } from '../../lib/format';
import { init, type ChartOption, type EChartsType } from './echarts';

export interface EChartProps {
  /** The ECharts option: series, axes, tooltip… */
  readonly option: ChartOption;
  /** What the chart shows, in a sentence (its accessible name). */
  readonly label: string;
  /** The same data for screen readers, e.g. a table; visually hidden. */
  readonly summary: ReactNode;
  /** CSS height of the drawing area (default 18rem). */
  readonly height?: string;
}

const reducedMotion = () => typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export function EChart({ option, label, summary, height = '18rem' }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const format = useFormatters();
  const chartLocale = format.locale.startsWith('zh') ? 'ZH' : 'EN';

  // ECharts takes its locale (toolbox and loading texts, month names) at init: a language switch re-creates it.
  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const instance = init(element, undefined, { renderer: 'canvas', locale: chartLocale });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [chartLocale]);

  const full = useMemo<ChartOption>(() => {
    const tooltip = (option as { tooltip?: object }).tooltip;
    return {
      animation: !reducedMotion(),
      textStyle: { fontFamily: 'inherit' },
      ...option,
      tooltip: {
        valueFormatter: (value: unknown) => (typeof value === 'number' ? format.number(value) : String(value ?? '')),
        ...tooltip,
      },
    };
  }, [option, format]);

  useEffect(() => {
    chart.current?.setOption(full, { notMerge: true });
  }, [full, chartLocale]);

  return (
    <figure className="chart">
      <div ref={box} className="chart-canvas" style={{ height }} role="img" aria-label={label} />
      <figcaption className="visually-hidden">{summary}</figcaption>
    </figure>
  );
}
