// Asks before an action that cannot be taken back (revoke a key, disable a
// user, rotate a secret): a modal <dialog> whose Cancel has the focus first,
// so Enter on an accidental open does no harm. Failures are shown inside.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { useModalDialog } from '../../lib/use-modal-dialog';

export interface ConfirmDialogProps {
  readonly open: boolean;
  readonly title: ReactNode;
  readonly children: ReactNode;
  readonly confirmLabel: ReactNode;
  readonly busy: boolean;
  /** Why the last attempt failed, if it did. */
  readonly error: string | null;
  onConfirm(): void;
  onClose(): void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, busy, error, onConfirm, onClose }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useModalDialog(open, () => undefined);
  return (
    <dialog ref={ref} className="dialog dialog-narrow" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} onClose={onClose}>
      <div className="create-form" aria-busy={busy}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`}>{children}</div>
        {error ? (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" onClick={onClose} disabled={busy} autoFocus>
            {t('forms.cancel')}
          </button>
          <button type="button" className="danger" onClick={onConfirm} disabled={busy}>
            {busy ? t('admin.working') : confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}
