// The header's account area: who is signed in (name, role, org unit), and
// "change password" and "sign out". Shows the user from the stored session
// at once and the server's `me` once it has loaded.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ChangePasswordDialog } from './ChangePasswordDialog';
import type { Session } from './session-store';
import { useSignOut } from './use-sign-out';
import { useViewer } from './use-viewer';

export interface UserMenuProps {
  readonly session: Session;
}

export function UserMenu({ session }: UserMenuProps) {
  const { t } = useTranslation();
  const { me } = useViewer();
  const { signOut, signingOut } = useSignOut();
  const [changingPassword, setChangingPassword] = useState(false);

  const user = me?.user ?? session.user;
  const orgUnitName = me?.user?.orgUnit.name ?? me?.orgUnit.name ?? session.user.orgUnit.name;

  return (
    <div className="user-menu">
      <p className="user-summary">
        <span className="visually-hidden">{t('user.label')}: </span>
        <span className="user-name">{user.name}</span>
        <span className="user-meta">
          {t(`enums.role.${user.role}`)} · {orgUnitName}
        </span>
      </p>
      <button type="button" className="header-button" onClick={() => setChangingPassword(true)}>
        {t('user.changePassword')}
      </button>
      <button type="button" className="header-button" onClick={() => void signOut()} disabled={signingOut}>
        {signingOut ? t('user.signingOut') : t('user.signOut')}
      </button>
      <ChangePasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} />
    </div>
  );
}
