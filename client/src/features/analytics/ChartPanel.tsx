// The frame of an analytics chart: heading, then the failure (with retry),
// the loading line, the empty line or the chart itself.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { PanelState } from '../../components/PanelState';

export interface ChartPanelProps {
  readonly id: string;
  readonly heading: string;
  /** A line under the heading (what is counted, as of when). */
  readonly note?: ReactNode;
  readonly error: { readonly message: string } | null | undefined;
  readonly loading: boolean;
  /** True when loaded and there is nothing to draw. */
  readonly empty: boolean;
  readonly emptyText: string;
  onRetry(): void;
  readonly children: ReactNode;
}

export function ChartPanel({ id, heading, note, error, loading, empty, emptyText, onRetry, children }: ChartPanelProps) {
  const { t } = useTranslation();
  let body: ReactNode;
  if (error || loading) {
    body = <PanelState error={error} errorText={t('analytics.failed')} onRetry={onRetry} />;
  } else if (empty) {
    body = <p className="muted">{emptyText}</p>;
  } else {
    body = children;
  }
  return (
    <section className="panel analytics-panel" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {note ? <p className="muted analytics-note">{note}</p> : null}
      {body}
    </section>
  );
}
