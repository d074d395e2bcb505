import { useTranslation } from 'react-i18next';

import { AppHeader } from './components/AppHeader';
import { CustomerList } from './features/customers/CustomerList';

export function App() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader />
      <main id="main" tabIndex={-1}>
        <CustomerList />
      </main>
    </>
  );
}
