// The frame of a worklist section that loads its own rows (prospects to call,
// rectification deadlines): heading, the failure with a retry, the loading
// line, the empty line or the list.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { readError } from '../../lib/graphql-errors';

export interface LoadedSectionProps {
  readonly id: string;
  readonly heading: ReactNode;
  readonly error: unknown;
  readonly loading: boolean;
  /** False until the first answer arrived. */
  readonly loaded: boolean;
  readonly empty: boolean;
  readonly emptyText: string;
  onRetry(): void;
  readonly children: ReactNode;
}

export function LoadedSection({ id, heading, error, loading, loaded, empty, emptyText, onRetry, children }: LoadedSectionProps) {
  const { t } = useTranslation();
  return (
    <section className="worklist-section" aria-labelledby={id} aria-busy={loading}>
      <h2 id={id}>{heading}</h2>
      {error ? (
        <div className="notice notice-error" role="alert">
          <span>{t('worklist.sectionError', { message: readError(error).message })}</span>
          <button type="button" onClick={onRetry}>
            {t('customers.retry')}
          </button>
        </div>
      ) : null}
      {!loaded ? (
        loading ? (
          <p className="muted" role="status">
            {t('worklist.loading')}
          </p>
        ) : null
      ) : empty ? (
        <p className="muted">{emptyText}</p>
      ) : (
        children
      )}
    </section>
  );
}
