// What an admin panel shows while it has no data: loading, or the failure
// with a retry button when one is offered.
import { useTranslation } from 'react-i18next';

import { readError } from '../../lib/graphql-errors';

export interface AdminStateProps {
  readonly error: unknown;
  /** The panel's own line for the failure. */
  readonly errorText: string;
  onRetry?(): void;
}

export function AdminState({ error, errorText, onRetry }: AdminStateProps) {
  const { t } = useTranslation();
  if (!error) {
    return (
      <p className="state muted" role="status" aria-busy="true">
        {t('admin.loading')}
      </p>
    );
  }
  return (
    <div className="state state-error" role="alert">
      <p>{errorText}</p>
      <p className="muted">{readError(error).message}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('admin.retry')}
        </button>
      ) : null}
    </div>
  );
}
