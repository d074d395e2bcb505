/** Errors the installments module raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';

export const InstallmentErrors = {
  planNotFound: () => AppError.notFound('InstallmentPlan'),
  instalmentNotFound: () => AppError.notFound('Instalment'),
  accountNotFound: () => AppError.notFound('ServiceAccount'),
  activePlanExists: (field: string) =>
    new AppError(ErrorCode.CONFLICT, 'An active installment plan already covers this customer or service account', [
      { field, message: 'already has an active installment plan; cancel it first' },
    ]),
  planNotActive: (field: string, status: string) =>
    new AppError(ErrorCode.CONFLICT, `The installment plan is ${status}, not ACTIVE`, [{ field, message: `belongs to a plan that is ${status}` }]),
  instalmentNotDue: (status: string) =>
    new AppError(ErrorCode.CONFLICT, `The instalment is ${status}, not DUE`, [{ field: 'instalmentId', message: `is ${status}` }]),
  bad: (field: string, message: string) => AppError.badInput([{ field, message }]),
};
