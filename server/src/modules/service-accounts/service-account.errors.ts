/** Errors the service-account module raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';
import type { ServiceAccountStatus } from './service-account.entity.js';

export const ACCOUNT_NUMBER_MESSAGE = 'must be 8 to 20 digits';

export const ServiceAccountErrors = {
  notFound: () => AppError.notFound('ServiceAccount'),
  accountNumberTaken: () =>
    new AppError(ErrorCode.CONFLICT, 'Another service account already has this account number', [
      { field: 'accountNumber', message: 'is already in use' },
    ]),
  badAccountNumber: () => AppError.badInput([{ field: 'accountNumber', message: ACCOUNT_NUMBER_MESSAGE }]),
  orgUnitMissing: () => AppError.badInput([{ field: 'orgUnitId', message: 'does not exist' }]),
  orgUnitNotStation: () => AppError.badInput([{ field: 'orgUnitId', message: 'must be a station 站/营业所' }]),
  customerClosed: () => AppError.badInput([{ field: 'customerId', message: 'is a CLOSED customer 销户; it gets no new service accounts' }]),
  accountClosed: () => AppError.badInput([{ field: 'id', message: 'is a CLOSED account 销户; it can no longer change' }]),
  blankField: (field: string) => AppError.badInput([{ field, message: 'must not be empty' }]),
  badTransition: (from: ServiceAccountStatus, to: ServiceAccountStatus) =>
    AppError.badInput([{ field: 'status', message: from === to ? `is already ${to}` : `cannot move from ${from} to ${to}` }]),
};
