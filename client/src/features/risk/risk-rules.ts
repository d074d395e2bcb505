// The rules of putOnRiskLedger / takeOffRiskLedger (风险客户台账) checked
// before sending, the same as the server's (server/src/modules/risk/dto/
// risk.inputs.ts and risk.service.ts checkPlan; DOMAIN.md "Risk customers":
// a level, a reason, a leader in charge 包保领导 and a plan 一户一策 of 1 to 20
// actions, each 1–500 characters with a due date; a reason to take it off).
import type { TFunction } from 'i18next';

import { isCalendarDate, tooLong } from '../../lib/rule-messages';

export const RISK_LIMITS = { reason: 1000, action: 500, minActions: 1, maxActions: 20 } as const;

export interface RiskActionDraft {
  readonly action: string;
  readonly dueOn: string;
}

export interface PutOnLedgerDraft {
  readonly level: string;
  readonly reason: string;
  readonly responsibleLeaderId: string;
  readonly plan: readonly RiskActionDraft[];
}

/** Error keys as the server names them: `reason`, `plan`, `plan.0.action`, … */
export type RiskErrors = Record<string, string>;

export function planField(index: number, part: 'action' | 'dueOn'): string {
  return `plan.${index}.${part}`;
}

function reasonProblem(reason: string, t: TFunction): string | null {
  if (!reason.trim()) return t('forms.errors.required');
  if (reason.length > RISK_LIMITS.reason) return tooLong(t, RISK_LIMITS.reason);
  return null;
}

export function putOnLedgerProblems(draft: PutOnLedgerDraft, t: TFunction): RiskErrors {
  const found: RiskErrors = {};
  if (!draft.level) found['level'] = t('forms.errors.required');
  const reason = reasonProblem(draft.reason, t);
  if (reason) found['reason'] = reason;
  if (!draft.responsibleLeaderId) found['responsibleLeaderId'] = t('forms.errors.required');
  const { minActions: min, maxActions: max } = RISK_LIMITS;
  if (draft.plan.length < min || draft.plan.length > max) found['plan'] = t('risk.errors.planCount', { min, max });
  draft.plan.forEach((item, i) => {
    if (!item.action.trim()) found[planField(i, 'action')] = t('forms.errors.required');
    else if (item.action.length > RISK_LIMITS.action) found[planField(i, 'action')] = tooLong(t, RISK_LIMITS.action);
    if (!item.dueOn) found[planField(i, 'dueOn')] = t('forms.errors.required');
    else if (!isCalendarDate(item.dueOn)) found[planField(i, 'dueOn')] = t('fieldRules.date');
  });
  return found;
}

export function takeOffLedgerProblems(draft: { readonly reason: string }, t: TFunction): RiskErrors {
  const reason = reasonProblem(draft.reason, t);
  return reason ? { reason } : {};
}
