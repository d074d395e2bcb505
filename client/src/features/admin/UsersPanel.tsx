// Users and roles 用户与角色 (#/admin/users): the staff of the viewer's subtree
// with role, org unit and status, filtered by role, unit and a search; admins
// (users:manage) create users, change name, role and unit, and disable or
// re-enable them. Leads see the list read-only.
import { useEffect, useId, useMemo, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { DismissibleNotice } from '../../components/DismissibleNotice';
import { LabelledOptions } from '../../components/LabelledOptions';
import { TableOrEmpty } from '../../components/TableOrEmpty';
import { graphql } from '../../gql';
import type { AdminUsersQuery, Role } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { ROLES } from '../auth/roles';
import { OrgUnitSelect } from '../org/OrgUnitSelect';
import { useOrgTree } from '../org/org-tree';
import { PanelState } from '../../components/PanelState';
import { ConfirmDialog } from './ConfirmDialog';
import { CreateUserDialog } from './CreateUserDialog';
import { EditUserDialog } from './EditUserDialog';
import { actionErrorOf } from './admin-errors';
import { useAdminAccess } from './admin-access';

export const AdminUser_user = graphql(`
  fragment AdminUser_user on User {
    id
    login
    name
    role
    disabledAt
    orgUnit {
      id
      name
      kind
    }
  }
`);

export const adminUsersQuery = graphql(`
  query AdminUsers($filter: UserFilter) {
    users(filter: $filter) {
      ...AdminUser_user @unmask
    }
  }
`);

const disableUserMutation = graphql(`
  mutation AdminDisableUser($input: UserIdInput!) {
    disableUser(input: $input) {
      user {
        ...AdminUser_user @unmask
      }
    }
  }
`);

const enableUserMutation = graphql(`
  mutation AdminEnableUser($input: UserIdInput!) {
    enableUser(input: $input) {
      user {
        ...AdminUser_user @unmask
      }
    }
  }
`);

export type AdminUser = AdminUsersQuery['users'][number];

/** Rows shown at first and added by "show more": a company has a few hundred staff. */
const STEP = 50;

export function UsersPanel() {
  const { t } = useTranslation();
  const format = useFormatters();
  const ids = { search: useId(), role: useId(), unit: useId(), disabled: useId() };
  const access = useAdminAccess();
  const manage = access.can('users:manage');
  const { tree } = useOrgTree();
  const [role, setRole] = useState<Role | ''>('');
  const [orgUnitId, setOrgUnitId] = useState('');
  const [includeDisabled, setIncludeDisabled] = useState(true);
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState(STEP);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [toggling, setToggling] = useState<AdminUser | null>(null);
  const [toggleError, setToggleError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const { data, loading, error, refetch } = useQuery(adminUsersQuery, {
    variables: { filter: { roles: role ? [role] : null, orgUnitId: orgUnitId || null, includeDisabled } },
    fetchPolicy: 'cache-and-network',
  });
  const [disableUser, disabling] = useMutation(disableUserMutation, { refetchQueries: ['AdminUsers'] });
  const [enableUser, enabling] = useMutation(enableUserMutation, { refetchQueries: ['AdminUsers'] });

  const users = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const all = data?.users ?? [];
    return needle ? all.filter((u) => u.name.toLowerCase().includes(needle) || u.login.includes(needle)) : all;
  }, [data, search]);
  // A new filter starts again from the top of the list.
  useEffect(() => setShown(STEP), [role, orgUnitId, includeDisabled, search]);

  const toggle = async () => {
    if (!toggling) return;
    setToggleError(null);
    try {
      const variables = { input: { id: toggling.id } };
      if (toggling.disabledAt) await enableUser({ variables });
      else await disableUser({ variables });
      setMessage(t(toggling.disabledAt ? 'admin.users.enabled' : 'admin.users.disabled', { name: toggling.name }));
      setToggling(null);
    } catch (e) {
      setToggleError(actionErrorOf(e, t));
    }
  };

  return (
    <div className="panel admin-panel">
      <div className="section-head">
        <h2>{t('admin.users.heading')}</h2>
        {data ? <span className="count">{t('admin.users.count', { count: users.length })}</span> : null}
        {manage ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('admin.users.create')}
          </button>
        ) : null}
      </div>
      {!manage ? <p className="hint admin-readonly">{t('admin.readOnly')}</p> : null}
      <DismissibleNotice message={message} onDismiss={() => setMessage(null)} />
      <div className="filters">
        <div className="field field-search">
          <label htmlFor={ids.search}>{t('admin.users.search')}</label>
          <input id={ids.search} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.role}>{t('admin.users.role')}</label>
          <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
            <option value="">{t('admin.all')}</option>
            <LabelledOptions values={ROLES} label={(r) => t(`enums.role.${r}`)} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.unit}>{t('admin.users.orgUnit')}</label>
          <OrgUnitSelect id={ids.unit} nodes={tree.nodes} value={orgUnitId} onChange={setOrgUnitId} emptyLabel={t('admin.all')} />
        </div>
        <div className="field-check">
          <input id={ids.disabled} type="checkbox" checked={includeDisabled} onChange={(e) => setIncludeDisabled(e.target.checked)} />
          <label htmlFor={ids.disabled}>{t('admin.users.includeDisabled')}</label>
        </div>
      </div>
      {!data ? (
        <PanelState error={error} errorText={t('admin.users.error')} onRetry={() => void refetch().catch(() => undefined)} />
      ) : (
        <>
          {error ? (
            <p className="notice notice-error" role="alert">
              {t('admin.staleError')}
            </p>
          ) : null}
          <TableOrEmpty
            empty={users.length === 0}
            emptyText={t('admin.users.empty')}
            className="admin-table"
            head={
              <>
                <th scope="col">{t('admin.users.name')}</th>
                <th scope="col">{t('admin.users.login')}</th>
                <th scope="col">{t('admin.users.role')}</th>
                <th scope="col">{t('admin.users.orgUnit')}</th>
                <th scope="col">{t('admin.users.status')}</th>
                {manage ? <th scope="col">{t('admin.actions')}</th> : null}
              </>
            }
          >
            {users.slice(0, shown).map((u) => (
              <tr key={u.id} className={u.disabledAt ? 'admin-row-off' : undefined}>
                <th scope="row">{u.name}</th>
                <td className="mono">{u.login}</td>
                <td>{t(`enums.role.${u.role}`)}</td>
                <td>
                  {u.orgUnit.name} <span className="muted">({t(`enums.orgUnitKind.${u.orgUnit.kind}`)})</span>
                </td>
                <td>
                  {u.disabledAt ? (
                    <span className="admin-badge admin-badge-off">{t('admin.users.disabledSince', { when: format.dateTime(u.disabledAt) })}</span>
                  ) : (
                    <span className="admin-badge admin-badge-on">{t('admin.users.active')}</span>
                  )}
                </td>
                {manage ? (
                  <td className="admin-row-actions">
                    <button type="button" onClick={() => setEditing(u)} aria-label={t('admin.users.editOf', { name: u.name })}>
                      {t('admin.edit')}
                    </button>
                    {u.id !== access.viewerId ? (
                      <button
                        type="button"
                        onClick={() => {
                          setToggleError(null);
                          setToggling(u);
                        }}
                        aria-label={t(u.disabledAt ? 'admin.users.enableOf' : 'admin.users.disableOf', { name: u.name })}
                      >
                        {t(u.disabledAt ? 'admin.users.enable' : 'admin.users.disable')}
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </TableOrEmpty>
          {users.length > shown ? (
            <div className="admin-more">
              <span className="muted">{t('admin.users.showing', { shown, count: users.length })}</span>
              <button type="button" onClick={() => setShown((n) => n + STEP)}>
                {t('admin.users.showMore', { count: Math.min(STEP, users.length - shown) })}
              </button>
            </div>
          ) : null}
          {loading ? (
            <p className="hint" role="status">
              {t('admin.refreshing')}
            </p>
          ) : null}
        </>
      )}
      {manage ? (
        <>
          <CreateUserDialog
            open={creating}
            tree={tree}
            onClose={() => setCreating(false)}
            onCreated={(name) => {
              setCreating(false);
              setMessage(t('admin.users.created', { name }));
            }}
          />
          <EditUserDialog
            user={editing}
            tree={tree}
            isSelf={editing?.id === access.viewerId}
            onClose={() => setEditing(null)}
            onSaved={(name) => {
              setEditing(null);
              setMessage(t('admin.users.saved', { name }));
            }}
          />
          <ConfirmDialog
            open={toggling !== null}
            title={t(toggling?.disabledAt ? 'admin.users.enableTitle' : 'admin.users.disableTitle', { name: toggling?.name ?? '' })}
            confirmLabel={t(toggling?.disabledAt ? 'admin.users.enable' : 'admin.users.disable')}
            busy={disabling.loading || enabling.loading}
            error={toggleError}
            onConfirm={() => void toggle()}
            onClose={() => setToggling(null)}
          >
            <p>{t(toggling?.disabledAt ? 'admin.users.enableBody' : 'admin.users.disableBody')}</p>
          </ConfirmDialog>
        </>
      ) : null}
    </div>
  );
}
