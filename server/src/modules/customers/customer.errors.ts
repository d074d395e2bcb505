/** Errors the customer module raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';
import type { CustomerStatus } from './customer.enums.js';

export const CustomerErrors = {
  notFound: () => AppError.notFound('Customer'),
  orgUnitMissing: (field: string) => AppError.badInput([{ field, message: 'does not exist' }]),
  repMissing: (field: string) => AppError.badInput([{ field, message: 'does not exist' }]),
  repNotEligible: (field: string) =>
    AppError.badInput([{ field, message: "must be a REP or LEAD of the customer's org unit or one above it" }]),
  usccRequired: () =>
    AppError.badInput([{ field: 'uscc', message: 'is required once a customer is ACTIVE, SUSPENDED or CLOSED' }]),
  usccTaken: () =>
    new AppError(ErrorCode.CONFLICT, 'Another customer already has this USCC', [
      { field: 'uscc', message: 'is already registered to another customer' },
    ]),
  negativeConsumption: () =>
    AppError.badInput([{ field: 'estimatedMonthlyConsumption', message: 'must not be negative' }]),
  badTransition: (from: CustomerStatus, to: CustomerStatus) =>
    AppError.badInput([{ field: 'status', message: `cannot move from ${from} to ${to}` }]),
  blankField: (field: string) => AppError.badInput([{ field, message: 'must not be empty' }]),
};
