// The rules of logVisit checked before sending, the same as the server's
// (server/src/modules/visits/dto/visit.inputs.ts LogVisitInput and
// visit.service.ts visitRuleProblems; DOMAIN.md "Visits"): the server still
// checks them all and its field errors are shown the same way.
import type { TFunction } from 'i18next';

import { shanghaiLocalToIso } from '../../lib/company-time';
import { positiveAmountProblem } from '../../lib/money-input';
import type { FieldErrors } from '../../lib/use-form-fields';
import { amountMessage, isCalendarDate, tooLong } from '../../lib/rule-messages';

export const VISIT_LIMITS = {
  outcome: 4000,
  nextStep: 1000,
  /** Phones in the field run a little fast: this much "future" is accepted. */
  clockSkewMs: 5 * 60_000,
  maxAgeYears: 1,
} as const;

export type VisitField =
  | 'purpose'
  | 'channel'
  | 'occurredAt'
  | 'serviceAccountId'
  | 'outcome'
  | 'promisedAmount'
  | 'promisedOn'
  | 'nextStep'
  | 'nextStepDueOn'
  | 'satisfaction'
  | 'checkInLatitude'
  | 'checkInLongitude'
  | 'checkInAt';

export type VisitDraft = Record<VisitField, string>;

/** Field errors of a visit draft (empty when it may be sent); `now` is the current instant. */
export function visitProblems(draft: VisitDraft, now: Date, t: TFunction): FieldErrors<VisitField> {
  const found: FieldErrors<VisitField> = {};
  const occurredAt = shanghaiLocalToIso(draft.occurredAt);
  // The business day of the visit: the datetime-local value is company time already.
  const visitDate = draft.occurredAt.slice(0, 10);
  if (!occurredAt) {
    found.occurredAt = t('forms.errors.required');
  } else {
    const at = new Date(occurredAt).getTime();
    const oldest = new Date(now);
    oldest.setUTCFullYear(oldest.getUTCFullYear() - VISIT_LIMITS.maxAgeYears);
    if (at > now.getTime() + VISIT_LIMITS.clockSkewMs) found.occurredAt = t('fieldRules.notFuture');
    else if (at < oldest.getTime()) found.occurredAt = t('fieldRules.tooOld');
  }

  if (!draft.outcome.trim()) found.outcome = t('forms.errors.required');
  else if (draft.outcome.length > VISIT_LIMITS.outcome) found.outcome = tooLong(t, VISIT_LIMITS.outcome);

  if (draft.channel === 'ON_SITE') {
    const lat = coordinate(draft.checkInLatitude, 90);
    const lng = coordinate(draft.checkInLongitude, 180);
    if (lat === 'missing') found.checkInLatitude = t('visit.errors.checkIn');
    else if (lat === 'range') found.checkInLatitude = t('fieldRules.range', { min: -90, max: 90 });
    if (lng === 'missing') found.checkInLongitude = t('visit.errors.checkIn');
    else if (lng === 'range') found.checkInLongitude = t('fieldRules.range', { min: -180, max: 180 });
  }

  // A promise to pay 承诺付款: collection visits only (the form hides it otherwise), amount and date together.
  if (draft.purpose === 'COLLECTION') {
    const amount = draft.promisedAmount.trim();
    const on = draft.promisedOn;
    if (amount && !on) found.promisedOn = t('visit.errors.promiseBoth');
    if (on && !amount) found.promisedAmount = t('visit.errors.promiseBoth');
    if (amount) {
      const problem = positiveAmountProblem(amount);
      if (problem) found.promisedAmount = amountMessage(t, problem);
    }
    if (on) {
      if (!isCalendarDate(on)) found.promisedOn = t('fieldRules.date');
      else if (visitDate && on < visitDate) found.promisedOn = t('fieldRules.notBefore', { day: visitDate });
    }
  }

  if (draft.purpose === 'RETURN_VISIT' && !draft.satisfaction) found.satisfaction = t('forms.errors.required');

  if (draft.nextStep.length > VISIT_LIMITS.nextStep) found.nextStep = tooLong(t, VISIT_LIMITS.nextStep);
  if (draft.nextStepDueOn) {
    if (!draft.nextStep.trim()) found.nextStepDueOn = t('fieldRules.needsNextStep');
    else if (!isCalendarDate(draft.nextStepDueOn)) found.nextStepDueOn = t('fieldRules.date');
    else if (visitDate && draft.nextStepDueOn < visitDate) found.nextStepDueOn = t('fieldRules.notBefore', { day: visitDate });
  }
  return found;
}

function coordinate(text: string, limit: number): 'missing' | 'range' | null {
  if (!text.trim()) return 'missing';
  const value = Number(text);
  return Number.isFinite(value) && Math.abs(value) <= limit ? null : 'range';
}
