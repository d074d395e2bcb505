// Signed out: the login page. Signed in: the customer console. The session
// store decides (features/auth/session-store.ts); signing in or out, here or
// in another tab, switches between the two.
import { useTranslation } from 'react-i18next';

import { AppHeader } from './components/AppHeader';
import { CustomerList } from './features/customers/CustomerList';
import { LoginPage } from './features/auth/LoginPage';
import { useSessionState } from './features/auth/session-store';

export function App() {
  const { t } = useTranslation();
  const { session, signOutReason } = useSessionState();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader session={session} />
      <main id="main" tabIndex={-1}>
        {/* Keyed by user: nothing of one user's screen state survives into the next. */}
        {session ? <CustomerList key={session.user.id} /> : <LoginPage reason={signOutReason} />}
      </main>
    </>
  );
}
