// The rules of recordPayment checked before sending, the same as the server's
// (server/src/modules/receivables/dto/receivables.inputs.ts PaymentItemInput:
// amount a Decimal more than 0, paidAt not in the future — 5 minutes of clock
// skew allowed, externalReference at most 100 characters).
import type { TFunction } from 'i18next';

import { shanghaiLocalToIso } from '../../lib/company-time';
import { positiveAmountProblem } from '../../lib/money-input';
import { amountMessage, tooLong } from '../../lib/rule-messages';
import type { FieldErrors } from '../../lib/use-form-fields';

export const PAYMENT_LIMITS = { externalReference: 100, clockSkewMs: 5 * 60_000 } as const;

export type PaymentField = 'serviceAccountId' | 'amount' | 'channel' | 'paidAt' | 'externalReference';
export type PaymentDraft = Record<PaymentField, string>;

export function paymentProblems(draft: PaymentDraft, now: Date, t: TFunction): FieldErrors<PaymentField> {
  const found: FieldErrors<PaymentField> = {};
  if (!draft.serviceAccountId) found.serviceAccountId = t('forms.errors.required');
  const amount = positiveAmountProblem(draft.amount);
  if (amount) found.amount = amountMessage(t, amount);
  if (!draft.channel) found.channel = t('forms.errors.required');
  const paidAt = shanghaiLocalToIso(draft.paidAt);
  if (!paidAt) found.paidAt = t('forms.errors.required');
  else if (new Date(paidAt).getTime() > now.getTime() + PAYMENT_LIMITS.clockSkewMs) found.paidAt = t('fieldRules.notFuture');
  if (draft.externalReference.trim().length > PAYMENT_LIMITS.externalReference) {
    found.externalReference = tooLong(t, PAYMENT_LIMITS.externalReference);
  }
  return found;
}
