/** Errors the receivables module raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';

export const ReceivablesErrors = {
  accountNotFound: () => AppError.notFound('ServiceAccount'),
  billNotFound: () => AppError.notFound('Bill'),
  paymentNotFound: () => AppError.notFound('Payment'),
  orgUnitNotFound: () => AppError.notFound('OrgUnit'),
  idempotencyMismatch: () =>
    new AppError(ErrorCode.CONFLICT, 'This idempotencyKey was already used with a different input', [
      { field: 'idempotencyKey', message: 'was already used with a different input' },
    ]),
  billExists: (field: string) =>
    new AppError(ErrorCode.CONFLICT, 'A bill with this source system and external id already exists', [
      { field, message: 'is already recorded for this source system' },
    ]),
  referenceExists: (field: string) =>
    new AppError(ErrorCode.CONFLICT, 'A payment with this channel and external reference already exists', [
      { field, message: 'is already recorded for this channel' },
    ]),
  bad: (field: string, message: string) => AppError.badInput([{ field, message }]),
};

/** The same error with its fields moved under `prefix` (`items.3.amount`). */
export function prefixed(error: unknown, prefix: string): unknown {
  if (!(error instanceof AppError)) return error;
  const fields = error.fields.map((f) => ({ field: `${prefix}.${f.field}`, message: f.message }));
  return new AppError(error.code, fields.length ? `${error.message} (${prefix})` : error.message, fields, error.details);
}
