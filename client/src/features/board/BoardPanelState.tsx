// What a board panel shows while it has nothing to show yet: the failure with
// a retry button, or else that it is loading.
import { useTranslation } from 'react-i18next';

export interface BoardPanelStateProps {
  readonly error: { readonly message: string } | null | undefined;
  /** The panel's own line for the failure. */
  readonly errorText: string;
  onRetry(): void;
}

export function BoardPanelState({ error, errorText, onRetry }: BoardPanelStateProps) {
  const { t } = useTranslation();
  return error ? (
    <div className="state state-error" role="alert">
      <p>{errorText}</p>
      <p className="muted">{error.message}</p>
      <button type="button" onClick={onRetry}>
        {t('board.retry')}
      </button>
    </div>
  ) : (
    <p className="state" role="status" aria-busy="true">
      {t('board.loading')}
    </p>
  );
}
