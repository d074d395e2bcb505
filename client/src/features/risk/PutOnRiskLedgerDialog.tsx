// Puts a customer on the risk-customer ledger 风险客户台账 in a modal <dialog>:
// a level, the reason, the leader in charge 包保领导 and the plan 一户一策 (one
// to twenty actions with due dates). Only offered to those with
// customers:assign; the leader must be an active LEAD or ADMIN at or above the
// customer's unit — the server decides that, the list offers the leaders the
// viewer can see.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormDialog } from '../../components/FormDialog';
import { FormField } from '../../components/FormField';
import { LabelledOptions } from '../../components/LabelledOptions';
import { graphql } from '../../gql';
import type { RiskLevel } from '../../gql/graphql';
import { shanghaiToday } from '../../lib/company-time';
import { useFieldErrors } from '../../lib/use-field-errors';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { useViewer } from '../auth/use-viewer';
import { RISK_LIMITS, planField, putOnLedgerProblems, type RiskActionDraft } from './risk-rules';

export const putOnRiskLedgerMutation = graphql(`
  mutation PutOnRiskLedger($input: PutOnRiskLedgerInput!) {
    putOnRiskLedger(input: $input) {
      customer {
        id
        riskLevel
        responsibleLeader {
          id
          name
        }
      }
    }
  }
`);

export const riskLeadersQuery = graphql(`
  query RiskLeaders {
    users(filter: { roles: [LEAD, ADMIN] }) {
      id
      name
      orgUnit {
        id
        name
      }
    }
  }
`);

export const RISK_LEVELS: readonly RiskLevel[] = ['HIGH', 'MEDIUM', 'LOW'];

export interface PutOnRiskLedgerDialogProps {
  readonly open: boolean;
  readonly customerId: string;
  readonly customerName: string;
  /** The customer's leader in charge now, offered first. */
  readonly currentLeader?: { readonly id: string; readonly name: string } | null;
  readonly refetchQueries: readonly string[];
  onClose(): void;
  onDone(message: string): void;
}

function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

