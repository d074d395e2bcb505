// Takes a customer off the risk-customer ledger 风险客户台账 with a reason, in
// a modal <dialog>; the closed entry stays as history (customers:assign).
import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormDialog } from '../../components/FormDialog';
import { FormField } from '../../components/FormField';
import { graphql } from '../../gql';
import { useFieldErrors } from '../../lib/use-field-errors';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { RISK_LIMITS, takeOffLedgerProblems } from './risk-rules';

export const takeOffRiskLedgerMutation = graphql(`
  mutation TakeOffRiskLedger($input: TakeOffRiskLedgerInput!) {
    takeOffRiskLedger(input: $input) {
      customer {
        id
        riskLevel
      }
    }
  }
`);

export interface TakeOffRiskLedgerDialogProps {
  readonly open: boolean;
  readonly customerId: string;
  readonly customerName: string;
  readonly refetchQueries: readonly string[];
  onClose(): void;
  onDone(message: string): void;
}

export function TakeOffRiskLedgerDialog({ open, customerId, customerName, refetchQueries, onClose, onDone }: TakeOffRiskLedgerDialogProps) {
  const { t } = useTranslation();
  const errors = useFieldErrors();
  const { id, a11y, frame } = errors;
  const [reason, setReason] = useState('');
  const [takeOff, { loading }] = useMutation(takeOffRiskLedgerMutation, {
    refetchQueries: [...refetchQueries],
    awaitRefetchQueries: true,
  });
  const dialogRef = useModalDialog(open, () => {
    setReason('');
    errors.reset();
  });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (errors.invalid(takeOffLedgerProblems({ reason }, t))) return;
    try {
      await takeOff({ variables: { input: { customerId, reason: reason.trim() } } });
      onDone(t('risk.takenOff', { name: customerName }));
    } catch (e) {
      errors.fail(e, ['reason']);
    }
  };

  return (
    <FormDialog
      dialogRef={dialogRef}
      id={id}
      title={t('risk.takeOffTitle', { name: customerName })}
      submitLabel={t('risk.takeOffSubmit')}
      loading={loading}
      other={errors.other}
      onSubmit={submit}
      onClose={onClose}
    >
      <FormField label={t('risk.takeOffReason')} {...frame('reason')}>
        <textarea {...a11y('reason')} rows={3} maxLength={RISK_LIMITS.reason} required value={reason} placeholder={t('risk.takeOffPlaceholder')} onChange={(e) => { setReason(e.target.value); errors.clear('reason'); }} />
      </FormField>
    </FormDialog>
  );
}
