// The audit log 操作日志 (#/admin/audit, audit:read): who changed what and
// when, newest first, filtered by actor (a user or an API key), action,
// kind of object, one object (e.g. a customer, found by name) and a day range in the
// company time zone; page by page (keyset cursors, a stack of the pages
// seen for "previous"). Each entry's before/after is shown as a field table.
import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { Link, pathTo } from '../../app/router';
import { graphql } from '../../gql';
import type { AuditFilter } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { readError } from '../../lib/graphql-errors';
import { PanelState } from '../../components/PanelState';
import { AuditChange } from './AuditChange';
import { AuditCustomerPicker } from './AuditCustomerPicker';
import { useAdminAccess } from './admin-access';

const PAGE_SIZE = 20;

const auditEntriesQuery = graphql(`
  query AdminAuditEntries($filter: AuditFilter, $first: Int!, $after: String) {
    auditEntries(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          action
          entityType
          entityId
          before
          after
          createdAt
          requestId
          actorUser {
            id
            name
            login
          }
          actorApiKey {
            id
            name
            prefix
          }
        }
      }
    }
  }
`);

/** Who can be picked as the actor: staff (users:read) and keys (apikeys:manage). */
const auditActorsQuery = graphql(`
  query AdminAuditActors($withKeys: Boolean!) {
    users(filter: { includeDisabled: true }) {
      id
      name
      login
    }
    apiKeys @include(if: $withKeys) {
      id
      name
      prefix
    }
  }
`);

/** Actions and kinds written today (modules' recordAudit calls), offered as suggestions; any text is accepted. */
const KNOWN_ACTIONS = [
  'customer.create',
  'customer.update',
  'customer.assign',
  'customer.convert',
  'customer.set_dishonesty',
  'contact.add',
  'contact.update',
  'contact.archive',
  'service_account.add',
  'service_account.update',
  'service_account.assign_collector',
  'contract.create',
  'contract.sign',
  'contract.renew',
  'contract.terminate',
  'bill.record',
  'payment.record',
  'refund.record',
  'adjustment.record',
  'installment_plan.agree',
  'visit.log',
  'rotation.rotate',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'apiKey.create',
  'apiKey.rotate',
  'apiKey.revoke',
  'collection_policy.update',
  'consumption_swing_threshold.update',
  'inspection_policy.set',
  'reward_scheme.update',
];
const KNOWN_TYPES = [
  'Customer',
  'Contact',
  'ServiceAccount',
  'Contract',
  'Bill',
  'Payment',
  'Refund',
  'Adjustment',
  'InstallmentPlan',
  'Visit',
  'User',
  'ApiKey',
  'CollectionPolicy',
  'ConsumptionSwingThreshold',
  'InspectionPolicy',
  'RewardScheme',
];

interface Draft {
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  from: string;
  to: string;
}

const EMPTY: Draft = { actorId: '', action: '', entityType: '', entityId: '', from: '', to: '' };

function filterOf(d: Draft): AuditFilter {
  return {
    actorId: d.actorId || null,
    action: d.action.trim() || null,
    entityType: d.entityType.trim() || null,
    entityId: d.entityId.trim() || null,
    from: d.from || null,
    to: d.to || null,
  };
}

