// Records a payment 缴费 into one of the customer's service accounts, in a
// modal <dialog>. The idempotency key is made when the form opens and made
// again whenever the input changes: resending the same form after a lost
// response cannot record the money twice, and an edited form is a new payment.
// The rules checked before sending are the server's (payment-rules.ts).
import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormDialog } from '../../components/FormDialog';
import { FormField } from '../../components/FormField';
import { LabelledOptions } from '../../components/LabelledOptions';
import { graphql } from '../../gql';
import type { PaymentChannel } from '../../gql/graphql';
import { shanghaiLocalToIso, shanghaiNowLocal } from '../../lib/company-time';
import { useFormatters } from '../../lib/format';
import { useFormFields } from '../../lib/use-form-fields';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { PAYMENT_LIMITS, paymentProblems, type PaymentField } from './payment-rules';

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
const FIELDS: readonly PaymentField[] = ['serviceAccountId', 'amount', 'channel', 'paidAt', 'externalReference'];
type Field = PaymentField;

export interface PayableAccount {
  readonly id: string;
  readonly accountNumber: string;
}

export interface RecordPaymentDialogProps {
  readonly open: boolean;
  readonly accounts: readonly PayableAccount[];
  /** The account chosen when it opens (the row it was opened from). */
  readonly defaultServiceAccountId?: string | null;
  /** Names the refetched queries (balance, timeline) once the payment is in. */
  readonly refetchQueries: readonly string[];
  onClose(): void;
  onRecorded(message: string): void;
}

export function RecordPaymentDialog({ open, accounts, defaultServiceAccountId, refetchQueries, onClose, onRecorded }: RecordPaymentDialogProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const form = useFormFields<Field>(FIELDS, () => ({
    serviceAccountId: defaultServiceAccountId ?? (accounts.length === 1 ? accounts[0]!.id : ''),
    amount: '',
    channel: 'BANK',
    paidAt: shanghaiNowLocal(),
    externalReference: '',
  }));
  const { id, draft, a11y, frame } = form;
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [record, { loading }] = useMutation(recordPaymentMutation, {
    refetchQueries: [...refetchQueries],
    awaitRefetchQueries: true,
  });
  const dialogRef = useModalDialog(open, () => {
    form.reset();
    setKey(crypto.randomUUID());
  });

  const set = (field: Field, value: string) => {
    form.set(field, value);
    setKey(crypto.randomUUID());
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = paymentProblems(draft, new Date(), t);
    const paidAt = shanghaiLocalToIso(draft.paidAt);
    if (form.invalid(found) || !paidAt) return;
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
      form.fail(e);
    }
  };

  return (
    <FormDialog
      dialogRef={dialogRef}
      id={id}
      title={t('payment.title')}
      submitLabel={t('payment.submit')}
      loading={loading}
      other={form.other}
      onSubmit={submit}
      onClose={onClose}
    >
      <FormField label={t('payment.account')} {...frame('serviceAccountId')}>
        <select {...a11y('serviceAccountId')} value={draft.serviceAccountId} required onChange={(e) => set('serviceAccountId', e.target.value)}>
          <option value="">{t('forms.choose')}</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.accountNumber}
            </option>
          ))}
        </select>
      </FormField>
      <div className="field-row">
        <FormField label={t('payment.amount')} {...frame('amount')}>
          <input {...a11y('amount')} inputMode="decimal" autoComplete="off" value={draft.amount} required onChange={(e) => set('amount', e.target.value)} />
        </FormField>
        <FormField label={t('payment.channel')} {...frame('channel')}>
          <select {...a11y('channel')} value={draft.channel} onChange={(e) => set('channel', e.target.value)}>
            <LabelledOptions values={PAYMENT_CHANNELS} label={(c) => t(`enums.paymentChannel.${c}`)} />
          </select>
        </FormField>
        <FormField label={t('payment.paidAt')} {...frame('paidAt')}>
          <input {...a11y('paidAt')} type="datetime-local" value={draft.paidAt} required onChange={(e) => set('paidAt', e.target.value)} />
        </FormField>
      </div>
      <FormField label={t('payment.reference')} {...frame('externalReference')}>
        <input {...a11y('externalReference')} className="mono" autoComplete="off" value={draft.externalReference} maxLength={PAYMENT_LIMITS.externalReference} onChange={(e) => set('externalReference', e.target.value)} />
      </FormField>
    </FormDialog>
  );
}
