// Agrees an installment plan 分期协议 for a customer's arrears (or one
// service account's), in a modal <dialog>: the total, the instalments (added,
// removed, or split evenly to the fen) and a note. The running sum is shown
// against the total as the collector types; the rules (installment-rules.ts)
// are the server's, whose field errors still land on the same inputs.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormDialog } from '../../components/FormDialog';
import { FormField } from '../../components/FormField';
import { graphql } from '../../gql';
import { shanghaiToday } from '../../lib/company-time';
import { useFormatters } from '../../lib/format';
import { centsToDecimal, parseCents, splitCents } from '../../lib/money-input';
import { useFieldErrors } from '../../lib/use-field-errors';
import { useModalDialog } from '../../lib/use-modal-dialog';
import {
  INSTALLMENT_LIMITS,
  instalmentField,
  instalmentsSumCents,
  owedCents,
  planProblems,
  type InstalmentDraft,
  type OwedBalance,
} from './installment-rules';

export const agreeInstallmentPlanMutation = graphql(`
  mutation AgreeInstallmentPlan($input: AgreeInstallmentPlanInput!) {
    agreeInstallmentPlan(input: $input) {
      plan {
        id
        status
        total
      }
    }
  }
`);

export interface PlanAccount {
  readonly id: string;
  readonly accountNumber: string;
  /** What the account owes (see owedCents), when known. */
  readonly balance?: OwedBalance | null;
}

export interface AgreeInstallmentPlanDialogProps {
  readonly open: boolean;
  readonly customerId: string;
  readonly customerName: string;
  readonly accounts: readonly PlanAccount[];
  readonly defaultServiceAccountId?: string | null;
  /** The customer's balance: what it owes is shown as a hint and offered as the total of a customer-wide plan. */
  readonly balance?: OwedBalance | null;
  /** The customer's ACTIVE plans (null account: customer-wide), to warn before the server refuses a second one. */
  readonly activePlans?: readonly { readonly serviceAccountId: string | null }[];
  readonly refetchQueries: readonly string[];
  onClose(): void;
  onAgreed(message: string): void;
}

const DEFAULT_COUNT = 3;
const DAYS_APART = 30;

/** A YYYY-MM-DD day plus n days (calendar arithmetic in UTC, no zone shift). */
function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

function evenRows(total: string, count: number, today: string): InstalmentDraft[] {
  const cents = parseCents(total);
  const parts = cents !== null && cents > 0n ? splitCents(cents, count) : null;
  return Array.from({ length: count }, (_, i) => ({
    dueOn: addDays(today, DAYS_APART * (i + 1)),
    amount: parts ? centsToDecimal(parts[i]!) : '',
  }));
}

