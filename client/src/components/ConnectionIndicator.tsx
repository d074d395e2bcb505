// The live-connection light in the header: grey while first connecting,
// green when connected, amber while reconnecting, red when graphql-ws gave up.
import { useTranslation } from 'react-i18next';

import { useConnectionState } from '../apollo/connection-state';

export function ConnectionIndicator() {
  const { t } = useTranslation();
  const { status } = useConnectionState();
  return (
    <p className={`connection connection-${status}`} role="status" title={t('connection.label')}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="visually-hidden">{t('connection.label')}: </span>
      {t(`connection.${status}`)}
    </p>
  );
}
