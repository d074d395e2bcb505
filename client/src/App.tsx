// Signed out: the login page. Signed in: the console shell (nav bar and the
// page for the hash route, app/routes.tsx). The session
// store decides (features/auth/session-store.ts); signing in or out, here or
// in another tab, switches between the two.
import { useTranslation } from 'react-i18next';

import { AppHeader } from './components/AppHeader';
import { ConsoleShell } from './app/ConsoleShell';
import { LoginPage } from './features/auth/LoginPage';
import { useSessionState } from './features/auth/session-store';

export function App() {
  const { t } = useTranslation();
  const { session, signOutReason } = useSessionState();
  return (
    <>
      {/* The hash is the router's: move focus by hand instead of following #main. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <AppHeader session={session} />
      {session ? (
        // Keyed by user: nothing of one user's screen state survives into the next.
        <ConsoleShell key={session.user.id} role={session.user.role} />
      ) : (
        <main id="main" tabIndex={-1}>
          <LoginPage reason={signOutReason} />
        </main>
      )}
    </>
  );
}
