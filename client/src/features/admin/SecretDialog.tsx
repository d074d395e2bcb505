// Shows a new API key's whole secret ONCE (after createApiKey or
// rotateApiKey): the server never returns it again, so the dialog says so,
// offers a copy button and forgets the secret when it closes.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useModalDialog } from '../../lib/use-modal-dialog';
import type { ShownSecret } from './ApiKeysPanel';

export function SecretDialog({ shown, onClose }: { readonly shown: ShownSecret | null; onClose(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const ref = useModalDialog(shown !== null, () => setCopied(null));

  useEffect(() => {
    if (shown) requestAnimationFrame(() => secretRef.current?.select());
  }, [shown]);

  const copy = async () => {
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(shown.secret);
      setCopied('yes');
    } catch {
      // No clipboard (plain http, permission denied): the text stays selected for Ctrl+C.
      secretRef.current?.select();
      setCopied('failed');
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-warning`} onClose={onClose}>
      <div className="create-form">
        <h2 id={`${id}-title`}>{t(shown?.rotated ? 'admin.keys.secretRotatedTitle' : 'admin.keys.secretTitle', { name: shown?.name ?? '' })}</h2>
        <p id={`${id}-warning`} className="notice notice-warn" role="alert">
          {t('admin.keys.secretWarning')}
        </p>
        <div className="field">
          <label htmlFor={`${id}-secret`}>{t('admin.keys.secret')}</label>
          <div className="admin-secret">
            <input id={`${id}-secret`} ref={secretRef} className="mono" readOnly value={shown?.secret ?? ''} onFocus={(e) => e.target.select()} />
            <button type="button" onClick={() => void copy()}>
              {t('admin.keys.copy')}
            </button>
          </div>
          <p className="hint" role="status">
            {copied === 'yes' ? t('admin.keys.copied') : copied === 'failed' ? t('admin.keys.copyFailed') : ''}
          </p>
        </div>
        <div className="actions">
          <button type="button" className="primary" onClick={onClose}>
            {t('admin.keys.secretDone')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
