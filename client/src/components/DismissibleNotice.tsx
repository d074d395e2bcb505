// A status line the viewer can dismiss, e.g. "payment recorded".
import { useTranslation } from 'react-i18next';

export function DismissibleNotice({ message, onDismiss }: { readonly message: string | null; onDismiss(): void }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <div className="notice" role="status">
      <span>{message}</span>
      <button type="button" className="link" onClick={onDismiss}>
        {t('customers.dismiss')}
      </button>
    </div>
  );
}