export function PutOnRiskLedgerDialog(props: PutOnRiskLedgerDialogProps) {
  const { open, customerId, customerName, currentLeader, refetchQueries, onClose, onDone } = props;
  const { t } = useTranslation();
  const { me } = useViewer();
  const errors = useFieldErrors();
  const { id, a11y, frame, fieldError } = errors;
  const [level, setLevel] = useState('');
  const [reason, setReason] = useState('');
  const [leaderId, setLeaderId] = useState('');
  const [plan, setPlan] = useState<RiskActionDraft[]>([]);
  const leaders = useQuery(riskLeadersQuery, { skip: !open, fetchPolicy: 'cache-first' });
  const [putOn, { loading }] = useMutation(putOnRiskLedgerMutation, {
    refetchQueries: [...refetchQueries],
    awaitRefetchQueries: true,
  });
  const viewerIsLeader = me?.user?.role === 'LEAD' || me?.user?.role === 'ADMIN';
  const dialogRef = useModalDialog(open, () => {
    setLevel('');
    setReason('');
    setLeaderId(currentLeader?.id ?? (viewerIsLeader ? (me?.user?.id ?? '') : ''));
    setPlan([{ action: '', dueOn: addDays(shanghaiToday(), 7) }]);
    errors.reset();
  });

  // The current leader and the viewer lead the list even if the users query cannot see them.
  const options = new Map<string, string>();
  if (currentLeader) options.set(currentLeader.id, currentLeader.name);
  if (viewerIsLeader && me?.user) options.set(me.user.id, me.user.name);
  for (const u of leaders.data?.users ?? []) if (!options.has(u.id)) options.set(u.id, `${u.name} · ${u.orgUnit.name}`);

  const setRow = (index: number, part: keyof RiskActionDraft, value: string) => {
    setPlan((rs) => rs.map((r, i) => (i === index ? { ...r, [part]: value } : r)));
    errors.clear(planField(index, part));
  };
  const knownFields = ['level', 'reason', 'responsibleLeaderId', 'plan', ...plan.flatMap((_, i) => [planField(i, 'action'), planField(i, 'dueOn')])];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = putOnLedgerProblems({ level, reason, responsibleLeaderId: leaderId, plan }, t);
    if (errors.invalid(found)) return;
    try {
      await putOn({
        variables: {
          input: {
            customerId,
            level: level as RiskLevel,
            reason: reason.trim(),
            responsibleLeaderId: leaderId,
            plan: plan.map((p) => ({ action: p.action.trim(), dueOn: p.dueOn })),
          },
        },
      });
      onDone(t('risk.putOnDone', { name: customerName, level: t(`enums.riskLevel.${level as RiskLevel}`) }));
    } catch (e) {
      errors.fail(e, knownFields);
    }
  };

  return (
    <FormDialog
      dialogRef={dialogRef}
      id={id}
      title={t('risk.putOnTitle', { name: customerName })}
      submitLabel={t('risk.putOnSubmit')}
      loading={loading}
      other={errors.other}
      onSubmit={submit}
      onClose={onClose}
      wide
    >
      <div className="field-row">
        <FormField label={t('risk.level')} {...frame('level')}>
          <select {...a11y('level')} value={level} required onChange={(e) => { setLevel(e.target.value); errors.clear('level'); }}>
            <option value="">{t('forms.choose')}</option>
            <LabelledOptions values={RISK_LEVELS} label={(l) => t(`enums.riskLevel.${l}`)} />
          </select>
        </FormField>
        <FormField label={t('risk.leader')} {...frame('responsibleLeaderId')}>
          <select {...a11y('responsibleLeaderId')} value={leaderId} required onChange={(e) => { setLeaderId(e.target.value); errors.clear('responsibleLeaderId'); }}>
            <option value="">{leaders.loading ? t('risk.loadingLeaders') : t('forms.choose')}</option>
            {[...options].map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      <FormField label={t('risk.reason')} {...frame('reason')}>
        <textarea {...a11y('reason')} rows={2} maxLength={RISK_LIMITS.reason} required value={reason} placeholder={t('risk.reasonPlaceholder')} onChange={(e) => { setReason(e.target.value); errors.clear('reason'); }} />
      </FormField>
      <fieldset className="field plan-rows">
        <legend>{t('risk.plan', { max: RISK_LIMITS.maxActions })}</legend>
        <table className="plan-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('risk.action')}</th>
              <th scope="col">{t('risk.dueOn')}</th>
              <th scope="col"><span className="visually-hidden">{t('worklist.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {plan.map((row, i) => (
              <tr key={i}>
                <th scope="row">{i + 1}</th>
                <td className="plan-wide">
                  <input {...a11y(planField(i, 'action'))} aria-label={t('risk.actionN', { n: i + 1 })} maxLength={RISK_LIMITS.action} value={row.action} placeholder={t('risk.actionPlaceholder')} onChange={(e) => setRow(i, 'action', e.target.value)} />
                  {fieldError(planField(i, 'action'))}
                </td>
                <td>
                  <input {...a11y(planField(i, 'dueOn'))} type="date" aria-label={t('risk.dueOnN', { n: i + 1 })} value={row.dueOn} onChange={(e) => setRow(i, 'dueOn', e.target.value)} />
                  {fieldError(planField(i, 'dueOn'))}
                </td>
                <td>
                  <button
                    type="button"
                    className="link"
                    disabled={plan.length <= RISK_LIMITS.minActions}
                    aria-label={t('installmentPlan.removeN', { n: i + 1 })}
                    onClick={() => {
                      setPlan((rs) => rs.filter((_, j) => j !== i));
                      errors.reset();
                    }}
                  >
                    {t('installmentPlan.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="plan-sum">
          <button
            type="button"
            disabled={plan.length >= RISK_LIMITS.maxActions}
            onClick={() => setPlan((rs) => [...rs, { action: '', dueOn: rs[rs.length - 1]?.dueOn || addDays(shanghaiToday(), 7) }])}
          >
            {t('risk.addAction')}
          </button>
        </div>
        {errors.errors['plan'] ? (
          <p className="field-error" role="alert">
            {errors.errors['plan']}
          </p>
        ) : null}
      </fieldset>
    </FormDialog>
  );
}