export function AuditLogPanel() {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const access = useAdminAccess();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filter, setFilter] = useState<AuditFilter>(() => filterOf(EMPTY));
  const [rangeError, setRangeError] = useState<string | null>(null);
  // Bumped by "clear" to empty the customer search too.
  const [pickerKey, setPickerKey] = useState(0);
  // The cursors of the pages before this one: [null] is the first page.
  const [cursors, setCursors] = useState<readonly (string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const { data, error, loading, refetch } = useQuery(auditEntriesQuery, {
    variables: { filter, first: PAGE_SIZE, after },
    fetchPolicy: 'cache-and-network',
  });
  const actors = useQuery(auditActorsQuery, { variables: { withKeys: access.can('apikeys:manage') }, skip: !access.can('users:read') });
  const page = data?.auditEntries;

  const set = (field: keyof Draft, value: string) => setDraft((d) => ({ ...d, [field]: value }));

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.to < draft.from) {
      setRangeError(t('admin.audit.errors.range'));
      requestAnimationFrame(() => document.getElementById(`${id}-to`)?.focus());
      return;
    }
    setRangeError(null);
    setFilter(filterOf(draft));
    setCursors([null]);
  };

  const clear = () => {
    setDraft(EMPTY);
    setPickerKey((k) => k + 1);
    setRangeError(null);
    setFilter(filterOf(EMPTY));
    setCursors([null]);
  };

  // A filter the server refuses (a malformed ID or day) is named by its label, not as a load failure.
  const readable = error ? readError(error) : null;
  const labels: Record<string, string> = {
    'filter.actorId': t('admin.audit.actor'),
    'filter.action': t('admin.audit.action'),
    'filter.entityType': t('admin.audit.entityType'),
    'filter.entityId': t('admin.audit.entityId'),
    'filter.from': t('admin.audit.from'),
    'filter.to': t('admin.audit.to'),
  };
  const badFilter =
    readable?.code === 'BAD_USER_INPUT' ? readable.fields.map((f) => `${labels[f.field] ?? f.field}: ${f.message}`) : [];

  const pageNumber = cursors.length;
  const pages = page ? Math.max(1, Math.ceil(page.totalCount / PAGE_SIZE)) : 1;

  return (
    <div className="panel admin-panel">
      <div className="section-head">
        <h2>{t('admin.audit.heading')}</h2>
        {page ? <span className="count">{t('admin.audit.count', { count: page.totalCount })}</span> : null}
      </div>
      <form className="filters audit-filters" onSubmit={apply} noValidate aria-label={t('admin.audit.filters')}>
        <div className="field">
          <label htmlFor={`${id}-actor`}>{t('admin.audit.actor')}</label>
          <select id={`${id}-actor`} value={draft.actorId} onChange={(e) => set('actorId', e.target.value)}>
            <option value="">{t('admin.all')}</option>
            {actors.data?.users.length ? (
              <optgroup label={t('admin.audit.staff')}>
                {actors.data.users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.login})
                  </option>
                ))}
              </optgroup>
            ) : null}
            {actors.data?.apiKeys?.length ? (
              <optgroup label={t('admin.audit.apiKeys')}>
                {actors.data.apiKeys.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.name} (gl_{k.prefix})
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>{t('admin.audit.action')}</label>
          <input id={`${id}-action`} className="mono" list={`${id}-actions`} autoComplete="off" maxLength={100} value={draft.action} onChange={(e) => set('action', e.target.value)} />
          <datalist id={`${id}-actions`}>
            {KNOWN_ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>{t('admin.audit.entityType')}</label>
          <input id={`${id}-type`} list={`${id}-types`} autoComplete="off" maxLength={100} value={draft.entityType} onChange={(e) => set('entityType', e.target.value)} />
          <datalist id={`${id}-types`}>
            {KNOWN_TYPES.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={`${id}-entity`}>{t('admin.audit.entityId')}</label>
          <input
            id={`${id}-entity`}
            className="mono"
            autoComplete="off"
            spellCheck={false}
            value={draft.entityId}
            placeholder={t('admin.audit.entityIdHint')}
            aria-describedby={`${id}-entity-hint`}
            onChange={(e) => set('entityId', e.target.value)}
          />
          <span id={`${id}-entity-hint`} className="visually-hidden">
            {t('admin.audit.entityIdHint')}
          </span>
        </div>
        <AuditCustomerPicker key={pickerKey} onPick={(customerId) => setDraft((d) => ({ ...d, entityId: customerId, entityType: '' }))} />
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('admin.audit.from')}</label>
          <input id={`${id}-from`} type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('admin.audit.to')}</label>
          <input
            id={`${id}-to`}
            type="date"
            value={draft.to}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? `${id}-to-error` : undefined}
            onChange={(e) => set('to', e.target.value)}
          />
          {rangeError ? (
            <p id={`${id}-to-error`} className="field-error">
              {rangeError}
            </p>
          ) : null}
        </div>
        <div className="audit-filter-actions">
          <button type="submit" className="primary">
            {t('admin.audit.apply')}
          </button>
          <button type="button" onClick={clear}>
            {t('admin.audit.clear')}
          </button>
        </div>
      </form>
      {badFilter.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <ul>
            {badFilter.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : !page ? (
        <PanelState error={error} errorText={t('admin.audit.error')} onRetry={() => void refetch().catch(() => undefined)} />
      ) : (
        <>
          {error ? (
            <p className="notice notice-error" role="alert">
              {t('admin.audit.errorKeep', { message: error.message })}
            </p>
          ) : null}
          {page.edges.length === 0 ? (
            <p className="muted">{t('admin.audit.empty')}</p>
          ) : (
            <ol className="audit-list" aria-busy={loading}>
              {page.edges.map(({ node: entry }) => (
                <li key={entry.id} className="audit-entry">
                  <div className="audit-head">
                    <time dateTime={entry.createdAt}>{format.dateTime(entry.createdAt)}</time>
                    <span className="audit-actor">
                      {entry.actorUser
                        ? t('admin.audit.byUser', { name: entry.actorUser.name, login: entry.actorUser.login })
                        : entry.actorApiKey
                          ? t('admin.audit.byKey', { name: entry.actorApiKey.name })
                          : t('admin.audit.bySystem')}
                    </span>
                    <code className="audit-action">{entry.action}</code>
                    <span>
                      {entry.entityType === 'Customer' ? (
                        <Link to={pathTo('/customers/:id', { id: entry.entityId })}>{t('admin.audit.customer')}</Link>
                      ) : (
                        entry.entityType
                      )}{' '}
                      <button
                        type="button"
                        className="link mono"
                        title={t('admin.audit.onlyThis')}
                        aria-label={t('admin.audit.onlyThisOf', { id: entry.entityId })}
                        onClick={() => {
                          const next = { ...EMPTY, entityId: entry.entityId };
                          setDraft(next);
                          setFilter(filterOf(next));
                          setCursors([null]);
                        }}
                      >
                        {entry.entityId}
                      </button>
                    </span>
                  </div>
                  <AuditChange before={entry.before} after={entry.after} />
                  {entry.requestId ? <p className="hint mono">{t('admin.audit.requestId', { id: entry.requestId })}</p> : null}
                </li>
              ))}
            </ol>
          )}
          <nav className="audit-pager" aria-label={t('admin.audit.paging')}>
            <button type="button" disabled={cursors.length <= 1 || loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('admin.audit.previous')}
            </button>
            <span role="status">{t('admin.audit.page', { page: pageNumber, pages })}</span>
            <button
              type="button"
              disabled={!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || loading}
              onClick={() => setCursors((c) => [...c, page.pageInfo.endCursor ?? null])}
            >
              {t('admin.audit.next')}
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
