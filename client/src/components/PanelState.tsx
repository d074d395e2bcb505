// What a panel shows while it has nothing to show yet: the failure (its own
// line, the server's message and a retry button when one is offered), or
// else that it is loading. Used by the board, the admin screens and the charts.
import { useTranslation } from 'react-i18next';

import { readError } from '../lib/graphql-errors';

export interface PanelStateProps {
  readonly error: unknown;
  /** The panel's own line for the failure. */
  readonly errorText: string;
  onRetry?(): void;
}

export function PanelState({ error, errorText, onRetry }: PanelStateProps) {
  const { t } = useTranslation();
  if (!error) {
    return (
      <p className="state muted" role="status" aria-busy="true">
        {t('panel.loading')}
      </p>
    );
  }
  return (
    <div className="state state-error" role="alert">
      <p>{errorText}</p>
      <p className="muted">{readError(error).message}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('panel.retry')}
        </button>
      ) : null}
    </div>
  );
}