export function AgreeInstallmentPlanDialog(props: AgreeInstallmentPlanDialogProps) {
  const { open, customerId, customerName, accounts, refetchQueries, onClose, onAgreed } = props;
  const { t } = useTranslation();
  const format = useFormatters();
  const errors = useFieldErrors();
  const { id, a11y, frame, fieldError } = errors;
  const [serviceAccountId, setServiceAccountId] = useState('');
  const [total, setTotal] = useState('');
  const [note, setNote] = useState('');
  const [rows, setRows] = useState<InstalmentDraft[]>([]);
  const [agree, { loading }] = useMutation(agreeInstallmentPlanMutation, {
    refetchQueries: [...refetchQueries],
    awaitRefetchQueries: true,
  });
  const owedFor = (accountId: string) => {
    const balance = accountId ? accounts.find((a) => a.id === accountId)?.balance : props.balance;
    return balance ? owedCents(balance) : null;
  };
  const dialogRef = useModalDialog(open, () => {
    const today = shanghaiToday();
    const accountId = props.defaultServiceAccountId ?? '';
    const owed = owedFor(accountId);
    const initialTotal = owed !== null && owed > 0n ? centsToDecimal(owed) : '';
    setServiceAccountId(accountId);
    setTotal(initialTotal);
    setNote('');
    setRows(evenRows(initialTotal, DEFAULT_COUNT, today));
    errors.reset();
  });

  const setRow = (index: number, part: keyof InstalmentDraft, value: string) => {
    setRows((rs) => rs.map((r, i) => (i === index ? { ...r, [part]: value } : r)));
    errors.clear(instalmentField(index, part));
    errors.clear('instalments');
  };
  const addRow = () => {
    setRows((rs) => {
      const last = rs[rs.length - 1]?.dueOn || shanghaiToday();
      return [...rs, { dueOn: addDays(last, DAYS_APART), amount: '' }];
    });
    errors.clear('instalments');
  };
  // Removing a row renumbers the rest, so per-row errors no longer point at the right row: they go.
  const removeRow = (index: number) => {
    setRows((rs) => rs.filter((_, i) => i !== index));
    errors.reset();
  };
  const splitEvenly = () => {
    const cents = parseCents(total);
    if (cents === null || cents <= 0n || rows.length === 0) return;
    const parts = splitCents(cents, rows.length);
    setRows((rs) => rs.map((r, i) => ({ ...r, amount: centsToDecimal(parts[i]!) })));
    errors.reset();
  };

  const owed = owedFor(serviceAccountId);
  const totalCents = parseCents(total);
  const sumCents = instalmentsSumCents(rows);
  const balanced = totalCents !== null && sumCents !== null && totalCents === sumCents;
  const overOwed = owed !== null && totalCents !== null && totalCents > owed;
  // The server's rule: one ACTIVE plan per account, and a customer-wide plan excludes any other.
  const clash = (props.activePlans ?? []).some((p) => !serviceAccountId || p.serviceAccountId === null || p.serviceAccountId === serviceAccountId);

  const knownFields = [...(accounts.length > 0 ? ['serviceAccountId'] : []), 'total', 'note', 'instalments', ...rows.flatMap((_, i) => [instalmentField(i, 'dueOn'), instalmentField(i, 'amount')])];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = planProblems({ serviceAccountId, total, note, instalments: rows }, shanghaiToday(), t);
    if (errors.invalid(found)) return;
    try {
      const result = await agree({
        variables: {
          input: {
            customerId,
            serviceAccountId: serviceAccountId || null,
            total: total.trim(),
            note: note.trim(),
            instalments: rows.map((r) => ({ dueOn: r.dueOn, amount: r.amount.trim() })),
          },
        },
      });
      const plan = result.data?.agreeInstallmentPlan.plan;
      if (plan) onAgreed(t('installmentPlan.agreed', { name: customerName, amount: format.money(plan.total) }));
    } catch (e) {
      errors.fail(e, knownFields);
    }
  };

  return (
    <FormDialog
      dialogRef={dialogRef}
      id={id}
      title={t('installmentPlan.title', { name: customerName })}
      submitLabel={t('installmentPlan.submit')}
      loading={loading}
      other={errors.other}
      onSubmit={submit}
      onClose={onClose}
      wide
    >
      {clash ? (
        <p className="notice notice-warn" role="status">
          {t('installmentPlan.activeExists')}
        </p>
      ) : null}
      <div className="field-row">
        {accounts.length > 0 ? (
          <FormField label={t('installmentPlan.account')} {...frame('serviceAccountId')}>
            <select {...a11y('serviceAccountId')} value={serviceAccountId} onChange={(e) => { setServiceAccountId(e.target.value); errors.clear('serviceAccountId'); }}>
              <option value="">{t('installmentPlan.wholeCustomer')}</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.accountNumber}
                </option>
              ))}
            </select>
          </FormField>
        ) : null}
        <FormField label={t('installmentPlan.total')} {...frame('total')}>
          <input {...a11y('total')} inputMode="decimal" autoComplete="off" required value={total} onChange={(e) => { setTotal(e.target.value); errors.clear('total'); errors.clear('instalments'); }} />
        </FormField>
        {owed !== null ? (
          <div className="field">
            <span className="field-label">{t('installmentPlan.owed')}</span>
            <span className={overOwed ? 'money money-owed' : 'money'}>{format.money(centsToDecimal(owed < 0n ? 0n : owed))}</span>
            {overOwed ? <span className="field-hint">{t('installmentPlan.overOwed')}</span> : null}
          </div>
        ) : null}
      </div>
      <fieldset className="field plan-rows">
        <legend>{t('installmentPlan.instalments', { min: INSTALLMENT_LIMITS.minInstalments, max: INSTALLMENT_LIMITS.maxInstalments })}</legend>
        <table className="plan-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('installmentPlan.dueOn')}</th>
              <th scope="col">{t('installmentPlan.amount')}</th>
              <th scope="col"><span className="visually-hidden">{t('worklist.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <th scope="row">{i + 1}</th>
                <td>
                  <input
                    {...a11y(instalmentField(i, 'dueOn'))}
                    type="date"
                    aria-label={t('installmentPlan.dueOnN', { n: i + 1 })}
                    value={row.dueOn}
                    onChange={(e) => setRow(i, 'dueOn', e.target.value)}
                  />
                  {fieldError(instalmentField(i, 'dueOn'))}
                </td>
                <td>
                  <input
                    {...a11y(instalmentField(i, 'amount'))}
                    inputMode="decimal"
                    autoComplete="off"
                    aria-label={t('installmentPlan.amountN', { n: i + 1 })}
                    value={row.amount}
                    onChange={(e) => setRow(i, 'amount', e.target.value)}
                  />
                  {fieldError(instalmentField(i, 'amount'))}
                </td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => removeRow(i)}
                    disabled={rows.length <= INSTALLMENT_LIMITS.minInstalments}
                    aria-label={t('installmentPlan.removeN', { n: i + 1 })}
                  >
                    {t('installmentPlan.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="plan-sum">
          <button type="button" onClick={addRow} disabled={rows.length >= INSTALLMENT_LIMITS.maxInstalments}>
            {t('installmentPlan.add')}
          </button>
          <button type="button" onClick={splitEvenly} disabled={totalCents === null || totalCents <= 0n}>
            {t('installmentPlan.split')}
          </button>
          <span className={balanced ? 'plan-balanced' : 'money-owed'} aria-live="polite">
            {sumCents === null
              ? t('installmentPlan.sumUnknown')
              : t(balanced ? 'installmentPlan.sumMatches' : 'installmentPlan.sum', {
                  sum: format.money(centsToDecimal(sumCents)),
                  total: totalCents === null ? '—' : format.money(centsToDecimal(totalCents)),
                })}
          </span>
        </div>
        {errors.errors['instalments'] ? (
          <p className="field-error" role="alert">
            {errors.errors['instalments']}
          </p>
        ) : null}
      </fieldset>
      <FormField label={t('installmentPlan.note')} {...frame('note')}>
        <textarea {...a11y('note')} rows={2} maxLength={INSTALLMENT_LIMITS.note} value={note} placeholder={t('installmentPlan.notePlaceholder')} onChange={(e) => { setNote(e.target.value); errors.clear('note'); }} />
      </FormField>
    </FormDialog>
  );
}
