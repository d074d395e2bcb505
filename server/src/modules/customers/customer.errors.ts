/** Errors the customer module raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';
import type { CustomerStatus } from './customer.enums.js';

export const CustomerErrors = {
  notFound: () => AppError.notFound('Customer'),
  orgUnitMissing: (field: string) => AppError.badInput([{ field, message: 'does not exist' }]),
  repMissing: (field: string) => AppError.badInput([{ field, message: 'does not exist' }]),
  repNotEligible: (field: string) =>
    AppError.badInput([{ field, message: "must be a REP or LEAD of the customer's org unit or one above it" }]),
  leaderNotEligible: (field: string) =>
    AppError.badInput([{ field, message: "must be a LEAD or ADMIN of the customer's org unit or one above it" }]),
  userDisabled: (field: string) => AppError.badInput([{ field, message: 'is disabled' }]),
  usccRequired: (field = 'uscc') =>
    AppError.badInput([{ field, message: 'is required once a customer is ACTIVE or SUSPENDED, or CLOSED after being developed' }]),
  usccTaken: () =>
    new AppError(ErrorCode.CONFLICT, 'Another customer already has this USCC', [
      { field: 'uscc', message: 'is already registered to another customer' },
    ]),
  negativeConsumption: () =>
    AppError.badInput([{ field: 'estimatedMonthlyConsumption', message: 'must not be negative' }]),
  badTransition: (from: CustomerStatus, to: CustomerStatus) =>
    AppError.badInput([{ field: 'status', message: `cannot move from ${from} to ${to}` }]),
  reasonRequired: (to: CustomerStatus) =>
    AppError.badInput([{ field: 'statusReason', message: `is required to move a customer to ${to}` }]),
  blankField: (field: string) => AppError.badInput([{ field, message: 'must not be empty' }]),
  referrerMissing: () => AppError.badInput([{ field: 'referredById', message: 'does not exist' }]),
  referrerIsSelf: () => AppError.badInput([{ field: 'referredById', message: 'must be another customer' }]),
  referralCycle: () =>
    AppError.badInput([{ field: 'referredById', message: 'was itself referred, directly or through others, by this customer' }]),
  referralNeedsSource: () =>
    AppError.badInput([{ field: 'source', message: 'must be REFERRAL when the customer was referred by another (referredById)' }]),
  coordinateOutOfRange: (field: 'latitude' | 'longitude') =>
    AppError.badInput([{ field, message: field === 'latitude' ? 'must be between -90 and 90' : 'must be between -180 and 180' }]),
  coordinatesIncomplete: (missing: 'latitude' | 'longitude') =>
    AppError.badInput([{ field: missing, message: `must be given together with ${missing === 'latitude' ? 'longitude' : 'latitude'}` }]),
  dishonestyReasonRequired: () =>
    AppError.badInput([{ field: 'reason', message: 'is required to put a customer on the dishonesty list' }]),
  notAProspect: (status: CustomerStatus) =>
    AppError.badInput([{ field: 'customerId', message: `is ${status}, not a prospect (PROSPECT, CONTACTED or NEGOTIATING)` }]),
  convertTier: () => AppError.badInput([{ field: 'tier', message: 'must be the tier of a developed customer, not PROSPECT' }]),
  stationMissing: (field: string) => AppError.badInput([{ field, message: 'does not exist' }]),
  stationWithoutCoordinates: (field: string) =>
    AppError.badInput([{ field, message: 'has no coordinates: set its latitude and longitude first' }]),
  badCursor: () => AppError.badInput([{ field: 'after', message: 'is not a cursor from this list' }]),
  badDateRange: () => AppError.badInput([{ field: 'filter.developedTo', message: 'must not be before developedFrom' }]),
};
