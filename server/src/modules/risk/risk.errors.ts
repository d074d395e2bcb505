/** Errors the risk-ledger module raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';

export const RiskErrors = {
  notFound: () => AppError.notFound('RiskEntry'),
  alreadyOnLedger: () =>
    new AppError(ErrorCode.CONFLICT, 'The customer is already on the risk ledger', [
      { field: 'customerId', message: 'is already on the risk ledger; change its plan with updateRiskPlan' },
    ]),
  notOnLedger: () => AppError.badInput([{ field: 'customerId', message: 'is not on the risk ledger' }]),
  entryClosed: () => AppError.badInput([{ field: 'entryId', message: 'is closed; put the customer on the ledger again to open a new entry' }]),
  leaderMissing: () => AppError.badInput([{ field: 'responsibleLeaderId', message: 'does not exist' }]),
  leaderNotEligible: () =>
    AppError.badInput([{ field: 'responsibleLeaderId', message: "must be an active LEAD or ADMIN of the customer's org unit or one above it" }]),
  blankField: (field: string) => AppError.badInput([{ field, message: 'must not be empty' }]),
  emptyPlan: () => AppError.badInput([{ field: 'plan', message: 'must list at least one action (一户一策)' }]),
  doneInFuture: (index: number) => AppError.badInput([{ field: `plan.${index}.doneOn`, message: 'must not be in the future' }]),
};
