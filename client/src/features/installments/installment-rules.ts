// The rules of agreeInstallmentPlan 分期协议 checked before sending, the same
// as the server's (server/src/modules/installments/installment.service.ts
// checkTerms and dto/installment.inputs.ts; DOMAIN.md "Contracts": settlement
// agreement, installments 分次缴纳): a total more than 0 to the fen, 2 to 60
// instalments due on strictly increasing days from today on, each more than
// 0, adding up EXACTLY to the total — compared as integer fen, never floats —
// and a note of at most 2000 characters. Whether the total exceeds what is
// owed is the server's to say (it reads the ledger at that moment); the form
// only warns with the figure it shows.
import type { TFunction } from 'i18next';

import { centsToDecimal, parseCents, positiveAmountProblem } from '../../lib/money-input';
import { amountMessage, isCalendarDate, tooLong } from '../../lib/rule-messages';

export const INSTALLMENT_LIMITS = { minInstalments: 2, maxInstalments: 60, note: 2000 } as const;

export interface InstalmentDraft {
  readonly dueOn: string;
  readonly amount: string;
}

export interface PlanDraft {
  readonly serviceAccountId: string;
  readonly total: string;
  readonly note: string;
  readonly instalments: readonly InstalmentDraft[];
}

/** Error keys as the server names them: `total`, `instalments`, `instalments.2.dueOn`, … */
export type PlanErrors = Record<string, string>;

export function instalmentField(index: number, part: 'dueOn' | 'amount'): string {
  return `instalments.${index}.${part}`;
}

/** The instalments' sum in fen, or null while one of them is not a valid amount. */
export function instalmentsSumCents(items: readonly InstalmentDraft[]): bigint | null {
  let sum = 0n;
  for (const item of items) {
    const cents = parseCents(item.amount);
    if (cents === null) return null;
    sum += cents;
  }
  return sum;
}

/** A balance as the API gives it (AccountBalance), Decimal strings. */
export interface OwedBalance {
  readonly balance: string;
  readonly credit: string;
  readonly arrears: string;
}

/**
 * What may be put in a plan, in fen: the balance less unapplied credit, or the
 * arrears if larger — the server's ceiling for the total (installment.service.ts
 * agree). Signed Decimal strings from the API; null when unreadable.
 */
export function owedCents(b: OwedBalance): bigint | null {
  const balance = signedCents(b.balance);
  const credit = signedCents(b.credit);
  const arrears = signedCents(b.arrears);
  if (balance === null || credit === null || arrears === null) return null;
  const net = balance - credit;
  return net > arrears ? net : arrears;
}

function signedCents(text: string): bigint | null {
  const negative = text.startsWith('-');
  const cents = parseCents(negative ? text.slice(1) : text);
  return cents === null ? null : negative ? -cents : cents;
}

export function planProblems(draft: PlanDraft, today: string, t: TFunction): PlanErrors {
  const found: PlanErrors = {};
  const totalProblem = positiveAmountProblem(draft.total);
  if (totalProblem) found['total'] = amountMessage(t, totalProblem);

  const items = draft.instalments;
  const { minInstalments: min, maxInstalments: max } = INSTALLMENT_LIMITS;
  if (items.length < min || items.length > max) found['instalments'] = t('installmentPlan.errors.count', { min, max });
  items.forEach((item, i) => {
    const dueField = instalmentField(i, 'dueOn');
    if (!item.dueOn) found[dueField] = t('forms.errors.required');
    else if (!isCalendarDate(item.dueOn)) found[dueField] = t('fieldRules.date');
    else if (item.dueOn < today) found[dueField] = t('fieldRules.notPast', { day: today });
    else if (i > 0 && items[i - 1]!.dueOn && item.dueOn <= items[i - 1]!.dueOn) found[dueField] = t('installmentPlan.errors.ascending');
    const amountProblem = positiveAmountProblem(item.amount);
    if (amountProblem) found[instalmentField(i, 'amount')] = amountMessage(t, amountProblem);
  });

  const total = parseCents(draft.total);
  const sum = instalmentsSumCents(items);
  if (!found['instalments'] && total !== null && sum !== null && sum !== total) {
    const difference = sum - total;
    found['instalments'] = t('installmentPlan.errors.sum', {
      total: centsToDecimal(total),
      sum: centsToDecimal(sum),
      difference: `${difference > 0n ? '+' : ''}${centsToDecimal(difference)}`,
    });
  }
  if (draft.note.length > INSTALLMENT_LIMITS.note) found['note'] = tooLong(t, INSTALLMENT_LIMITS.note);
  return found;
}
