import { useTranslation } from 'react-i18next';

import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';

export function AppHeader() {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <h1 className="brand">{t('app.title')}</h1>
      <div className="header-tools">
        <ConnectionIndicator />
        <LanguageSwitch />
      </div>
    </header>
  );
}
