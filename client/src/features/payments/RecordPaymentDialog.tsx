// Records a payment 缴费 into one of the customer's service accounts, in a
// modal <dialog>. The idempotency key is made when the form opens and made
// again whenever the input changes: resending the same form after a lost
// response cannot record the money twice, and an edited form is a new payment.
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import type { PaymentChannel } from '../../gql/graphql';
import { shanghaiLocalToIso, shanghaiNowLocal } from '../../lib/company-time';
import { formErrorsOf } from '../../lib/form-errors';
import { useFormatters } from '../../lib/format';
import { useModalDialog } from '../../lib/use-modal-dialog';

export const recordPaymentMutation = graphql(`
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      replayed
      payment {
        id
        amount
        unallocated
      }
    }
  }
`);

export const PAYMENT_CHANNELS: readonly PaymentChannel[] = ['BANK', 'WECHAT_PAY', 'ALIPAY', 'COUNTER', 'CASH', 'PREPAYMENT'];
const FIELDS = ['serviceAccountId', 'amount', 'channel', 'paidAt', 'externalReference'] as const;
type Field = (typeof FIELDS)[number];
type Draft = Record<Field, string>;

const AMOUNT_SHAPE = /^\d{1,12}(\.\d{1,2})?$/;

export interface PayableAccount {
  readonly id: string;
  readonly accountNumber: string;
}

export interface RecordPaymentDialogProps {
  readonly open: boolean;
  readonly accounts: readonly PayableAccount[];
  /** Names the refetched queries (balance, timeline) once the payment is in. */
  readonly refetchQueries: readonly string[];
  onClose(): void;
  onRecorded(message: string): void;
}

export function RecordPaymentDialog({ open, accounts, refetchQueries, onClose, onRecorded }: RecordPaymentDialogProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const empty = (): Draft => ({
    serviceAccountId: accounts.length === 1 ? accounts[0]!.id : '',
    amount: '',
    channel: 'BANK',
    paidAt: shanghaiNowLocal(),
    externalReference: '',
  });
  const [draft, setDraft] = useState<Draft>(empty);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [other, setOther] = useState<readonly string[]>([]);
  const [record, { loading }] = useMutation(recordPaymentMutation, {
    refetchQueries: [...refetchQueries],
    awaitRefetchQueries: true,
  });
  const dialogRef = useModalDialog(open, () => {
    setDraft(empty());
    setKey(crypto.randomUUID());
    setErrors({});
    setOther([]);
  });

  const set = (field: Field, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setKey(crypto.randomUUID());
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!draft.serviceAccountId) found.serviceAccountId = t('forms.errors.required');
    if (!AMOUNT_SHAPE.test(draft.amount.trim()) || Number(draft.amount) <= 0) found.amount = t('payment.errors.amount');
    const paidAt = shanghaiLocalToIso(draft.paidAt);
    if (!paidAt) found.paidAt = t('forms.errors.required');
    setOther([]);
    setErrors(found);
    if (Object.keys(found).length > 0 || !paidAt) {
      focusFirst(found);
      return;
    }
    try {
      const result = await record({
        variables: {
          input: {
            serviceAccountId: draft.serviceAccountId,
            amount: draft.amount.trim(),
            channel: draft.channel as PaymentChannel,
            paidAt,
            externalReference: draft.externalReference.trim() || null,
            idempotencyKey: key,
          },
        },
      });
      const payment = result.data?.recordPayment;
      if (payment) {
        onRecorded(
          payment.replayed
            ? t('payment.replayed', { amount: format.money(payment.payment.amount) })
            : t('payment.recorded', { amount: format.money(payment.payment.amount) }),
        );
      }
    } catch (e) {
      const { fields, other: rest } = formErrorsOf(e, FIELDS, t);
      setErrors(fields);
      setOther(rest);
      focusFirst(fields);
    }
  };

  const fieldId = (f: Field) => `${id}-${f}`;
  const focusFirst = (found: Partial<Record<Field, string>>) => {
    const first = FIELDS.find((f) => found[f]);
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  };
  const a11y = (f: Field) => ({
    id: fieldId(f),
    'aria-invalid': errors[f] ? true : undefined,
    'aria-describedby': errors[f] ? `${fieldId(f)}-error` : undefined,
  });
  const fieldError = (f: Field) =>
    errors[f] ? (
      <p id={`${fieldId(f)}-error`} className="field-error">
        {errors[f]}
      </p>
    ) : null;

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form className="create-form" noValidate onSubmit={(e) => void submit(e)} aria-busy={loading}>
        <h2 id={`${id}-title`}>{t('payment.title')}</h2>
        {other.length > 0 ? (
          <div className="notice notice-error" role="alert">
            <p>{t('forms.errors.summary')}</p>
            <ul>
              {other.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={fieldId('serviceAccountId')}>{t('payment.account')}</label>
          <select {...a11y('serviceAccountId')} value={draft.serviceAccountId} required onChange={(e) => set('serviceAccountId', e.target.value)}>
            <option value="">{t('forms.choose')}</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.accountNumber}
              </option>
            ))}
          </select>
          {fieldError('serviceAccountId')}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={fieldId('amount')}>{t('payment.amount')}</label>
            <input {...a11y('amount')} inputMode="decimal" autoComplete="off" value={draft.amount} required onChange={(e) => set('amount', e.target.value)} />
            {fieldError('amount')}
          </div>
          <div className="field">
            <label htmlFor={fieldId('channel')}>{t('payment.channel')}</label>
            <select {...a11y('channel')} value={draft.channel} onChange={(e) => set('channel', e.target.value)}>
              {PAYMENT_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`enums.paymentChannel.${c}`)}
                </option>
              ))}
            </select>
            {fieldError('channel')}
          </div>
          <div className="field">
            <label htmlFor={fieldId('paidAt')}>{t('payment.paidAt')}</label>
            <input {...a11y('paidAt')} type="datetime-local" value={draft.paidAt} required onChange={(e) => set('paidAt', e.target.value)} />
            {fieldError('paidAt')}
          </div>
        </div>
        <div className="field">
          <label htmlFor={fieldId('externalReference')}>{t('payment.reference')}</label>
          <input {...a11y('externalReference')} className="mono" autoComplete="off" value={draft.externalReference} maxLength={100} onChange={(e) => set('externalReference', e.target.value)} />
          {fieldError('externalReference')}
        </div>
        <div className="actions">
          <button type="button" onClick={onClose} disabled={loading}>
            {t('forms.cancel')}
          </button>
          <button type="submit" className="primary" disabled={loading}>
            {loading ? t('forms.saving') : t('payment.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
