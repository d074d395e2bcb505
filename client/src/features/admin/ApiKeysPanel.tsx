// Partner API keys 接口密钥 (#/admin/api-keys, apikeys:manage): every key of
// the subtree with its scopes, unit, rate limit and use; create one (its
// secret is shown once), rotate its secret (the old one stops at once, the
// new one is shown once) or revoke it, each after a confirmation.
import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { DismissibleNotice } from '../../components/DismissibleNotice';
import { TableOrEmpty } from '../../components/TableOrEmpty';
import { graphql } from '../../gql';
import type { AdminApiKeysQuery } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { useOrgTree } from '../org/org-tree';
import { PanelState } from '../../components/PanelState';
import { ConfirmDialog } from './ConfirmDialog';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';
import { SecretDialog } from './SecretDialog';
import { actionErrorOf } from './admin-errors';

export const AdminApiKey_apiKey = graphql(`
  fragment AdminApiKey_apiKey on ApiKey {
    id
    name
    prefix
    scopes
    rateLimitPerMinute
    createdAt
    rotatedAt
    revokedAt
    lastUsedAt
    createdBy {
      id
      name
    }
    orgUnit {
      id
      name
    }
  }
`);

export const adminApiKeysQuery = graphql(`
  query AdminApiKeys {
    apiKeys {
      ...AdminApiKey_apiKey @unmask
    }
  }
`);

const rotateApiKeyMutation = graphql(`
  mutation AdminRotateApiKey($input: ApiKeyIdInput!) {
    rotateApiKey(input: $input) {
      secret
      apiKey {
        ...AdminApiKey_apiKey @unmask
      }
    }
  }
`);

const revokeApiKeyMutation = graphql(`
  mutation AdminRevokeApiKey($input: ApiKeyIdInput!) {
    revokeApiKey(input: $input) {
      apiKey {
        ...AdminApiKey_apiKey @unmask
      }
    }
  }
`);

type ApiKey = AdminApiKeysQuery['apiKeys'][number];

interface PendingAction {
  readonly kind: 'rotate' | 'revoke';
  readonly key: ApiKey;
}

export interface ShownSecret {
  readonly name: string;
  readonly secret: string;
  readonly rotated: boolean;
}

export function ApiKeysPanel() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { tree } = useOrgTree();
  const { data, error, loading, refetch } = useQuery(adminApiKeysQuery, { fetchPolicy: 'cache-and-network' });
  const [rotate, rotating] = useMutation(rotateApiKeyMutation);
  const [revoke, revoking] = useMutation(revokeApiKeyMutation);
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const keys = data?.apiKeys ?? [];

  const confirm = async () => {
    if (!pending) return;
    setActionError(null);
    const variables = { input: { id: pending.key.id } };
    try {
      if (pending.kind === 'rotate') {
        const result = await rotate({ variables });
        if (result.data) setSecret({ name: pending.key.name, secret: result.data.rotateApiKey.secret, rotated: true });
      } else {
        await revoke({ variables });
        setMessage(t('admin.keys.revoked', { name: pending.key.name }));
      }
      setPending(null);
    } catch (e) {
      setActionError(actionErrorOf(e, t));
    }
  };

  return (
    <div className="panel admin-panel">
      <div className="section-head">
        <h2>{t('admin.keys.heading')}</h2>
        {data ? <span className="count">{t('admin.keys.count', { count: keys.length })}</span> : null}
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('admin.keys.create')}
        </button>
      </div>
      <DismissibleNotice message={message} onDismiss={() => setMessage(null)} />
      {!data ? (
        <PanelState error={error} errorText={t('admin.keys.error')} onRetry={() => void refetch().catch(() => undefined)} />
      ) : (
        <>
          {error ? (
            <p className="notice notice-error" role="alert">
              {t('admin.staleError')}
            </p>
          ) : null}
          <TableOrEmpty
            empty={keys.length === 0}
            emptyText={t('admin.keys.empty')}
            className="admin-table"
            head={
              <>
                <th scope="col">{t('admin.keys.name')}</th>
                <th scope="col">{t('admin.keys.prefix')}</th>
                <th scope="col">{t('admin.keys.scopes')}</th>
                <th scope="col">{t('admin.keys.orgUnit')}</th>
                <th scope="col">{t('admin.keys.rateLimit')}</th>
                <th scope="col">{t('admin.keys.used')}</th>
                <th scope="col">{t('admin.keys.status')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </>
            }
          >
            {keys.map((key) => (
              <tr key={key.id} className={key.revokedAt ? 'admin-row-off' : undefined}>
                <th scope="row">
                  {key.name}
                  <div className="hint">
                    {t('admin.keys.createdBy', { when: format.dateTime(key.createdAt), who: key.createdBy?.name ?? t('admin.keys.system') })}
                  </div>
                </th>
                <td className="mono">gl_{key.prefix}_…</td>
                <td>
                  <ul className="admin-scope-list">
                    {key.scopes.map((scope) => (
                      <li key={scope}>{t(`admin.keys.scope.${scope}`)}</li>
                    ))}
                  </ul>
                </td>
                <td>{key.orgUnit.name}</td>
                <td className="num">{t('admin.keys.perMinute', { count: key.rateLimitPerMinute })}</td>
                <td>
                  {key.lastUsedAt ? format.dateTime(key.lastUsedAt) : <span className="muted">{t('admin.keys.neverUsed')}</span>}
                  {key.rotatedAt ? <div className="hint">{t('admin.keys.rotatedAt', { when: format.dateTime(key.rotatedAt) })}</div> : null}
                </td>
                <td>
                  {key.revokedAt ? (
                    <span className="admin-badge admin-badge-off">{t('admin.keys.revokedAt', { when: format.dateTime(key.revokedAt) })}</span>
                  ) : (
                    <span className="admin-badge admin-badge-on">{t('admin.keys.active')}</span>
                  )}
                </td>
                <td className="admin-row-actions">
                  {key.revokedAt ? null : (
                    <>
                      <button
                        type="button"
                        onClick={() => {
                          setActionError(null);
                          setPending({ kind: 'rotate', key });
                        }}
                        aria-label={t('admin.keys.rotateOf', { name: key.name })}
                      >
                        {t('admin.keys.rotate')}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => {
                          setActionError(null);
                          setPending({ kind: 'revoke', key });
                        }}
                        aria-label={t('admin.keys.revokeOf', { name: key.name })}
                      >
                        {t('admin.keys.revoke')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </TableOrEmpty>
          {loading ? (
            <p className="hint" role="status">
              {t('admin.refreshing')}
            </p>
          ) : null}
        </>
      )}
      <CreateApiKeyDialog
        open={creating}
        tree={tree}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          setSecret(created);
        }}
      />
      <ConfirmDialog
        open={pending !== null}
        title={t(pending?.kind === 'rotate' ? 'admin.keys.rotateTitle' : 'admin.keys.revokeTitle', { name: pending?.key.name ?? '' })}
        confirmLabel={t(pending?.kind === 'rotate' ? 'admin.keys.rotate' : 'admin.keys.revoke')}
        busy={rotating.loading || revoking.loading}
        error={actionError}
        onConfirm={() => void confirm()}
        onClose={() => setPending(null)}
      >
        <p>{t(pending?.kind === 'rotate' ? 'admin.keys.rotateBody' : 'admin.keys.revokeBody')}</p>
      </ConfirmDialog>
      <SecretDialog shown={secret} onClose={() => setSecret(null)} />
    </div>
  );
}
