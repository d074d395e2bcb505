// Administration 系统管理 (#/admin/<section>): users and roles, the org tree,
// API keys, collection and inspection policies, reward tiers and the audit
// log. The sub-navigation offers the sections the viewer's permissions open
// (admin-access.ts); `#/admin` and a section it may not open go to the first.
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Link, navigate } from '../../app/router';
import { PanelState } from '../../components/PanelState';
import { useAdminAccess, type AdminSection } from './admin-access';
import { ApiKeysPanel } from './ApiKeysPanel';
import { AuditLogPanel } from './AuditLogPanel';
import { OrgTreePanel } from './OrgTreePanel';
import { PoliciesPanel } from './PoliciesPanel';
import { RewardTiersPanel } from './RewardTiersPanel';
import { UsersPanel } from './UsersPanel';

const PANELS: Record<AdminSection, () => ReactNode> = {
  users: () => <UsersPanel />,
  org: () => <OrgTreePanel />,
  'api-keys': () => <ApiKeysPanel />,
  policies: () => <PoliciesPanel />,
  rewards: () => <RewardTiersPanel />,
  audit: () => <AuditLogPanel />,
};

export function AdminPage({ section }: { readonly section: string | null }) {
  const { t } = useTranslation();
  const access = useAdminAccess();
  const current = access.sections.find((s) => s === section) ?? null;
  const fallback = access.sections[0] ?? null;

  useEffect(() => {
    if (access.loaded && !current && fallback) navigate(`/admin/${fallback}`, { replace: true });
  }, [access.loaded, current, fallback]);

  return (
    <div className="admin">
      <h1 className="admin-title">{t('admin.title')}</h1>
      {access.sections.length > 0 ? (
        <nav className="admin-nav" aria-label={t('admin.navLabel')}>
          <ul>
            {access.sections.map((s) => (
              <li key={s}>
                <Link to={`/admin/${s}`}>{t(`admin.sections.${s}`)}</Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {!access.loaded ? (
        <PanelState error={access.error} errorText={t('admin.viewerError')} />
      ) : access.sections.length === 0 ? (
        <p className="state muted">{t('admin.nothingToSee')}</p>
      ) : current ? (
        <section className="admin-section" aria-labelledby="admin-section-title">
          <h2 id="admin-section-title" className="visually-hidden">
            {t(`admin.sections.${current}`)}
          </h2>
          {PANELS[current]()}
        </section>
      ) : null}
    </div>
  );
}
