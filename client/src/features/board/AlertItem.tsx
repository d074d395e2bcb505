// One alert on the live board: severity, kind, amount, customer, owner, and
// the lead's actions in place — acknowledge, assign to someone, resolve with
// a note. The alert is read from the cache (AlertItem_alert), so a mutation's
// payload or an alertChanged push re-renders just this item.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { FragmentType } from '@apollo/client';
import { useFragment, useLazyQuery, useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import type { Role } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { readError } from '../../lib/graphql-errors';
import { useNow } from '../../lib/use-now';
import { Link, pathTo } from '../../app/router';
import { useOrgTree } from '../org/org-tree';

export const AlertItem_alert = graphql(`
  fragment AlertItem_alert on Alert {
    id
    seq
    kind
    severity
    message
    amount
    createdAt
    acknowledgedAt
    acknowledgedBy {
      id
      name
    }
    assignedTo {
      id
      name
    }
    owner {
      id
      name
    }
    resolvedAt
    resolutionNote
    customer {
      id
      name
    }
    orgUnit {
      id
      name
    }
    serviceAccount {
      id
      accountNumber
    }
  }
`);

const acknowledgeAlertMutation = graphql(`
  mutation BoardAcknowledgeAlert($input: AcknowledgeAlertInput!) {
    acknowledgeAlert(input: $input) {
      alert {
        id
        ...AlertItem_alert
      }
    }
  }
`);

const assignAlertMutation = graphql(`
  mutation BoardAssignAlert($input: AssignAlertInput!) {
    assignAlert(input: $input) {
      alert {
        id
        ...AlertItem_alert
      }
    }
  }
`);

const resolveAlertMutation = graphql(`
  mutation BoardResolveAlert($input: ResolveAlertInput!) {
    resolveAlert(input: $input) {
      alert {
        id
        ...AlertItem_alert
      }
    }
  }
`);

const assigneesQuery = graphql(`
  query BoardAssignees($filter: UserFilter) {
    users(filter: $filter) {
      id
      name
      role
      orgUnit {
        id
        name
      }
    }
  }
`);

export interface AlertItemProps {
  readonly alert: FragmentType<typeof AlertItem_alert>;
  /** Arrived live and not looked at yet. */
  readonly unseen: boolean;
  /** May assign alerts (customers:assign). */
  readonly canAssign: boolean;
  onSeen(): void;
}

type Panel = 'none' | 'assign' | 'resolve';

const ASSIGNEE_ROLES: Role[] = ['COLLECTOR', 'REP', 'LEAD'];

/** The unit and its ancestors: the server accepts assignees there only. */
function unitAndAbove(unitId: string, parentOf: ReadonlyMap<string, string | null>): Set<string> {
  const units = new Set<string>();
  for (let id: string | null | undefined = unitId; id && !units.has(id); id = parentOf.get(id)) units.add(id);
  return units;
}

/** An action's form under the alert: its fields, then confirm and cancel. */
function AlertForm(props: {
  readonly id: string;
  readonly submitDisabled: boolean;
  readonly submitLabel: string;
  readonly children: ReactNode;
  onSubmit(event: FormEvent): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  return (
    <form id={props.id} className="alert-form" onSubmit={props.onSubmit}>
      {props.children}
      <button type="submit" className="primary" disabled={props.submitDisabled}>
        {props.submitLabel}
      </button>
      <button type="button" className="link" onClick={props.onCancel}>
        {t('board.alerts.cancel')}
      </button>
    </form>
  );
}

export function AlertItem({ alert, unseen, canAssign, onSeen }: AlertItemProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useNow(30_000);
  const formId = useId();
  const { data: a, complete } = useFragment({ fragment: AlertItem_alert, from: alert });

  const [panel, setPanel] = useState<Panel>('none');
  const [assigneeId, setAssigneeId] = useState('');
  const [note, setNote] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);

  const [acknowledge, ack] = useMutation(acknowledgeAlertMutation);
  const [assign, assigning] = useMutation(assignAlertMutation);
  const [resolve, resolving] = useMutation(resolveAlertMutation);
  const [loadAssignees, assignees] = useLazyQuery(assigneesQuery);
  const { tree } = useOrgTree();
  const busy = ack.loading || assigning.loading || resolving.loading;

  if (!complete) return null;

  const resolved = !!a.resolvedAt;
  const run = async (action: () => Promise<unknown>, after?: () => void) => {
    setActionError(null);
    onSeen();
    try {
      await action();
      after?.();
    } catch (e) {
      const error = readError(e);
      setActionError(
        error.code === 'CONFLICT'
          ? t('board.alerts.errors.conflict')
          : error.code === 'FORBIDDEN'
            ? t('board.alerts.errors.forbidden')
            : t('board.alerts.errors.failed', { message: error.fields[0]?.message ?? error.message }),
      );
    }
  };

  const openPanel = (next: Panel) => {
    setActionError(null);
    setPanel((current) => (current === next ? 'none' : next));
    if (next === 'assign' && !assignees.called) {
      void loadAssignees({ variables: { filter: { roles: ASSIGNEE_ROLES } } }).catch(
        () => undefined, // shown by assignees.error
      );
    }
  };

  const onAssign = (event: FormEvent) => {
    event.preventDefault();
    if (!assigneeId) return;
    void run(
      () => assign({ variables: { input: { alertId: a.id, assigneeId } } }),
      () => setPanel('none'),
    );
  };

  const onResolve = (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      setActionError(t('board.alerts.noteRequired'));
      return;
    }
    void run(
      () => resolve({ variables: { input: { alertId: a.id, note: note.trim() } } }),
      () => {
        setPanel('none');
        setNote('');
      },
    );
  };

  const eligible = unitAndAbove(a.orgUnit.id, tree.parentOf);
  const candidates = (assignees.data?.users ?? []).filter((user) => eligible.has(user.orgUnit.id));

  const state = resolved ? 'resolved' : a.assignedTo ? 'assigned' : a.acknowledgedAt ? 'acknowledged' : 'open';

  return (
    <li className={`alert-item alert-${a.severity.toLowerCase()} alert-state-${state}${unseen ? ' alert-unseen' : ''}`}>
      <div className="alert-head">
        <span className={`severity severity-${a.severity.toLowerCase()}`}>{t(`board.severity.${a.severity}`)}</span>
        <span className="alert-kind">{t(`board.alertKind.${a.kind}`)}</span>
        {unseen ? <span className="alert-new-tag">{t('board.alerts.new')}</span> : null}
        <time className="muted" dateTime={a.createdAt} title={format.dateTime(a.createdAt)}>
          {format.relativeTime(a.createdAt, now)}
        </time>
      </div>
      <div className="alert-body">
        <Link className="alert-customer" to={pathTo('/customers/:id', { id: a.customer.id })}>
          {a.customer.name}
        </Link>
        {a.amount != null ? <strong className="alert-amount">{format.money(a.amount)}</strong> : null}
      </div>
      <p className="alert-message">{a.message}</p>
      <dl className="alert-facts">
        {a.serviceAccount ? (
          <div>
            <dt>{t('board.alerts.account')}</dt>
            <dd>{a.serviceAccount.accountNumber}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('board.alerts.orgUnit')}</dt>
          <dd>{a.orgUnit.name}</dd>
        </div>
        <div>
          <dt>{t('board.alerts.owner')}</dt>
          <dd>{a.owner?.name ?? t('board.alerts.nobody')}</dd>
        </div>
        {a.assignedTo ? (
          <div>
            <dt>{t('board.alerts.assignedTo')}</dt>
            <dd>{a.assignedTo.name}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('board.alerts.state')}</dt>
          <dd>
            {t(`board.alertState.${state}`)}
            {resolved && a.resolutionNote ? ` · ${a.resolutionNote}` : null}
          </dd>
        </div>
      </dl>

      {!resolved ? (
        <div className="alert-actions">
          {!a.acknowledgedAt ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(() => acknowledge({ variables: { input: { alertId: a.id } } }))}
            >
              {ack.loading ? t('board.alerts.working') : t('board.alerts.acknowledge')}
            </button>
          ) : null}
          {canAssign ? (
            <button
              type="button"
              disabled={busy}
              aria-expanded={panel === 'assign'}
              aria-controls={`${formId}-assign`}
              onClick={() => openPanel('assign')}
            >
              {t('board.alerts.assign')}
            </button>
          ) : null}
          <button
            type="button"
            disabled={busy}
            aria-expanded={panel === 'resolve'}
            aria-controls={`${formId}-resolve`}
            onClick={() => openPanel('resolve')}
          >
            {t('board.alerts.resolve')}
          </button>
        </div>
      ) : null}

      {panel === 'assign' && !resolved ? (
        <AlertForm
          id={`${formId}-assign`}
          onSubmit={onAssign}
          submitDisabled={busy || !assigneeId}
          submitLabel={assigning.loading ? t('board.alerts.working') : t('board.alerts.confirmAssign')}
          onCancel={() => setPanel('none')}
        >
          <label htmlFor={`${formId}-assignee`}>{t('board.alerts.assignee')}</label>
          {assignees.error ? (
            <span className="field-error" role="alert">
              {t('board.alerts.assigneesError', { message: assignees.error.message })}
            </span>
          ) : null}
          <select
            id={`${formId}-assignee`}
            value={assigneeId}
            onChange={(event) => setAssigneeId(event.target.value)}
            disabled={!assignees.data}
            required
          >
            <option value="">{assignees.data ? t('board.alerts.chooseAssignee') : t('board.alerts.loadingAssignees')}</option>
            {candidates.map((user) => (
              <option key={user.id} value={user.id}>
                {t('board.alerts.assigneeOption', {
                  name: user.name,
                  role: t(`enums.role.${user.role}`),
                  unit: user.orgUnit.name,
                })}
              </option>
            ))}
          </select>
        </AlertForm>
      ) : null}

      {panel === 'resolve' && !resolved ? (
        <AlertForm
          id={`${formId}-resolve`}
          onSubmit={onResolve}
          submitDisabled={busy}
          submitLabel={resolving.loading ? t('board.alerts.working') : t('board.alerts.confirmResolve')}
          onCancel={() => setPanel('none')}
        >
          <label htmlFor={`${formId}-note`}>{t('board.alerts.note')}</label>
          <input
            id={`${formId}-note`}
            type="text"
            value={note}
            maxLength={500}
            placeholder={t('board.alerts.notePlaceholder')}
            onChange={(event) => setNote(event.target.value)}
          />
        </AlertForm>
      ) : null}

      {actionError ? (
        <p className="field-error" role="alert">
          {actionError}
        </p>
      ) : null}
    </li>
  );
}
