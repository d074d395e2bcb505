// The messages and small checks the forms' rule files share (features/*/
// *-rules.ts), worded for the viewer; each rule file mirrors one server input.
import type { TFunction } from 'i18next';

import type { AmountProblem } from './money-input';

/** "must be more than 0 with at most 2 decimals" or "must be more than 0". */
export function amountMessage(t: TFunction, problem: AmountProblem): string {
  return problem === 'shape' ? t('fieldRules.amount') : t('fieldRules.amountZero');
}

export function tooLong(t: TFunction, max: number): string {
  return t('fieldRules.maxLength', { max });
}

/** A real YYYY-MM-DD day (what the server's IsCalendarDate accepts). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
