/** Errors the contract module raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';
import type { ContractStatus } from './contract.entity.js';

export const ContractErrors = {
  notFound: () => AppError.notFound('Contract'),
  numberTaken: (number: string) =>
    new AppError(ErrorCode.CONFLICT, `Contract number ${number} is already used`, [
      { field: 'number', message: `${number} is already used by another contract` },
    ]),
  /** A lifecycle move the contract's status does not allow. */
  wrongStatus: (status: ContractStatus, allowed: string) =>
    AppError.badInput([{ field: 'id', message: `is ${status}; ${allowed}` }]),
  settlementCycleRequired: () =>
    AppError.badInput([{ field: 'settlementCycle', message: 'is required for a supply contract (GAS_SUPPLY, POWER_SUPPLY, HEAT_SUPPLY)' }]),
  endsBeforeStart: (field = 'endsOn') => AppError.badInput([{ field, message: 'must not be before startsOn' }]),
  endsBeforeSigned: () => AppError.badInput([{ field: 'endsOn', message: 'must not be before signedOn' }]),
  prepaymentPeriodsRange: () => AppError.badInput([{ field: 'prepaymentPeriods', message: 'must be between 0 and 12' }]),
  negativePrepayment: () => AppError.badInput([{ field: 'prepaymentAmount', message: 'must not be negative' }]),
  serviceAccountNotOfCustomer: () =>
    AppError.badInput([{ field: 'serviceAccountId', message: 'does not exist or belongs to another customer' }]),
  inFuture: (field: string) => AppError.badInput([{ field, message: 'must not be in the future' }]),
  inPast: (field: string) => AppError.badInput([{ field, message: 'must not be in the past' }]),
  afterEnd: (field: string) => AppError.badInput([{ field, message: 'must not be after endsOn' }]),
  notLater: (current: string) => AppError.badInput([{ field: 'endsOn', message: `must be later than the current end ${current}` }]),
  openEnded: () => AppError.badInput([{ field: 'id', message: 'is open-ended; there is no end date to renew' }]),
  blankField: (field: string) => AppError.badInput([{ field, message: 'must not be empty' }]),
  withinDaysRange: () => AppError.badInput([{ field: 'withinDays', message: 'must be between 1 and 365' }]),
};
