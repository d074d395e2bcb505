import { useTranslation } from 'react-i18next';

import { UserMenu } from '../features/auth/UserMenu';
import type { Session } from '../features/auth/session-store';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';

export interface AppHeaderProps {
  /** The signed-in session; on the login page there is none, and only the language switch shows. */
  readonly session: Session | null;
}

export function AppHeader({ session }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <h1 className="brand">{t('app.title')}</h1>
      <div className="header-tools">
        {session ? <ConnectionIndicator /> : null}
        <LanguageSwitch />
        {session ? <UserMenu session={session} /> : null}
      </div>
    </header>
  );
}
